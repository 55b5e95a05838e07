"""Writes of the e-mail intake: receiving a mail, a screener's accept or reject, and retention.

Rules (docs/decisions/0007-email-intake.md):
- ``mail_receive`` does everything in one transaction: the mail, its original bytes, its
  attachment list, the draft registration (when the sender is recognised and the contents are
  clean) with its attachments, and the access-log entries. The listener answers 250 only after
  it returned, so a mail it accepted is stored; anything that fails rolls all of it back and the
  listener answers 451 (the sending server tries again).
- A mail to a meldpunt address is stored for that Veiligheidshuis; the same Message-ID there
  again is stored once (the repeat is counted, nothing else happens).
- A recognised sender (``selectors.sender_check``) with clean contents gets a draft in the
  meldpunt's queue through ``registration_start_on_behalf`` (channel e-mail, received at the
  moment the mail arrived: the reply term runs from it). Anything else is quarantined with its
  reasons, never put in the queue.
- Quarantine: a screener of the Veiligheidshuis accepts (choosing the partner organisation; a
  draft is made as above, recorded by the screener) or rejects it (with a reason). The row is
  locked and must still be in quarantine, so two screeners cannot both decide.
- Only attachments that pass the registration's attachment rules are copied to the draft;
  hostile ones never are, whoever accepts the mail.
- A draft the meldpunt deletes (``registrations.discarding``) leaves its mail rejected, by that
  screener, with the reason; retention removes it like any rejected mail.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_screen_for
from zvh.network.enums import IntakeChannel
from zvh.network.models import Organisation, Veiligheidshuis
from zvh.registrations.models import Attachment, Channel, Registration
from zvh.registrations.services import registration_start_on_behalf

from .access import log_by_system, log_mails
from .enums import AttachmentVerdict, MailStatus, QuarantineReason
from .inspection import Inspection, inspect_message, printable
from .models import InboundAttachment, InboundMail, InboundMailContent
from .selectors import (
    network_partners,
    registrant_for_address,
    sender_check,
    veiligheidshuizen_for_addresses,
)

log = structlog.get_logger(__name__)


class MailRefused(Exception):  # noqa: N818 (a refusal, not an error)
    """The mail is refused with ``reply`` (an SMTP reply line); nothing was stored."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


REFUSE_EMPTY = "554 5.6.0 Empty message"
REFUSE_TOO_BIG = "552 5.3.4 Message too big"
REFUSE_UNKNOWN_RECIPIENT = "550 5.1.1 No such meldpunt address"


@dataclass(frozen=True, slots=True, kw_only=True)
class Received:
    """What became of a mail for one Veiligheidshuis."""

    mail_id: int
    status: MailStatus
    duplicate: bool
    registration_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveOutcome:
    received: tuple[Received, ...]


def mail_receive(
    *, raw: bytes, mail_from: str, rcpt_to: Sequence[str], received_at: dt.datetime
) -> ReceiveOutcome:
    """Store a mail the listener received (see the module's rules); ``MailRefused`` when it is
    not taken at all (empty, too big, no meldpunt address among the recipients)."""
    if not raw.strip():
        raise MailRefused(REFUSE_EMPTY)
    if len(raw) > settings.ZVH_INTAKE_MAX_BYTES:
        raise MailRefused(REFUSE_TOO_BIG)
    houses = veiligheidshuizen_for_addresses(list(rcpt_to))
    if not houses:
        raise MailRefused(REFUSE_UNKNOWN_RECIPIENT)
    inspection = inspect_message(raw)
    received_at = received_at.astimezone(dt.UTC)
    try:
        return _store(raw, inspection, houses, mail_from, received_at)
    except IntegrityError:
        # The same mail arrived twice at once and the other copy committed first: now it is a
        # repeat (a second IntegrityError is a real failure and goes up).
        return _store(raw, inspection, houses, mail_from, received_at)


def _store(
    raw: bytes,
    inspection: Inspection,
    houses: list[Veiligheidshuis],
    mail_from: str,
    received_at: dt.datetime,
) -> ReceiveOutcome:
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            received = tuple(
                _receive_for(vh, raw, inspection, mail_from, received_at, stored_files)
                for vh in houses
            )
    except BaseException:
        _delete_files(stored_files)
        raise
    for item in received:
        log.info(
            "intake_mail_received",
            mail_id=item.mail_id,
            status=str(item.status),
            duplicate=item.duplicate,
            registration_id=item.registration_id,
            size=len(raw),
        )
    return ReceiveOutcome(received=received)


def _receive_for(
    vh: Veiligheidshuis,
    raw: bytes,
    inspection: Inspection,
    mail_from: str,
    received_at: dt.datetime,
    stored_files: list[str],
) -> Received:
    existing = (
        InboundMail.objects.select_for_update()
        .filter(veiligheidshuis=vh, message_key=inspection.message_key)
        .first()
    )
    if existing is not None:
        InboundMail.objects.filter(pk=existing.pk).update(
            duplicate_count=F("duplicate_count") + 1, last_duplicate_at=received_at
        )
        return Received(
            mail_id=existing.pk,
            status=MailStatus(existing.status),
            duplicate=True,
            registration_id=existing.registration_id,
        )
    reasons = list(inspection.reasons)
    check = sender_check(
        veiligheidshuis=vh,
        header_from=inspection.header_from,
        envelope_from=mail_from,
        authenticated=inspection.authenticated,
    )
    if check.reason is not None and check.reason not in reasons:
        reasons.append(check.reason)
    if IntakeChannel.EMAIL not in vh.intake_channels:
        reasons.append(QuarantineReason.CHANNEL_NOT_OFFERED)
    mail = InboundMail.objects.create(
        veiligheidshuis=vh,
        status=MailStatus.QUARANTINED,
        reasons=[str(reason) for reason in reasons],
        message_key=inspection.message_key,
        message_id=inspection.message_id,
        envelope_from=printable(mail_from or "", limit=320),
        header_from=inspection.header_from,
        subject=inspection.subject,
        received_at=received_at,
        size=len(raw),
        sha256=inspection.sha256,
        sender=check.user,
    )
    InboundMailContent.objects.create(mail=mail, raw=raw)
    InboundAttachment.objects.bulk_create(
        InboundAttachment(
            mail=mail,
            position=position,
            name=found.name,
            content_type=found.content_type,
            size=found.size,
            verdict=found.verdict,
        )
        for position, found in enumerate(inspection.attachments)
    )
    if not reasons and check.user is not None:
        _draft_or_quarantine(mail, inspection, check.user, stored_files)
    log_by_system(mail, event_type=EventType.CREATE, purpose=Purpose.REGISTRATION)
    return Received(
        mail_id=mail.pk,
        status=MailStatus(mail.status),
        duplicate=False,
        registration_id=mail.registration_id,
    )


def _draft_of(
    mail: InboundMail,
    inspection: Inspection,
    *,
    organisation: Organisation,
    registrant: User | None,
    by: User | None,
    uploaded_by: User,
    stored_files: list[str],
    client_address: str = "",
) -> Registration:
    """The draft a mail becomes: recorded on the partner's behalf by ``by`` (None: the
    listener), received when the mail arrived, with the attachments that pass the rules."""
    registration = registration_start_on_behalf(
        recorded_by=by,
        veiligheidshuis=mail.veiligheidshuis,
        organisation=organisation,
        registrant=registrant,
        channel=Channel.EMAIL,
        received_at=mail.received_at,
        client_address=client_address,
    )
    _copy_attachments(mail, inspection, registration, uploaded_by, stored_files)
    return registration


def _draft_or_quarantine(
    mail: InboundMail, inspection: Inspection, sender: User, stored_files: list[str]
) -> None:
    """The draft for a recognised sender; if the registration rules refuse it, quarantine."""
    organisation = sender.organisation
    assert organisation is not None, "a recognised sender is a partner's registrant"
    try:
        with transaction.atomic():
            registration = _draft_of(
                mail,
                inspection,
                organisation=organisation,
                registrant=sender,
                by=None,
                uploaded_by=sender,
                stored_files=stored_files,
            )
    except (ValidationError, PermissionDenied):
        mail.reasons = [*mail.reasons, QuarantineReason.DRAFT_REFUSED.value]
        mail.save(update_fields=["reasons"])
        return
    mail.registration = registration
    mail.status = MailStatus.DRAFT_CREATED
    mail.save(update_fields=["registration", "status"])


def _copy_attachments(
    mail: InboundMail,
    inspection: Inspection,
    registration: Registration,
    uploaded_by: User,
    stored_files: list[str],
) -> None:
    """The accepted attachments become the registration's, stored under random names."""
    rows = {row.position: row for row in mail.attachments.all()}
    for position, found in enumerate(inspection.attachments):
        if found.verdict != AttachmentVerdict.ACCEPTED:
            continue
        attachment = Attachment(
            registration=registration,
            original_name=found.name,
            content_type=found.stored_type,
            size=found.size,
            uploaded_by=uploaded_by,
        )
        attachment.file.save("upload", ContentFile(found.data), save=False)
        assert attachment.file.name is not None, "the file was stored just now"
        stored_files.append(attachment.file.name)
        attachment.save()
        row = rows.get(position)
        if row is not None:
            row.attachment = attachment
            row.save(update_fields=["attachment"])


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("intake_orphan_file_not_deleted")


# --- the screener's decision ------------------------------------------------------------------


def _locked_in_quarantine(mail: InboundMail, by: User) -> InboundMail:
    ensure(may_screen_for(by, mail.veiligheidshuis_id))
    locked = (
        InboundMail.objects.select_for_update(of=("self",))
        .select_related("veiligheidshuis")
        .get(pk=mail.pk)
    )
    if locked.status != MailStatus.QUARANTINED:
        raise ValidationError(
            _(
                "Someone else has already decided about this e-mail (it is now: %(status)s). "
                "Reload the page to see the latest state."
            )
            % {"status": MailStatus(locked.status).label},
            code="conflict",
        )
    if locked.purged_at is not None:
        raise ValidationError(_("This e-mail has been removed."), code="purged")
    return locked


def _decide(
    mail: InboundMail,
    *,
    status: MailStatus,
    by: User,
    now: dt.datetime,
    client_address: str,
    **fields: Any,
) -> None:
    """A screener's decision on a quarantined mail (with the ``fields`` it sets), stored and
    logged as a change (purpose triage)."""
    mail.status = status
    mail.decided_by = by
    mail.decided_at = now
    for name, value in fields.items():
        setattr(mail, name, value)
    mail.save(update_fields=["status", "decided_by", "decided_at", *fields])
    log_mails(
        user=by,
        mails=[mail],
        event_type=EventType.UPDATE,
        purpose=Purpose.TRIAGE,
        client_address=client_address,
    )


def inbound_mail_accept(
    *,
    mail: InboundMail,
    by: User,
    organisation: Organisation,
    now: dt.datetime,
    client_address: str = "",
) -> Registration:
    """Accept a quarantined mail as a registration of ``organisation`` (a partner in the
    Veiligheidshuis's network): a draft recorded by ``by``, received when the mail arrived, with
    the attachments that pass the attachment rules. The registrant is the organisation's
    registrant with the From address, if there is exactly one."""
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked_in_quarantine(mail, by)
            if not network_partners(veiligheidshuis=locked.veiligheidshuis).filter(
                pk=organisation.pk
            ):
                raise ValidationError(
                    {"organisation": _("Choose a partner organisation of this network.")},
                    code="not_a_partner",
                )
            raw = bytes(locked.content.raw)
            inspection = inspect_message(raw)
            registrant = registrant_for_address(
                organisation=organisation, address=inspection.header_from
            )
            registration = _draft_of(
                locked,
                inspection,
                organisation=organisation,
                registrant=registrant,
                by=by,
                uploaded_by=by,
                stored_files=stored_files,
                client_address=client_address,
            )
            _decide(
                locked,
                status=MailStatus.ACCEPTED,
                by=by,
                now=now,
                client_address=client_address,
                registration=registration,
            )
    except BaseException:
        _delete_files(stored_files)
        raise
    log.info("intake_mail_accepted", mail_id=locked.pk, registration_id=registration.pk)
    return registration


def inbound_mail_reject(
    *,
    mail: InboundMail,
    by: User,
    note: str,
    now: dt.datetime,
    client_address: str = "",
) -> InboundMail:
    """Reject a quarantined mail, with the screener's reason. Its content is removed
    ``ZVH_INTAKE_REJECTED_RETENTION_DAYS`` later (``intake_retention_run``)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Give the reason for rejecting this e-mail.")})
    with transaction.atomic():
        locked = _locked_in_quarantine(mail, by)
        _decide(
            locked,
            status=MailStatus.REJECTED,
            by=by,
            now=now,
            client_address=client_address,
            decision_note=note[:2000],
        )
    log.info("intake_mail_rejected", mail_id=locked.pk)
    return locked


def inbound_mails_draft_discarded(
    *,
    registration: Registration,
    by: User,
    note: str,
    now: dt.datetime,
    client_address: str = "",
) -> int:
    """The meldpunt deletes the draft a mail became (``registrations.discarding``): the mail is
    rejected by that screener, with ``note`` (the reason), and no longer points at the draft;
    retention removes it ``ZVH_INTAKE_REJECTED_RETENTION_DAYS`` later like any rejected mail.
    Runs in the discard's transaction, before the draft is deleted; the rows are locked and the
    change is logged (U, purpose registration). Returns how many mails there were."""
    mails = list(InboundMail.objects.select_for_update().filter(registration=registration))
    for mail in mails:
        mail.status = MailStatus.REJECTED
        mail.registration = None
        mail.decided_by = by
        mail.decided_at = now
        mail.decision_note = note[:2000]
        mail.save(
            update_fields=["status", "registration", "decided_by", "decided_at", "decision_note"]
        )
    if mails:
        log_mails(
            user=by,
            mails=mails,
            event_type=EventType.UPDATE,
            purpose=Purpose.REGISTRATION,
            client_address=client_address,
            with_registrations=False,  # the draft's deletion names it, with its persons
        )
        log.info("intake_mail_draft_discarded", mail_ids=[mail.pk for mail in mails])
    return len(mails)


# --- retention --------------------------------------------------------------------------------


def inbound_mail_purge(*, mail: InboundMail, now: dt.datetime) -> None:
    """Remove a mail's content and everything personal about it; the row stays as a tombstone
    (Veiligheidshuis, status, reasons, times, size, hash). Logged as a deletion (purpose
    retention) by the system."""
    with transaction.atomic():
        locked = InboundMail.objects.select_for_update().get(pk=mail.pk)
        if locked.purged_at is not None:
            return
        InboundMailContent.objects.filter(mail=locked).delete()
        locked.attachments.all().delete()
        locked.message_id = ""
        locked.envelope_from = ""
        locked.header_from = ""
        locked.subject = ""
        locked.decision_note = ""
        locked.purged_at = now
        locked.save()
        log_by_system(locked, event_type=EventType.DELETE, purpose=Purpose.RETENTION)


def mails_due_for_purge(*, now: dt.datetime) -> QuerySet[InboundMail]:
    """Rejected mails past their period, and mails whose registration is gone (removed by the
    registration's own retention)."""
    rejected_before = now - dt.timedelta(days=settings.ZVH_INTAKE_REJECTED_RETENTION_DAYS)
    return InboundMail.objects.filter(purged_at__isnull=True).filter(
        Q(status=MailStatus.REJECTED, decided_at__lt=rejected_before)
        | Q(
            status__in=[MailStatus.DRAFT_CREATED, MailStatus.ACCEPTED],
            registration__isnull=True,
        )
    )


def intake_retention_run(*, now: dt.datetime) -> int:
    """Purge every mail due (see ``mails_due_for_purge``); returns how many."""
    count = 0
    for mail in mails_due_for_purge(now=now).only("pk").iterator():
        inbound_mail_purge(mail=mail, now=now)
        count += 1
    if count:
        log.info("intake_mails_purged", count=count)
    return count
