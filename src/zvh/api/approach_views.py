"""The plan of approach for systems (issue 13, item 8): read the current version (a system of the
Veiligheidshuis: the whole plan; a partner with a role in it: only its part), and save a new
version with ``If-Match`` (the plan's version number as its ETag) and an ``Idempotency-Key``.
Reads start from the approach selectors and writes call the service the pages call."""

from typing import Any, cast

from django.http import Http404
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.access_log.enums import EventType
from zvh.accounts.models import User
from zvh.approach import selectors
from zvh.approach.models import Plan, PlanAgreement, PlanEntry, PlanVersion
from zvh.approach.services.common import log_direction
from zvh.approach.services.plans import EntryInput, PlanInput, plan_version_create
from zvh.approach.services.sharing import plan_part_viewed
from zvh.casework.models import Case
from zvh.common.client_address import client_address

from .concurrency import require_if_match, set_etag
from .idempotency import idempotent
from .permissions import IsApiClient
from .schema import described
from .views import ApiViewMixin

APPROACH = ["Integrated approach"]


class EntrySerializer(serializers.ModelSerializer):
    life_domain = serializers.CharField(source="life_domain.name", read_only=True)

    class Meta:
        model = PlanEntry
        fields = ["person_id", "life_domain_id", "life_domain", "situation", "goal", "start_score"]


class PlanAgreementSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="agreement.public_id", read_only=True)
    action = serializers.CharField(source="agreement.action", read_only=True)
    owner_organisation = serializers.CharField(
        source="agreement.owner_organisation.name", read_only=True
    )
    due_on = serializers.DateField(source="agreement.due_on", read_only=True)
    state = serializers.CharField(source="agreement.state", read_only=True)

    class Meta:
        model = PlanAgreement
        fields = [
            "id",
            "person_id",
            "life_domain_id",
            "action",
            "owner_organisation",
            "due_on",
            "state",
        ]


class PlanReadSerializer(serializers.Serializer):
    case_reference = serializers.CharField()
    version = serializers.IntegerField(help_text="Also the `ETag`; send it as `If-Match`.")
    form = serializers.CharField(allow_blank=True)
    measure = serializers.CharField(allow_blank=True)
    measure_ends_on = serializers.DateField(allow_null=True)
    next_evaluation_on = serializers.DateField(allow_null=True)
    entries = EntrySerializer(many=True)
    agreements = PlanAgreementSerializer(many=True)


class EntryInputSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    life_domain_id = serializers.IntegerField()
    situation = serializers.CharField(allow_blank=True, required=False, default="")
    goal = serializers.CharField(allow_blank=True, required=False, default="")
    start_score = serializers.IntegerField(allow_null=True, required=False, default=None)


class PlanWriteSerializer(serializers.Serializer):
    form = serializers.CharField(
        help_text="voluntary, drang or dwang (the service refuses anything else)."
    )
    measure_id = serializers.IntegerField(allow_null=True, required=False, default=None)
    measure_ends_on = serializers.DateField(allow_null=True, required=False, default=None)
    next_evaluation_on = serializers.DateField(allow_null=True, required=False, default=None)
    change_note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=300
    )
    entries = EntryInputSerializer(many=True)


def _user(request: Request) -> User:
    return cast(User, request.user)


def _body(
    *, case: Case, version: PlanVersion | None, entries: list[PlanEntry], links: list[Any]
) -> dict[str, Any]:
    return PlanReadSerializer(
        {
            "case_reference": case.reference,
            "version": version.number if version else 0,
            "form": version.form if version else "",
            "measure": str(version.measure) if version and version.measure else "",
            "measure_ends_on": version.measure_ends_on if version else None,
            "next_evaluation_on": version.next_evaluation_on if version else None,
            "entries": entries,
            "agreements": links,
        }
    ).data


@described(
    "get", "Read a case's plan of approach", tags=APPROACH, responses={200: PlanReadSerializer}
)
class PlanView(ApiViewMixin, APIView):
    """A system of the case's Veiligheidshuis reads the current version of the whole plan; a
    partner whose organisation has a role in it (owns one of its agreements, or the
    procesregisseur shared life domains with it) reads only the goals in those domains and its
    own agreements (and the read is recorded in the case's sharing record). Anyone else gets
    404. The `ETag` is the plan's version."""

    permission_classes = [IsApiClient]

    def get(self, request: Request, public_id: Any) -> Response:
        user, address = _user(request), client_address(request)
        try:
            case = selectors.case_for_plan(user=user, public_id=public_id)
        except Http404:
            view = selectors.partner_view(user=user, public_id=public_id)
            plan_part_viewed(
                case=view.case,
                domain_names=view.domain_names,
                agreements=len(view.agreements),
                by=user,
                now=timezone.now(),
                client_address=address,
            )
            entries = [entry for goals in view.goals for entry in goals.entries]
            body = _body(
                case=view.case, version=view.version, entries=entries, links=view.agreements
            )
            return set_etag(Response(body), version=body["version"])
        page = selectors.plan_page(case)
        log_direction(by=user, case=case, client_address=address, event_type=EventType.VIEW)
        entries = [entry for goals in page.goals for entry in goals.entries]
        body = _body(case=case, version=page.version, entries=entries, links=page.agreements)
        return set_etag(Response(body), version=page.current_number)


@described(
    "post",
    "Save a new version of a case's plan of approach",
    tags=APPROACH,
    request=PlanWriteSerializer,
    responses={201: PlanReadSerializer},
)
class PlanVersionCreateView(ApiViewMixin, APIView):
    """For a procesregisseur's system of the case's Veiligheidshuis: the whole plan as it should
    be from now on (every entry a person of the case and a life domain of the house, a goal
    and a start score from 1 to 5; drang and dwang a measure from the house's list, dwang also
    its end date). `If-Match` carries the ETag of the version it was made from (`"0"` for the
    first); a stale one is a 412 and nothing is saved."""

    permission_classes = [IsApiClient]
    if_match_methods = ("POST",)

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        user = _user(request)
        case = selectors.case_for_plan(user=user, public_id=public_id)
        current = Plan.objects.filter(case=case).values_list("current_number", flat=True).first()
        require_if_match(request, current_version=current or 0)
        body = PlanWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version = plan_version_create(
            case=case,
            data=PlanInput(
                form=data["form"],
                entries=[EntryInput(**entry) for entry in data["entries"]],
                measure_id=data["measure_id"],
                measure_ends_on=data["measure_ends_on"],
                next_evaluation_on=data["next_evaluation_on"],
                change_note=data["change_note"],
            ),
            base_version=current or 0,
            by=user,
            now=timezone.now(),
            client_address=client_address(request),
        )
        entries = selectors.version_entries(version)
        links = selectors.plan_links(version.plan)
        response = Response(
            _body(case=case, version=version, entries=entries, links=links), status=201
        )
        return set_etag(response, version=version.number)
