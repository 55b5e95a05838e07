"""The meldpunt endpoints: an API client acting as a screener of its Veiligheidshuis works the
queue, reads registrations in full, records screening answers, asks for information and decides.

Every read starts from the meldpunt selectors (``meldpunt_queue``, ``meldpunt_registration``,
``registrations_for_meldpunt``): the client's own Veiligheidshuis's submitted registrations, and a
404 for anything else. Every write calls the web UI's service with ``by=request.user``, inside
the request's transaction, after ``locked_for_write`` checked ``If-Match`` on the locked row.

Access logging (purpose triage, ``zvh.api.access``): the queue is logged as a search concerning
the registrations it lists (page, due soon, overdue) and their main persons, as the web queue
is; every response showing a registration as a view of it, its persons and the "already known"
registrations and persons it shows; refusals as denied.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from zvh.access_log.enums import EventType, Purpose
from zvh.network.models import Municipality, SelectionCriterion, TargetGroup
from zvh.registrations.models import Registration
from zvh.registrations.selectors import registrations_for_meldpunt
from zvh.registrations.status import OPEN_STATUSES
from zvh.triage.selectors import (
    DEFAULT_SORT,
    QueueFilters,
    known_persons,
    meldpunt_queue,
    meldpunt_registration,
    partner_organisations,
    procesregisseurs,
)
from zvh.triage.services import (
    CriterionAnswer,
    DecisionInput,
    information_request_create,
    registration_decide,
    screening_answers_save,
)

from .access import AccessLoggedMixin, log_api_read
from .concurrency import locked_for_write, set_etag
from .idempotency import idempotent
from .meldpunt_serializers import (
    DecisionInputSerializer,
    InformationRequestInputSerializer,
    MeldpuntOptionsSerializer,
    MeldpuntRegistrationSerializer,
    QueueFilterSerializer,
    QueueSerializer,
    ScreeningInputSerializer,
)
from .permissions import IsScreenerClient
from .problems import InvalidQuery, field_error
from .schema import answering, described
from .views import ApiViewMixin, validated_query

MELDPUNT = ["Meldpunt"]
#: The writes on a registration answer it as a whole.
registration_step = answering(MeldpuntRegistrationSerializer, tags=MELDPUNT)
NOT_ALLOWED = "This is not one of the allowed values."


def meldpunt_response(request: Request, registration: Registration) -> Response:
    """The registration in full, as the meldpunt reads it, with its ETag; logged as a view of
    the registration, its persons and the earlier registrations and persons it shows."""
    fresh = meldpunt_registration(user=request.user, public_id=registration.public_id)
    known = known_persons(registration=fresh)
    matches = [match for item in known for match in item.matches]
    log_api_read(
        request,
        registrations=[fresh, *(match.registration for match in matches)],
        persons=[*fresh.persons.all(), *(match.person for match in matches)],
        purpose=Purpose.TRIAGE,
    )
    context = {"now": timezone.now(), "known": known}
    data = MeldpuntRegistrationSerializer(fresh, context=context).data
    return set_etag(Response(data), version=fresh.version)


class MeldpuntView(AccessLoggedMixin, ApiViewMixin):
    """A meldpunt endpoint: refusals are logged as denied for purpose triage."""

    access_purpose = Purpose.TRIAGE
    access_events = {"GET": EventType.VIEW, "POST": EventType.UPDATE}


def _locked(request: Request, public_id: Any) -> Registration:
    return locked_for_write(
        registrations_for_meldpunt(request.user), request=request, public_id=public_id
    )


class MeldpuntActionView(MeldpuntView, APIView):
    """A POST acting on one registration: the row locked after ``If-Match``
    (``locked_for_write``), the body checked by ``input_serializer``, the web UI's service called
    by ``act``; the answer is the registration as the meldpunt reads it."""

    permission_classes = [IsScreenerClient]
    if_match_methods = ("POST",)
    input_serializer: type[serializers.Serializer]

    def act(self, request: Request, registration: Registration, data: dict) -> None:
        raise NotImplementedError

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        registration = _locked(request, public_id)
        body = self.input_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        self.act(request, registration, body.validated_data)
        return meldpunt_response(request, registration)


def _invalid_filter(name: str) -> InvalidQuery:
    error = field_error((name,), NOT_ALLOWED, "invalid_choice")
    error["pointer"] = None
    return InvalidQuery(errors=[error])


def queue_filters(request: Request) -> QueueFilters:
    """The query parameters as the web queue's filters; codes are resolved within the client's
    Veiligheidshuis, and a value the web queue does not offer is a 400."""
    query = validated_query(QueueFilterSerializer, request)
    vh = request.user.veiligheidshuis
    target_group_id = municipality_id = organisation_id = None
    if "target_group" in query:
        target_group = TargetGroup.objects.filter(
            veiligheidshuis=vh, code=query["target_group"]
        ).first()
        if target_group is None:
            raise _invalid_filter("target_group")
        target_group_id = target_group.pk
    if "municipality" in query:
        municipality = Municipality.objects.filter(
            veiligheidshuis=vh, cbs_code=query["municipality"].upper()
        ).first()
        if municipality is None:
            raise _invalid_filter("municipality")
        municipality_id = municipality.pk
    if "organisation" in query:
        if not partner_organisations(veiligheidshuis=vh).filter(pk=query["organisation"]).exists():
            raise _invalid_filter("organisation")
        organisation_id = query["organisation"]
    return QueueFilters(
        status=query.get("status"),
        target_group_id=target_group_id,
        municipality_id=municipality_id,
        organisation_id=organisation_id,
        urgency=query.get("urgency"),
        assigned=query.get("assigned", ""),
        everything=query.get("all_statuses", False),
        search=query.get("q", ""),
        sort=query.get("sort", DEFAULT_SORT),
        page=query.get("page", 1),
    )


@described(
    "get",
    "The meldpunt's queue",
    tags=MELDPUNT,
    parameters=[QueueFilterSerializer],
    responses={200: QueueSerializer},
)
class QueueView(MeldpuntView, APIView):
    """The open registrations (received, screening, waiting for information) of the client's
    Veiligheidshuis (every status with `all_statuses`), with the same filters, search and
    orders as the web queue: urgent first, then earliest reply deadline, unless `sort` says
    otherwise; 25 per page. `due_soon` and `overdue` list every open registration needing
    attention, whatever the filters (those waiting for information are left out: their clock
    stands still)."""

    permission_classes = [IsScreenerClient]
    query_serializer = QueueFilterSerializer
    access_events = {"GET": EventType.SEARCH}

    def get(self, request: Request) -> Response:
        filters = queue_filters(request)
        now = timezone.now()
        queue = meldpunt_queue(user=request.user, filters=filters, now=now)
        page = queue.page
        if filters.page > page.paginator.num_pages:
            raise NotFound()
        url = request.build_absolute_uri()
        previous = None
        if page.has_previous():
            number = page.previous_page_number()
            previous = (
                remove_query_param(url, "page")
                if number == 1
                else replace_query_param(url, "page", number)
            )
        next_url = None
        if page.has_next():
            next_url = replace_query_param(url, "page", page.next_page_number())
        data = {
            "count": page.paginator.count,
            "next": next_url,
            "previous": previous,
            "results": queue.rows,
            "due_soon": queue.due_soon,
            "overdue": queue.overdue,
        }
        shown = [row for rows in (queue.rows, queue.due_soon, queue.overdue) for row in rows]
        log_api_read(
            request,
            registrations=[row.registration for row in shown],
            persons=[row.main_person for row in shown if row.main_person is not None],
            event_type=EventType.SEARCH,
            purpose=Purpose.TRIAGE,
        )
        return Response(QueueSerializer(data).data)


@described(
    "get",
    "What the meldpunt may choose from",
    tags=MELDPUNT,
    responses={200: MeldpuntOptionsSerializer},
)
class OptionsView(MeldpuntView, APIView):
    """For the client's Veiligheidshuis: the queue's filter values, and the partner organisations
    and procesregisseurs a decision may name, and the screening criteria (answered by their
    `id`)."""

    permission_classes = [IsScreenerClient]

    def get(self, request: Request) -> Response:
        vh = request.user.veiligheidshuis
        data = {
            "veiligheidshuis": vh.code,
            "statuses": [s.value for s in sorted(OPEN_STATUSES)],
            "target_groups": TargetGroup.objects.filter(veiligheidshuis=vh).order_by("code"),
            "municipalities": Municipality.objects.filter(veiligheidshuis=vh).order_by("cbs_code"),
            "organisations": partner_organisations(veiligheidshuis=vh).order_by("name", "pk"),
            "procesregisseurs": [
                {"id": user.pk, "name": user.get_full_name() or user.username}
                for user in procesregisseurs(veiligheidshuis=vh)
            ],
            "criteria": SelectionCriterion.objects.filter(veiligheidshuis=vh).order_by("position"),
        }
        return Response(MeldpuntOptionsSerializer(data).data)


@described(
    "get",
    "Read a registration in full",
    tags=MELDPUNT,
    responses={200: MeldpuntRegistrationSerializer},
)
class MeldpuntRegistrationView(MeldpuntView, APIView):
    """Everything the meldpunt's page shows: the registration, its attachments, the deadline,
    screening answers, requests for information, the decision, the history and the persons
    already known from earlier registrations at this Veiligheidshuis."""

    permission_classes = [IsScreenerClient]

    def get(self, request: Request, public_id: Any) -> Response:
        registration = meldpunt_registration(user=request.user, public_id=public_id)
        return meldpunt_response(request, registration)


def _screening_errors(
    error: DjangoValidationError, answers: list[dict], *, registration: Registration
) -> DjangoValidationError:
    """The service keys refusals ``criteria.<id>.answer``/``.motivation`` (and ``criteria`` for
    an answer to another house's criterion); the API names them by their place in the request
    (``answers.<n>.answer``), or ``answers`` when the criterion is missing, and every message
    names the criterion's id (which ``/meldpunt/options/`` and ``/veiligheidshuizen/{code}/``
    publish). An answer to a criterion of another Veiligheidshuis is refused on its
    ``answers.<n>.criterion``."""
    if not hasattr(error, "error_dict"):
        return error
    index = {item["criterion"]: n for n, item in enumerate(answers)}
    remapped: dict[str, list] = {}
    for name, errors in error.error_dict.items():
        parts = name.split(".")
        if parts[0] == "criteria" and len(parts) == 3 and parts[1].isdigit():
            n = index.get(int(parts[1]))
            key = "answers" if n is None else f"answers.{n}.{parts[2]}"
            messages = [f"Criterion {parts[1]}: {message}" for e in errors for message in e]
            remapped.setdefault(key, []).extend(messages)
        elif name == "criteria":
            own = set(
                SelectionCriterion.objects.filter(
                    veiligheidshuis_id=registration.veiligheidshuis_id
                ).values_list("pk", flat=True)
            )
            foreign = {n: c for c, n in index.items() if c not in own}
            for n, criterion_id in sorted(foreign.items()):
                remapped.setdefault(f"answers.{n}.criterion", []).append(
                    f"Criterion {criterion_id} is not a criterion of this "
                    "Veiligheidshuis; see /meldpunt/options/."
                )
            if not foreign:
                remapped.setdefault("answers", []).extend(errors)
        else:
            remapped.setdefault(name, []).extend(errors)
    return DjangoValidationError(remapped)


@registration_step("Record the screening answers", request=ScreeningInputSerializer)
class ScreeningView(MeldpuntActionView):
    """Answer selection criteria of the Veiligheidshuis with yes or no and a motivation
    (internal: the registrant never sees them). Each criterion is saved on its own: the ones
    left out keep what they had. Answers can be changed until the registration is decided,
    which needs every criterion answered; saving on a received registration starts screening."""

    input_serializer = ScreeningInputSerializer

    def act(self, request: Request, registration: Registration, data: dict) -> None:
        answers = data["answers"]
        try:
            screening_answers_save(
                registration=registration,
                by=request.user,
                answers={
                    item["criterion"]: CriterionAnswer(
                        answer=item["answer"], motivation=item["motivation"]
                    )
                    for item in answers
                },
                now=timezone.now(),
            )
        except DjangoValidationError as error:
            raise _screening_errors(error, answers, registration=registration) from None


@registration_step("Ask the registrant for information", request=InformationRequestInputSerializer)
class InformationRequestView(MeldpuntActionView):
    """From received or screening: the registration waits for information and the reply deadline
    stands still until the registrant answers. The registrant is told."""

    input_serializer = InformationRequestInputSerializer

    def act(self, request: Request, registration: Registration, data: dict) -> None:
        information_request_create(
            registration=registration,
            by=request.user,
            question=data["question"],
            now=timezone.now(),
        )


def decision_input(data: dict, *, registration: Registration) -> DecisionInput:
    """The decision's references resolved within the registration's Veiligheidshuis, the same
    choices the web form offers; anything else is refused on its field."""
    vh = registration.veiligheidshuis
    partners = partner_organisations(veiligheidshuis=vh)
    errors: dict[str, list] = {}

    def refuse(name: str) -> None:
        errors[name] = [serializers.ErrorDetail(NOT_ALLOWED, code="invalid_choice")]

    receiving = None
    if data["receiving_organisation"] is not None:
        receiving = partners.filter(pk=data["receiving_organisation"]).first()
        if receiving is None:
            refuse("receiving_organisation")
    invited = list(partners.filter(pk__in=data["consultation_partners"]))
    if len(invited) != len(set(data["consultation_partners"])):
        refuse("consultation_partners")
    regisseur = None
    if data["procesregisseur"] is not None:
        regisseur = procesregisseurs(veiligheidshuis=vh).filter(pk=data["procesregisseur"]).first()
        if regisseur is None:
            refuse("procesregisseur")
    if errors:
        raise serializers.ValidationError(errors)
    return DecisionInput(
        outcome=data["outcome"],
        motivation=data["motivation"],
        message_to_registrant=data["message_to_registrant"],
        receiving_organisation=receiving,
        receiving_organisation_name=data["receiving_organisation_name"],
        advice=data["advice"],
        consultation_date=data["consultation_date"],
        consultation_partners=tuple(invited),
        approach_mode=data["approach_mode"],
        procesregisseur=regisseur,
    )


@registration_step("Decide", request=DecisionInputSerializer)
class DecisionView(MeldpuntActionView):
    """Decide a received or screened registration, once every selection criterion is answered
    (else 422 with `criteria.<id>.answer`), with one of the outcomes the Veiligheidshuis
    offers, a motivation (internal) and the outcome's own data: `refer_elsewhere` a receiving
    organisation, `refer_back` advice, `consultation_agenda` a date (not past) and partners to
    invite, `integrated_approach` the form of the approach and a procesregisseur. The
    registrant is told and sees the outcome and `message_to_registrant`."""

    input_serializer = DecisionInputSerializer

    def act(self, request: Request, registration: Registration, data: dict) -> None:
        registration_decide(
            registration=registration,
            by=request.user,
            decision=decision_input(data, registration=registration),
            now=timezone.now(),
            expected_version=registration.version,
        )
