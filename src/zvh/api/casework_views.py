"""Casework endpoints for partner systems: their organisation's actions (agreements), read and
marked done, and the agenda items their service user is invited to (need to know: only what the
chair shared); for a meldpunt client, the house's meetings with their agenda items, invitations
and the state of the minutes (read only). Every read starts from the casework selectors, every
write calls the service the pages call; marking done takes ``If-Match`` and an
``Idempotency-Key``.
"""

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.access_log.enums import Purpose
from zvh.access_log.values import LoggedObject
from zvh.accounts.models import User
from zvh.casework import selectors
from zvh.casework.access import log_case_request, log_cases_search
from zvh.casework.models import AgendaItem, Agreement, Invitation, Meeting
from zvh.casework.services.minutes import agreement_done
from zvh.common.client_address import client_address

from .concurrency import locked_for_write, set_etag
from .idempotency import idempotent
from .permissions import IsApiClient, IsScreenerClient
from .schema import described
from .views import ApiViewMixin, validated_query

CASEWORK = ["Casework"]


class ActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "case_reference",
            "action",
            "owner",
            "due_on",
            "state",
            "done_at",
            "done_note",
            "version",
        ]


class ActionDoneSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=5000)


class AgendaItemSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    meeting_kind = serializers.CharField(source="meeting.kind.name", read_only=True)
    starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="meeting.ends_at", read_only=True)
    place = serializers.CharField(source="meeting.place", read_only=True)
    video_link = serializers.CharField(source="meeting.video_link", read_only=True)
    life_domains = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "case_reference",
            "meeting_kind",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "question",
            "summary",
            "life_domains",
        ]

    def get_life_domains(self, item: AgendaItem) -> list[str]:
        return [domain.name for domain in item.shared_life_domains.all()]


def _user(request: Request) -> User:
    """The API client's service user (``IsApiClient`` let only that through)."""
    return cast(User, request.user)


def _own_actions(request: Request) -> QuerySet[Agreement]:
    return selectors.organisation_actions(user=_user(request), open_only=False)


@described("get", "List your organisation's actions", tags=CASEWORK)
class ActionListView(ApiViewMixin, generics.ListAPIView):
    """The agreements of case consultations owned by your organisation, the earliest due date
    first (open and done)."""

    permission_classes = [IsApiClient]
    serializer_class = ActionSerializer

    def get_queryset(self) -> QuerySet[Agreement]:
        return _own_actions(self.request)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        actions = list(page.object_list) if page is not None else []
        if actions:
            log_cases_search(
                user=request.user,
                cases=[action.case for action in actions],
                purpose=Purpose.CONSULTATION,
                client_address=client_address(request),
            )
        return response


@described("get", "Read one of your organisation's actions", tags=CASEWORK)
class ActionDetailView(ApiViewMixin, generics.RetrieveAPIView):
    permission_classes = [IsApiClient]
    serializer_class = ActionSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        action = get_object_or_404(_own_actions(request), public_id=kwargs["public_id"])
        log_case_request(request, action.case)
        return set_etag(Response(ActionSerializer(action).data), version=action.version)


@described(
    "post",
    "Mark an action done",
    tags=CASEWORK,
    request=ActionDoneSerializer,
    responses={200: ActionSerializer},
)
class ActionDoneView(ApiViewMixin, APIView):
    """Mark one of your organisation's open actions done with a note on what was done (required).
    `If-Match` carries the action's ETag."""

    permission_classes = [IsApiClient]
    if_match_methods = ("POST",)

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        body = ActionDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        locked = locked_for_write(_own_actions(request), request=request, public_id=public_id)
        action = agreement_done(
            agreement=cast(Agreement, locked),
            note=body.validated_data["note"],
            by=_user(request),
            now=timezone.now(),
        )
        return set_etag(Response(ActionSerializer(action).data), version=action.version)


@described(
    "get",
    "List the agenda items you are invited to",
    tags=CASEWORK,
    responses={200: AgendaItemSerializer(many=True)},
)
class InvitedItemListView(ApiViewMixin, APIView):
    """The agenda items the API client's service user is invited to, while the invitation gives
    access: the meeting, the case reference, the question and what the chair shared (a summary
    and life domains), nothing else."""

    permission_classes = [IsApiClient]
    serializer_class = AgendaItemSerializer

    def get(self, request: Request) -> Response:
        items = selectors.invitee_items(user=_user(request), now=timezone.now())
        for item in items:
            agenda_item = LoggedObject(
                kind="agenda_item", id=str(item.public_id), reference=item.case.reference
            )
            log_case_request(request, item.case, extra=[agenda_item])
        return Response(AgendaItemSerializer(items, many=True).data)


class MeetingFilterSerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="A day in the month to list.")


class MeetingItemSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    outcome = serializers.CharField(
        read_only=True,
        help_text="Empty until the chair records it: next_meeting, integrated_approach or close.",
    )
    invitations = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "case_reference", "question", "outcome", "invitations", "minutes"]

    def get_invitations(self, item: AgendaItem) -> list[dict[str, str]]:
        return [
            {"organisation": invitation.organisation.name, "answer": invitation.answer}
            for invitation in item.invitations.all()
        ]

    def get_minutes(self, item: AgendaItem) -> str:
        minutes = getattr(item, "minutes", None)
        if minutes is None:
            return "none"
        return "final" if minutes.finalised_at else "draft"


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.CharField(source="kind.name", read_only=True)
    items = MeetingItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "starts_at", "ends_at", "place", "video_link", "state", "items"]


@described(
    "get",
    "The Veiligheidshuis's meetings of a month",
    tags=CASEWORK,
    parameters=[MeetingFilterSerializer],
    responses={200: MeetingSerializer(many=True)},
)
class MeetingListView(ApiViewMixin, APIView):
    """For a meldpunt client: the meetings of its Veiligheidshuis in the month of `day` (default:
    this month), with their agenda items (case reference, question, outcome), the invited
    organisations' answers and the state of the minutes."""

    permission_classes = [IsScreenerClient]
    serializer_class = MeetingSerializer
    query_serializer = MeetingFilterSerializer

    def get(self, request: Request) -> Response:
        query = validated_query(MeetingFilterSerializer, request)
        day = query.get("day") or timezone.localdate()
        start, end = selectors.period_bounds(view="month", day=day)
        meetings = list(
            selectors.meetings_for_staff(
                user=_user(request), start=start, end=end
            ).prefetch_related(
                Prefetch(
                    "items",
                    queryset=AgendaItem.objects.select_related("case", "minutes").prefetch_related(
                        Prefetch(
                            "invitations",
                            queryset=Invitation.objects.select_related("organisation"),
                        )
                    ),
                )
            )
        )
        cases = [item.case for meeting in meetings for item in meeting.items.all()]
        if cases:
            log_cases_search(
                user=request.user,
                cases=cases,
                purpose=Purpose.CONSULTATION,
                client_address=client_address(request),
            )
        return Response(MeetingSerializer(meetings, many=True).data)
