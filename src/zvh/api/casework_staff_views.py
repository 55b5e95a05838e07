"""The staff's casework endpoints: an API client acting as the meldpunt of its Veiligheidshuis
plans and changes meetings, puts cases on the agenda, invites partners, drafts and finalises
minutes, records agreements and outcomes; an invitee's client answers its invitations.

Every read starts from the casework selectors (the client's own Veiligheidshuis; a 404 for
anything else), every write calls the service the pages call, with ``by=`` the client's service
user, so the same rules hold: who may (the meeting's chair finalises, its minute-taker drafts),
what is allowed (no meeting in the past, no invitee outside the network, no agenda item for a
closed case, an agreement needs an owner and a due date), and a refusal is a problem+json
(``common.service_errors.renamed`` puts the service's names under the body's). Every POST takes
an ``Idempotency-Key``; a change of a versioned object takes ``If-Match`` with its ETag (for
minutes not drafted yet: ``"0"``), so of two chairs finalising at once one wins and the other
gets 412.
"""

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.accounts.models import User
from zvh.casework import selectors
from zvh.casework.access import log_case_request
from zvh.casework.models import Minutes
from zvh.casework.services import minutes as minute_services
from zvh.casework.services.agreements import agreement_update
from zvh.casework.services.invitations import invitation_answer, invitation_create
from zvh.casework.services.meetings import (
    MeetingInput,
    agenda_item_add,
    meeting_cancel,
    meeting_change,
    meeting_plan,
)
from zvh.network.models import Organisation

from . import casework_staff_serializers as s
from .casework_views import ActionDoneSerializer, MeetingListView
from .concurrency import require_if_match
from .idempotency import idempotent
from .permissions import IsApiClient
from .staff_base import (
    ActionView,
    ChangeView,
    ObjectView,
    Staff,
    detail,
    documented,
    input_of,
    refusals,
)

CASEWORK = ["Casework"]


# --- meetings ------------------------------------------------------------------------------------


def meeting_input(data: dict[str, Any]) -> MeetingInput:
    return input_of(
        MeetingInput, data, kind="kind_id", chair="chair_id", minute_taker="minute_taker_id"
    )


@documented(post="Plan a meeting")
class MeetingListCreateView(Staff, MeetingListView):
    """A meeting of the client's Veiligheidshuis: a kind of its own, a start in the future and
    an end after it, a place or a video link, a chair and a minute-taker working for the
    Veiligheidshuis."""

    body = s.MeetingInputSerializer
    shown_as = s.StaffMeetingSerializer
    status = 201

    @idempotent
    def post(self, request: Request) -> Response:
        data = self.data(request)
        house = self.user.veiligheidshuis
        assert house is not None  # IsScreenerClient
        with refusals():
            meeting = self.call(meeting_plan, veiligheidshuis=house, data=meeting_input(data))
        return self.respond(meeting, status=201)


class MeetingView(ObjectView):
    """A meeting of the client's house (planned, held or cancelled)."""

    shown_as: ClassVar[Any] = s.StaffMeetingSerializer
    selector = staticmethod(selectors.meetings_of_staff)


MeetingDetailView = detail(MeetingView, get="Read a meeting")


@documented(post="Change a planned meeting")
class MeetingChangeView(MeetingView, ChangeView):
    """The same rules as planning; every invitee gets an updated calendar invitation (same
    UID, higher SEQUENCE). `If-Match` carries the meeting's ETag."""

    body = s.MeetingInputSerializer

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(meeting_change, meeting=obj, data=meeting_input(data))


@documented(post="Cancel a meeting")
class MeetingCancelView(MeetingView, ChangeView):
    """Every invitee gets a cancellation (METHOD:CANCEL). `If-Match` carries the meeting's
    ETag."""

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(meeting_cancel, meeting=obj)


@documented(post="Put a case on a meeting's agenda")
class AgendaItemCreateView(MeetingView, ActionView):
    """An open case of the Veiligheidshuis, not on this agenda yet, with the question the
    meeting must answer; the meeting planned and not begun. An open case moves to 'in
    consultation'."""

    body = s.AgendaItemInputSerializer
    shown_as = s.StaffAgendaItemSerializer
    status = 201

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        case = selectors.cases_for_staff(self.user).filter(public_id=data["case"]).first()
        item = self.call(agenda_item_add, meeting=obj, case=case, question=data["question"])
        return selectors.items_for_staff(self.user).get(pk=item.pk)  # the case as it moved


# --- agenda items ----------------------------------------------------------------------------


class ItemView(ObjectView):
    shown_as: ClassVar[Any] = s.StaffAgendaItemSerializer
    selector = staticmethod(selectors.items_for_staff)

    def read(self, obj: Any) -> None:
        log_case_request(self.http, obj.case)


AgendaItemDetailView = detail(ItemView, get="Read an agenda item")


@documented(post="Record an agenda item's outcome")
class AgendaItemOutcomeView(ItemView, ChangeView):
    """`next_meeting`, `integrated_approach` (the case moves there) or `close` (the case
    closes, with a reason of the house's list). The registrants are told. `If-Match` carries
    the item's ETag."""

    body = s.OutcomeInputSerializer

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        outcome, close_reason_id = data["outcome"], data["close_reason"]
        self.call(
            minute_services.item_outcome, item=obj, outcome=outcome, close_reason_id=close_reason_id
        )
        return selectors.items_for_staff(self.user).get(pk=obj.pk)


@documented(post="Invite a partner organisation for an agenda item")
class InvitationCreateView(ItemView, ActionView):
    """An organisation of the Veiligheidshuis's network and named people working there; each
    gets a mail without personal data with a calendar invitation, and the sharing record gets
    a row."""

    body = s.InvitationInputSerializer
    shown_as = s.InvitationSerializer
    status, many = 201, True

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        invitees = list(User.objects.filter(pk__in=data["users"], is_active=True))
        if len(invitees) != len(set(data["users"])):
            raise DjangoValidationError({"users": "Choose people who can be invited."})
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        return self.call(invitation_create, item=obj, organisation=organisation, users=invitees)


@documented(post="Answer an invitation")
class InvitationAnswerView(ActionView):
    """The invited person's client answers: `attend`, `decline` or `delegated` (a colleague of
    the same organisation, by id, takes over the invitation and its access)."""

    permission_classes = [IsApiClient]
    body = s.AnswerInputSerializer
    shown_as = s.InvitationSerializer

    selector = staticmethod(selectors.invitations_held_by)

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        colleague = (
            User.objects.filter(pk=data["colleague"], is_active=True).first()
            if data["colleague"]
            else None
        )
        answer = data["answer"]
        return self.call(invitation_answer, invitation=obj, answer=answer, colleague=colleague)


# --- minutes ---------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=CASEWORK,
        summary="Read an agenda item's minutes",
        responses={200: s.MinutesSerializer, 404: OpenApiResponse(description="None yet.")},
    ),
    post=extend_schema(
        tags=CASEWORK,
        summary="Save the draft minutes",
        description="The meeting's minute-taker (or chair) saves the draft: the situation, an "
        "analysis per life domain of the house (by id) and conclusions. Final minutes no longer "
        'change. `If-Match` carries the minutes\' ETag (`"0"` before the first draft).',
        request=s.MinutesInputSerializer,
        responses={200: s.MinutesSerializer},
    ),
)
class MinutesView(ItemView):
    if_match_methods = ("POST",)
    body = s.MinutesInputSerializer
    shown_as = s.MinutesSerializer

    def get(self, request: Request, public_id: Any) -> Response:
        item = self.found(request, public_id)
        minutes = get_object_or_404(Minutes.objects.select_related("item"), item=item)
        self.read(item)
        return self.respond(minutes, status=200)

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        item = self.found(request, public_id)
        drafted = Minutes.objects.filter(item=item).only("version").first()
        version = drafted.version if drafted is not None else 0
        require_if_match(request, current_version=version)
        data = self.data(request)
        with refusals():
            minutes = self.call(
                minute_services.minutes_save,
                item=item,
                data=input_of(minute_services.MinutesInput, data),
                expected_version=version,
            )
        return self.respond(minutes, status=200)


@documented(post="Finalise the minutes")
class MinutesFinaliseView(ItemView, ActionView):
    """Only the meeting's chair; the minutes as they were at the ETag in `If-Match`. Of two
    finalising at once, one wins; the other gets 412 (or 409)."""

    if_match_methods = ("POST",)
    shown_as = s.MinutesSerializer

    def precondition(self, obj: Any) -> None:
        locked = get_object_or_404(Minutes.objects.select_for_update(), item=obj)
        require_if_match(self.http, current_version=locked.version)
        self.version = locked.version

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(minute_services.minutes_finalise, item=obj, expected_version=self.version)


# --- agreements ------------------------------------------------------------------------------


def agreement_input(data: dict[str, Any]) -> minute_services.AgreementInput:
    names = {"owner_organisation": "owner_organisation_id", "owner": "owner_id"}
    return input_of(minute_services.AgreementInput, data, **names)


@documented(post="Record an agreement on an agenda item")
class AgreementCreateView(ItemView, ActionView):
    """An action, an owner organisation of the house's network and a person working there, a
    due date not in the past (the meeting's minute-taker or chair)."""

    body = s.AgreementInputSerializer
    shown_as = s.StaffAgreementSerializer
    status = 201

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(minute_services.agreement_add, item=obj, data=agreement_input(data))


class AgreementView(ObjectView):
    """An agreement of a case of the client's house: made on an agenda item or in a plan of
    approach (``approach.PlanAgreement``): the same endpoints read it and mark it done."""

    shown_as = s.StaffAgreementSerializer
    selector = staticmethod(selectors.agreements_for_staff)


AgreementDetailView = detail(AgreementView, get="Read an agreement")


@documented(post="Change an open agreement")
class AgreementChangeView(AgreementView, ChangeView):
    """The rules of a new agreement; a done agreement no longer changes. `If-Match` carries the
    agreement's ETag."""

    body = s.AgreementInputSerializer

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(agreement_update, agreement=obj, data=agreement_input(data))


@documented(post="Mark an agreement done")
class AgreementDoneView(AgreementView, ChangeView):
    """With a note on what was done (required). `If-Match` carries the agreement's ETag."""

    body = ActionDoneSerializer

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(minute_services.agreement_done, agreement=obj, note=data["note"])
