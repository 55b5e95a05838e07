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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, ClassVar, TypeVar, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import may_use_casework_api
from zvh.casework import selectors
from zvh.casework.access import log_case
from zvh.casework.models import AgendaItem, Agreement, Meeting, Minutes
from zvh.casework.services.agreements import agreement_update
from zvh.casework.services.invitations import invitation_answer, invitation_create
from zvh.casework.services.meetings import (
    MeetingInput,
    agenda_item_add,
    meeting_cancel,
    meeting_change,
    meeting_plan,
)
from zvh.casework.services.minutes import (
    AgreementInput,
    MinutesInput,
    agreement_add,
    agreement_done,
    item_outcome,
    minutes_finalise,
    minutes_save,
)
from zvh.common.client_address import client_address
from zvh.common.service_errors import Names, renamed
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.models import Organisation

from . import casework_staff_serializers as s
from .access import AccessLoggedMixin
from .casework_views import ActionDoneSerializer, MeetingListView
from .concurrency import locked_for_write, require_if_match, set_etag
from .idempotency import idempotent
from .permissions import IsApiClient
from .views import ApiViewMixin

CASEWORK = ["Casework"]
T = TypeVar("T")


class IsCaseworkStaffClient(IsApiClient):
    """An API client acting as casework staff (meldpunt) of its Veiligheidshuis."""

    message = "Only an API client acting as the meldpunt of a Veiligheidshuis may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and may_use_casework_api(request.user)


class StaffView(AccessLoggedMixin, ApiViewMixin, APIView):
    """A staff casework endpoint: refusals are logged as denied, purpose consultation."""

    permission_classes = [IsCaseworkStaffClient]
    access_purpose = Purpose.CONSULTATION
    access_events = {"GET": EventType.VIEW, "POST": EventType.UPDATE}


def _user(request: Request) -> User:
    return cast(User, request.user)


@contextmanager
def refusals(names: Names | None = None) -> Iterator[None]:
    """A service's refusal under the request body's names (a problem+json 422, 409 or 403)."""
    try:
        yield
    except DjangoValidationError as error:
        raise renamed(error, names=names) from None


def _body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return cast(dict[str, Any], body.validated_data)


def _respond(
    serializer: Callable[[T], serializers.BaseSerializer], obj: T, *, version: int, status: int
) -> Response:
    return set_etag(Response(serializer(obj).data, status=status), version=version)


def _today() -> date:
    return timezone.localdate(timezone=LOCAL_TZ)


class ObjectView(StaffView):
    """An endpoint on one object of the staff's house, found through ``objects_of`` (a casework
    selector); anything else is a 404."""

    #: The request body's serializer (None: no body).
    body: ClassVar[type[serializers.Serializer] | None] = None

    def objects_of(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    def found(self, request: Request, public_id: Any) -> Any:
        return get_object_or_404(self.objects_of(_user(request)), public_id=public_id)

    def data(self, request: Request) -> dict[str, Any]:
        return _body(self.body, request) if self.body is not None else {}


class ChangeView(ObjectView):
    """A conditional write on a versioned object: ``If-Match`` (its ETag) and an
    ``Idempotency-Key``; the object is locked and its version compared before the body is read;
    ``change`` calls the service; the changed object is returned with its new ETag."""

    if_match_methods = ("POST",)
    shown_as: ClassVar[type[serializers.BaseSerializer]]

    def change(self, obj: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        raise NotImplementedError

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        user = _user(request)
        # the row alone is locked (PostgreSQL locks no nullable side of an outer join)
        objects = self.objects_of(user).select_related(None)
        obj = locked_for_write(objects, request=request, public_id=public_id)
        data = self.data(request)
        with refusals():
            changed = self.change(obj, data, request=request, user=user)
        return _respond(self.shown_as, changed, version=changed.version, status=200)


class CreateOnView(ObjectView):
    """A new object on a parent of the staff's house (``objects_of`` finds the parent), with an
    ``Idempotency-Key``; ``create`` calls the service; 201 with the new object."""

    def create(self, parent: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        raise NotImplementedError

    def respond(self, made: Any) -> Response:
        raise NotImplementedError

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        parent = self.found(request, public_id)
        data = self.data(request)
        with refusals():
            made = self.create(parent, data, request=request, user=_user(request))
        return self.respond(made)


# --- meetings ------------------------------------------------------------------------------------


def meeting_input(data: dict[str, Any]) -> MeetingInput:
    return MeetingInput(
        kind_id=data["kind"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        video_link=data["video_link"],
        chair_id=data["chair"],
        minute_taker_id=data["minute_taker"],
    )


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Plan a meeting",
        description="A meeting of the client's Veiligheidshuis: a kind of its own, a start in "
        "the future and an end after it, a place or a video link, a chair and a minute-taker "
        "working for the Veiligheidshuis.",
        request=s.MeetingInputSerializer,
        responses={201: s.StaffMeetingSerializer},
    )
)
class MeetingListCreateView(MeetingListView):
    """GET: the month's meetings (``casework_views.MeetingListView``); POST: plan one."""

    @idempotent
    def post(self, request: Request) -> Response:
        data = _body(s.MeetingInputSerializer, request)
        house = _user(request).veiligheidshuis
        assert house is not None  # IsScreenerClient
        with refusals():
            meeting = meeting_plan(
                veiligheidshuis=house,
                data=meeting_input(data),
                by=_user(request),
                now=timezone.now(),
            )
        return _respond(s.StaffMeetingSerializer, meeting, version=meeting.version, status=201)


class MeetingView(ObjectView):
    def objects_of(self, user: User) -> QuerySet[Meeting]:
        return selectors.meetings_of_staff(user)


@extend_schema_view(
    get=extend_schema(
        tags=CASEWORK, summary="Read a meeting", responses={200: s.StaffMeetingSerializer}
    )
)
class MeetingDetailView(MeetingView):
    def get(self, request: Request, public_id: Any) -> Response:
        meeting = self.found(request, public_id)
        return _respond(s.StaffMeetingSerializer, meeting, version=meeting.version, status=200)


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Change a planned meeting",
        description="The same rules as planning; every invitee gets an updated calendar "
        "invitation (same UID, higher SEQUENCE). `If-Match` carries the meeting's ETag.",
        request=s.MeetingInputSerializer,
        responses={200: s.StaffMeetingSerializer},
    )
)
class MeetingChangeView(MeetingView, ChangeView):
    body = s.MeetingInputSerializer
    shown_as = s.StaffMeetingSerializer

    def change(self, obj: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        return meeting_change(
            meeting=obj,
            data=meeting_input(data),
            by=user,
            now=timezone.now(),
            expected_version=obj.version,
        )


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Cancel a meeting",
        description="Every invitee gets a cancellation (METHOD:CANCEL). `If-Match` carries the "
        "meeting's ETag.",
        request=None,
        responses={200: s.StaffMeetingSerializer},
    )
)
class MeetingCancelView(MeetingView, ChangeView):
    shown_as = s.StaffMeetingSerializer

    def change(self, obj: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        return meeting_cancel(meeting=obj, by=user, now=timezone.now())


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Put a case on a meeting's agenda",
        description="An open case of the Veiligheidshuis, not on this agenda yet, with the "
        "question the meeting must answer; the meeting planned and not begun. An open case "
        "moves to 'in consultation'.",
        request=s.AgendaItemInputSerializer,
        responses={201: s.StaffAgendaItemSerializer},
    )
)
class AgendaItemCreateView(MeetingView, CreateOnView):
    body = s.AgendaItemInputSerializer

    def create(self, parent: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        item = agenda_item_add(
            meeting=parent,
            case=selectors.cases_for_staff(user).filter(public_id=data["case"]).first(),
            question=data["question"],
            by=user,
            now=timezone.now(),
            client_address=client_address(request),
        )
        return selectors.items_for_staff(user).get(pk=item.pk)  # the case as it moved

    def respond(self, made: Any) -> Response:
        return _respond(s.StaffAgendaItemSerializer, made, version=made.version, status=201)


# --- agenda items ----------------------------------------------------------------------------


class ItemView(ObjectView):
    def objects_of(self, user: User) -> QuerySet[AgendaItem]:
        return selectors.items_for_staff(user)


def _logged_read(request: Request, item: AgendaItem) -> None:
    log_case(
        user=request.user,
        case=item.case,
        event_type=EventType.VIEW,
        purpose=Purpose.CONSULTATION,
        client_address=client_address(request),
    )


@extend_schema_view(
    get=extend_schema(
        tags=CASEWORK, summary="Read an agenda item", responses={200: s.StaffAgendaItemSerializer}
    )
)
class AgendaItemDetailView(ItemView):
    def get(self, request: Request, public_id: Any) -> Response:
        item = self.found(request, public_id)
        _logged_read(request, item)
        return _respond(s.StaffAgendaItemSerializer, item, version=item.version, status=200)


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Record an agenda item's outcome",
        description="`next_meeting`, `integrated_approach` (the case moves there) or `close` "
        "(the case closes, with a reason of the house's list). The registrants are told. "
        "`If-Match` carries the item's ETag.",
        request=s.OutcomeInputSerializer,
        responses={200: s.StaffAgendaItemSerializer},
    )
)
class AgendaItemOutcomeView(ItemView, ChangeView):
    body = s.OutcomeInputSerializer
    shown_as = s.StaffAgendaItemSerializer

    def change(self, obj: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        item_outcome(
            item=obj,
            outcome=data["outcome"],
            by=user,
            now=timezone.now(),
            close_reason_id=data["close_reason"],
            client_address=client_address(request),
        )
        return selectors.items_for_staff(user).get(pk=obj.pk)


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Invite a partner organisation for an agenda item",
        description="An organisation of the Veiligheidshuis's network and named people working "
        "there; each gets a mail without personal data with a calendar invitation, and the "
        "sharing record gets a row.",
        request=s.InvitationInputSerializer,
        responses={201: s.InvitationSerializer(many=True)},
    )
)
class InvitationCreateView(ItemView, CreateOnView):
    body = s.InvitationInputSerializer

    def create(self, parent: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        invitees = list(User.objects.filter(pk__in=data["users"], is_active=True))
        if len(invitees) != len(set(data["users"])):
            raise DjangoValidationError({"users": "Choose people who can be invited."})
        return invitation_create(
            item=parent,
            organisation=Organisation.objects.filter(pk=data["organisation"]).first(),
            users=invitees,
            by=user,
            now=timezone.now(),
            client_address=client_address(request),
        )

    def respond(self, made: Any) -> Response:
        return Response(s.InvitationSerializer(made, many=True).data, status=201)


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Answer an invitation",
        description="The invited person's client answers: `attend`, `decline` or `delegated` "
        "(a colleague of the same organisation, by id, takes over the invitation and its "
        "access).",
        request=s.AnswerInputSerializer,
        responses={200: s.InvitationSerializer},
    )
)
class InvitationAnswerView(AccessLoggedMixin, ApiViewMixin, APIView):
    permission_classes = [IsApiClient]
    access_purpose = Purpose.CONSULTATION
    access_events = {"GET": EventType.VIEW, "POST": EventType.UPDATE}

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        user = _user(request)
        invitation = get_object_or_404(selectors.invitations_held_by(user), public_id=public_id)
        data = _body(s.AnswerInputSerializer, request)
        colleague = (
            User.objects.filter(pk=data["colleague"], is_active=True).first()
            if data["colleague"]
            else None
        )
        with refusals():
            answered = invitation_answer(
                invitation=invitation,
                answer=data["answer"],
                by=user,
                now=timezone.now(),
                colleague=colleague,
            )
        return Response(s.InvitationSerializer(answered).data)


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

    def get(self, request: Request, public_id: Any) -> Response:
        item = self.found(request, public_id)
        minutes = get_object_or_404(Minutes.objects.select_related("item"), item=item)
        _logged_read(request, item)
        return _respond(s.MinutesSerializer, minutes, version=minutes.version, status=200)

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        item = self.found(request, public_id)
        drafted = Minutes.objects.filter(item=item).only("version").first()
        version = drafted.version if drafted is not None else 0
        require_if_match(request, current_version=version)
        data = self.data(request)
        with refusals():
            minutes = minutes_save(
                item=item,
                data=MinutesInput(
                    situation=data["situation"],
                    analysis=dict(data["analysis"]),
                    conclusions=data["conclusions"],
                ),
                by=_user(request),
                now=timezone.now(),
                expected_version=version,
                client_address=client_address(request),
            )
        return _respond(s.MinutesSerializer, minutes, version=minutes.version, status=200)


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Finalise the minutes",
        description="Only the meeting's chair; the minutes as they were at the ETag in "
        "`If-Match`. Of two finalising at once, one wins; the other gets 412 (or 409).",
        request=None,
        responses={200: s.MinutesSerializer},
    )
)
class MinutesFinaliseView(ItemView):
    if_match_methods = ("POST",)

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        item = self.found(request, public_id)
        locked = get_object_or_404(Minutes.objects.select_for_update(), item=item)
        require_if_match(request, current_version=locked.version)
        with refusals():
            minutes = minutes_finalise(
                item=item,
                by=_user(request),
                now=timezone.now(),
                expected_version=locked.version,
                client_address=client_address(request),
            )
        return _respond(s.MinutesSerializer, minutes, version=minutes.version, status=200)


# --- agreements ------------------------------------------------------------------------------


def agreement_input(data: dict[str, Any]) -> AgreementInput:
    return AgreementInput(
        action=data["action"],
        owner_organisation_id=data["owner_organisation"],
        owner_id=data["owner"],
        due_on=data["due_on"],
    )


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Record an agreement on an agenda item",
        description="An action, an owner organisation of the house's network and a person "
        "working there, a due date not in the past (the meeting's minute-taker or chair).",
        request=s.AgreementInputSerializer,
        responses={201: s.StaffAgreementSerializer},
    )
)
class AgreementCreateView(ItemView, CreateOnView):
    body = s.AgreementInputSerializer

    def create(self, parent: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        return agreement_add(
            item=parent,
            data=agreement_input(data),
            by=user,
            now=timezone.now(),
            today=_today(),
            client_address=client_address(request),
        )

    def respond(self, made: Any) -> Response:
        return _respond(s.StaffAgreementSerializer, made, version=made.version, status=201)


class AgreementView(ObjectView):
    def objects_of(self, user: User) -> QuerySet[Agreement]:
        return selectors.agreements_for_staff(user)


@extend_schema_view(
    get=extend_schema(
        tags=CASEWORK, summary="Read an agreement", responses={200: s.StaffAgreementSerializer}
    )
)
class AgreementDetailView(AgreementView):
    def get(self, request: Request, public_id: Any) -> Response:
        agreement = self.found(request, public_id)
        return _respond(
            s.StaffAgreementSerializer, agreement, version=agreement.version, status=200
        )


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Change an open agreement",
        description="The rules of a new agreement; a done agreement no longer changes. "
        "`If-Match` carries the agreement's ETag.",
        request=s.AgreementInputSerializer,
        responses={200: s.StaffAgreementSerializer},
    )
)
class AgreementChangeView(AgreementView, ChangeView):
    body = s.AgreementInputSerializer
    shown_as = s.StaffAgreementSerializer

    def change(self, obj: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        return agreement_update(
            agreement=obj,
            data=agreement_input(data),
            by=user,
            now=timezone.now(),
            today=_today(),
            expected_version=obj.version,
            client_address=client_address(request),
        )


@extend_schema_view(
    post=extend_schema(
        tags=CASEWORK,
        summary="Mark an agreement done",
        description="With a note on what was done (required). `If-Match` carries the "
        "agreement's ETag.",
        request=ActionDoneSerializer,
        responses={200: s.StaffAgreementSerializer},
    )
)
class AgreementDoneView(AgreementView, ChangeView):
    body = ActionDoneSerializer
    shown_as = s.StaffAgreementSerializer

    def change(self, obj: Any, data: dict[str, Any], *, request: Request, user: User) -> Any:
        return agreement_done(
            agreement=obj,
            note=data["note"],
            by=user,
            now=timezone.now(),
            expected_version=obj.version,
        )
