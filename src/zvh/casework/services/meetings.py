"""Meetings and their agenda: planned by the meldpunt or a procesregisseur of the house."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, is_active_user, may_plan_meeting
from zvh.network.models import LifeDomain, Veiligheidshuis
from zvh.notifications.keys import MailKey

from ..access import log_case
from ..models import AgendaItem, Case, CaseStatus, Invitation, Meeting, MeetingKind
from ..notify import notify_invitation
from ..workflow import case_transition
from .sharing import sharing_record_append

log = structlog.get_logger(__name__)


def _not_allowed() -> str:
    return _("Only the meldpunt or a procesregisseur of this Veiligheidshuis may do this.")


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingInput:
    """What the planner enters for a meeting."""

    kind_id: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    place: str = ""
    video_link: str = ""
    chair_id: int | None = None
    minute_taker_id: int | None = None


def _house_staff(veiligheidshuis_id: int, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = (
        User.objects.select_related("organisation__veiligheidshuis")
        .filter(pk=user_id, is_active=True, organisation__veiligheidshuis_id=veiligheidshuis_id)
        .first()
    )
    return user if is_active_user(user) else None


def meeting_errors(
    *, veiligheidshuis: Veiligheidshuis, data: MeetingInput, now: datetime
) -> dict[str, str]:
    """A kind of this house (active); a start in the future and an end after it; a place or a
    video link; a chair and a minute-taker working for this Veiligheidshuis."""
    errors: dict[str, str] = {}
    kind_ok = (
        data.kind_id is not None
        and MeetingKind.objects.filter(
            pk=data.kind_id, veiligheidshuis=veiligheidshuis, active=True
        ).exists()
    )
    if data.kind_id is None or not kind_ok:
        errors["kind"] = _("Choose a kind of meeting of this Veiligheidshuis.")
    if data.starts_at is None:
        errors["starts_at"] = _("Enter the date and time of the meeting.")
    elif data.starts_at <= now:
        errors["starts_at"] = _("A meeting cannot be planned in the past.")
    if data.ends_at is None:
        errors["ends_at"] = _("Enter the time the meeting ends.")
    elif data.starts_at is not None and data.ends_at <= data.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not data.place.strip() and not data.video_link.strip():
        errors["place"] = _("Enter a place or a video link.")
    if _house_staff(veiligheidshuis.pk, data.chair_id) is None:
        errors["chair"] = _("Choose a chair who works for this Veiligheidshuis.")
    if _house_staff(veiligheidshuis.pk, data.minute_taker_id) is None:
        errors["minute_taker"] = _("Choose a minute-taker who works for this Veiligheidshuis.")
    return errors


def meeting_plan(
    *, veiligheidshuis: Veiligheidshuis, data: MeetingInput, by: User, now: datetime
) -> Meeting:
    """Plan a meeting (``meeting_errors`` are the rules); nothing is saved when one fails."""
    ensure(may_plan_meeting(by, veiligheidshuis.pk), _not_allowed())
    errors = meeting_errors(veiligheidshuis=veiligheidshuis, data=data, now=now)
    if errors:
        raise ValidationError(errors)
    assert data.starts_at is not None
    assert data.ends_at is not None
    assert data.kind_id is not None
    assert data.chair_id is not None
    assert data.minute_taker_id is not None
    meeting = Meeting.objects.create(
        veiligheidshuis=veiligheidshuis,
        kind_id=data.kind_id,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place.strip(),
        video_link=data.video_link.strip(),
        chair_id=data.chair_id,
        minute_taker_id=data.minute_taker_id,
        planned_by=by,
        ical_uid=f"{uuid.uuid4()}@zvh",
    )
    log.info("meeting_planned", meeting_id=meeting.pk)
    return meeting


def _active_invitations(meeting: Meeting) -> Iterable[Invitation]:
    return (
        Invitation.objects.filter(item__meeting=meeting)
        .exclude(answer=Invitation.Answer.DELEGATED)
        .select_related(
            "user", "item__case", "item__meeting__kind", "item__meeting__veiligheidshuis"
        )
    )


def meeting_change(
    *, meeting: Meeting, data: MeetingInput, by: User, now: datetime, expected_version: int
) -> Meeting:
    """Change a planned meeting; every invitee gets an updated calendar invitation (same UID,
    SEQUENCE + 1). A stale page (another change in between) is refused with a conflict."""
    ensure(may_plan_meeting(by, meeting.veiligheidshuis_id), _not_allowed())
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.version != expected_version:
            raise ValidationError(
                _("Someone else changed this meeting in the meantime. Reload the page."),
                code="conflict",
            )
        if locked.state == Meeting.State.CANCELLED:
            raise ValidationError(_("This meeting is cancelled."), code="cancelled")
        errors = meeting_errors(veiligheidshuis=locked.veiligheidshuis, data=data, now=now)
        if errors:
            raise ValidationError(errors)
        Meeting.objects.filter(pk=locked.pk).update(
            kind_id=data.kind_id,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            place=data.place.strip(),
            video_link=data.video_link.strip(),
            chair_id=data.chair_id,
            minute_taker_id=data.minute_taker_id,
            sequence=F("sequence") + 1,
            version=F("version") + 1,
        )
        locked.refresh_from_db()
        for invitation in _active_invitations(locked):
            notify_invitation(invitation, key=MailKey.MEETING_UPDATED)
    log.info("meeting_changed", meeting_id=locked.pk, sequence=locked.sequence)
    return locked


def meeting_cancel(*, meeting: Meeting, by: User, now: datetime) -> Meeting:
    """Cancel a meeting; every invitee gets a cancellation (METHOD:CANCEL, SEQUENCE + 1)."""
    ensure(may_plan_meeting(by, meeting.veiligheidshuis_id), _not_allowed())
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state == Meeting.State.CANCELLED:
            raise ValidationError(_("This meeting is already cancelled."), code="cancelled")
        Meeting.objects.filter(pk=locked.pk).update(
            state=Meeting.State.CANCELLED, sequence=F("sequence") + 1, version=F("version") + 1
        )
        locked.refresh_from_db()
        for invitation in _active_invitations(locked):
            notify_invitation(invitation, key=MailKey.MEETING_CANCELLED)
    log.info("meeting_cancelled", meeting_id=locked.pk)
    return locked


def agenda_item_errors(
    *, meeting: Meeting, case: Case | None, question: str, now: datetime
) -> dict[str, str]:
    """A planned meeting not yet begun; an open case of the same house not on it yet; a
    question."""
    errors: dict[str, str] = {}
    if meeting.state == Meeting.State.CANCELLED:
        errors["meeting"] = _("This meeting is cancelled.")
    elif meeting.starts_at <= now:
        errors["meeting"] = _("Items cannot be added to a meeting that has begun.")
    if case is None or case.veiligheidshuis_id != meeting.veiligheidshuis_id:
        errors["case"] = _("Choose a case of this Veiligheidshuis.")
    elif case.status == CaseStatus.CLOSED:
        errors["case"] = _("Case %(ref)s is closed; a closed case cannot go on the agenda.") % {
            "ref": case.reference
        }
    elif meeting.pk and AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        errors["case"] = _("This case is already on the agenda of this meeting.")
    if not question.strip():
        errors["question"] = _("Enter the question the meeting must answer.")
    return errors


def agenda_item_add(
    *,
    meeting: Meeting,
    case: Case | None,
    question: str,
    by: User,
    now: datetime,
    client_address: str = "",
) -> AgendaItem:
    """Put a case on a meeting's agenda (``agenda_item_errors``). An open case moves to "in
    consultation"; the case is locked while this happens."""
    ensure(may_plan_meeting(by, meeting.veiligheidshuis_id), _not_allowed())
    with transaction.atomic():
        locked_case = Case.objects.select_for_update().filter(pk=case.pk).first() if case else None
        errors = agenda_item_errors(meeting=meeting, case=locked_case, question=question, now=now)
        if errors:
            raise ValidationError(errors)
        assert locked_case is not None
        item = AgendaItem.objects.create(
            meeting=meeting,
            case=locked_case,
            question=question.strip(),
            position=AgendaItem.objects.filter(meeting=meeting).count() + 1,
        )
        if locked_case.status in (CaseStatus.OPEN, CaseStatus.AFTERCARE):
            case_transition(
                case=locked_case,
                to=CaseStatus.IN_CONSULTATION,
                by=by,
                at=now,
                why=gettext_noop("put on a meeting's agenda"),
            )
        log_case(
            user=by,
            case=locked_case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    log.info("agenda_item_added", meeting_id=meeting.pk, item_id=item.pk)
    return item


def agenda_item_share(
    *,
    item: AgendaItem,
    summary: str,
    life_domain_ids: Iterable[int],
    client_invited: bool,
    by: User,
    now: datetime,
    client_address: str = "",
) -> AgendaItem:
    """The chair chooses what the item's invitees may see: a summary written for the meeting
    and life domains of the house's list; whether the client or family is invited. Organisations
    already invited get a new row in the sharing record when what is shared changes."""
    ensure(may_plan_meeting(by, item.meeting.veiligheidshuis_id), _not_allowed())
    ids = set(life_domain_ids)
    domains = list(
        LifeDomain.objects.filter(pk__in=ids, veiligheidshuis_id=item.meeting.veiligheidshuis_id)
    )
    if len(domains) != len(ids):
        raise ValidationError({"life_domains": _("Choose life domains of this Veiligheidshuis.")})
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        before = (locked.summary, set(locked.shared_life_domains.values_list("pk", flat=True)))
        locked.summary = summary.strip()
        locked.client_invited = client_invited
        locked.version = F("version") + 1
        locked.save(update_fields=["summary", "client_invited", "version"])
        locked.refresh_from_db(fields=["version"])
        locked.shared_life_domains.set(domains)
        if before != (locked.summary, ids):
            organisations = {
                invitation.organisation
                for invitation in locked.invitations.select_related("organisation")
            }
            for organisation in organisations:
                sharing_record_append(item=locked, organisation=organisation, by=by, now=now)
        log_case(
            user=by,
            case=locked.case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    return locked
