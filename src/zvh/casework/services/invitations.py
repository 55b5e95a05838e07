"""Invitations per agenda item: partner organisations of the house's network and named people
in them; the invitee answers attend, decline, or sends a colleague."""

from collections.abc import Iterable
from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_answer_invitation, may_invite
from zvh.network.models import CovenantMembership, Organisation

from ..access import log_case
from ..models import AgendaItem, Invitation, Meeting
from ..notify import notify_invitation
from .sharing import sharing_record_append

log = structlog.get_logger(__name__)


def in_network(*, organisation: Organisation, veiligheidshuis_id: int) -> bool:
    """A partner that signed the covenant of the Veiligheidshuis's network."""
    return CovenantMembership.objects.filter(
        organisation=organisation, veiligheidshuis_id=veiligheidshuis_id
    ).exists()


def invitation_errors(
    *, item: AgendaItem, organisation: Organisation | None, users: list[User]
) -> dict[str, str]:
    """The organisation is a partner in the house's network; at least one named person, each an
    active user of that organisation and not invited for this item yet; the meeting planned."""
    errors: dict[str, str] = {}
    meeting = item.meeting
    if meeting.state == Meeting.State.CANCELLED:
        errors["item"] = _("This meeting is cancelled.")
    if organisation is None:
        errors["organisation"] = _("Choose an organisation to invite.")
        return errors
    if not in_network(organisation=organisation, veiligheidshuis_id=meeting.veiligheidshuis_id):
        errors["organisation"] = _(
            "%(organisation)s is not a partner in the network of %(vh)s and cannot be invited."
        ) % {"organisation": organisation.name, "vh": meeting.veiligheidshuis.name}
        return errors
    if not users:
        errors["users"] = _("Name at least one person of the organisation to invite.")
    for user in users:
        if not user.is_active or user.organisation_id != organisation.pk:
            errors["users"] = _("Invite only people who work for %(organisation)s.") % {
                "organisation": organisation.name
            }
    already = Invitation.objects.filter(item=item, user__in=users).exists()
    if already and "users" not in errors:
        errors["users"] = _("Someone you named is already invited for this item.")
    return errors


def invitation_create(
    *,
    item: AgendaItem,
    organisation: Organisation | None,
    users: Iterable[User],
    by: User,
    now: datetime,
    client_address: str = "",
) -> list[Invitation]:
    """Invite named people of a partner organisation for one agenda item. Each gets a mail
    (meeting date, case reference, link; an .ics attached); the sharing record gets a row for
    the organisation. Nothing is saved or sent when a rule fails."""
    ensure(
        may_invite(by, item),
        _("Only the meldpunt or a procesregisseur of this Veiligheidshuis may do this."),
    )
    users = list(users)
    errors = invitation_errors(item=item, organisation=organisation, users=users)
    if errors:
        raise ValidationError(errors)
    assert organisation is not None
    with transaction.atomic():
        invitations = [
            Invitation.objects.create(
                item=item, organisation=organisation, user=user, invited_at=now, invited_by=by
            )
            for user in users
        ]
        sharing_record_append(item=item, organisation=organisation, by=by, now=now)
        for invitation in invitations:
            notify_invitation(invitation)
        log_case(
            user=by,
            case=item.case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    log.info("invitations_created", item_id=item.pk, count=len(invitations))
    return invitations


ANSWERS = (Invitation.Answer.ATTEND, Invitation.Answer.DECLINE, Invitation.Answer.DELEGATED)


def invitation_answer(
    *,
    invitation: Invitation,
    answer: str,
    by: User,
    now: datetime,
    colleague: User | None = None,
) -> Invitation:
    """The invited person attends, declines or sends a colleague of the same organisation (who
    gets their own invitation and mail; the original no longer gives access)."""
    ensure(may_answer_invitation(by, invitation), _("This invitation is not yours."))
    if answer not in ANSWERS:
        raise ValidationError({"answer": _("Choose attend, decline or send a colleague.")})
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.answer == Invitation.Answer.DELEGATED:
            raise ValidationError(_("This invitation was handed to a colleague."), code="conflict")
        if answer == Invitation.Answer.DELEGATED:
            if (
                colleague is None
                or not colleague.is_active
                or colleague.organisation_id != locked.organisation_id
                or colleague.pk == by.pk
            ):
                raise ValidationError(
                    {"colleague": _("Choose a colleague of your own organisation.")}
                )
            if Invitation.objects.filter(item=locked.item, user=colleague).exists():
                raise ValidationError({"colleague": _("This colleague is already invited.")})
            substitute = Invitation.objects.create(
                item=locked.item,
                organisation=locked.organisation,
                user=colleague,
                invited_at=now,
                invited_by=by,
            )
            locked.delegated_to = substitute
            notify_invitation(substitute)
        locked.answer = answer
        locked.answered_at = now
        locked.save(update_fields=["answer", "answered_at", "delegated_to"])
    log.info("invitation_answered", invitation_id=locked.pk, answer=answer)
    return locked
