"""Discarding a draft the meldpunt recorded on a partner's behalf (a phone call, an e-mail) and
will not complete: a call that turned out to be no registration, an e-mail sent twice, a
partner who withdrew.

Rules:
- Only a screener of the draft's Veiligheidshuis, only a phone or e-mail draft (a partner's own
  draft is never the meldpunt's to delete), and only while it is a draft. The row is locked
  first, so a draft submitted or discarded in the meantime is refused, never deleted.
- The draft goes with everything that hangs from it (persons, involved partners, contact
  details, attachments and their files, after the commit): nothing personal stays behind, and
  no tombstone either (it was never received as a registration; the figures count
  submissions).
- The reason is a ``DiscardReason`` (a code, not free text: nothing is kept that could name
  anyone); application logs carry its code only.
- The deletion is access-logged (D, purpose registration) by the screener, naming the draft and
  its persons (as keyed hashes), in the same transaction.
- ``signals.meldpunt_draft_discarding`` is sent in that transaction before the deletion, so the
  app that made the draft settles its records: the e-mail intake marks the mail rejected, with
  the reason, and removes it later like any rejected mail (decision 0007).
"""

import datetime as dt

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User

from .access import log_access
from .models import Attachment, Registration
from .services.editing import is_screener_of
from .signals import meldpunt_draft_discarding
from .status import Status

log = structlog.get_logger(__name__)


class DiscardReason(models.TextChoices):
    """Why the meldpunt deletes a draft it recorded (the label is what the screener chooses)."""

    DUPLICATE = "duplicate", gettext_lazy("Recorded twice, or already registered")
    WITHDRAWN = "withdrawn", gettext_lazy("The partner withdrew the registration")
    NOT_A_REGISTRATION = (
        "not_a_registration",
        gettext_lazy("Not a registration for the Veiligheidshuis"),
    )
    NOT_COMPLETED = (
        "not_completed",
        gettext_lazy("The partner did not provide what is needed to complete it"),
    )


def meldpunt_draft_discard(
    *,
    draft: Registration,
    by: User,
    reason: str,
    http_request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Delete a phone or e-mail draft of the meldpunt (see the module's rules).

    ``PermissionDenied`` for anyone but a screener of its Veiligheidshuis and for a partner's
    own draft; ``ValidationError`` for an unknown reason (key ``reason``) and for a draft that
    was submitted (code ``submitted``) or deleted (code ``gone``) in the meantime.
    """
    if reason not in DiscardReason.values:
        raise ValidationError(
            {"reason": ValidationError(_("Choose why the draft is deleted."), code="invalid")}
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("veiligheidshuis")
            .filter(pk=draft.pk)
            .first()
        )
        if locked is None:
            raise ValidationError(_("This draft has already been deleted."), code="gone")
        if not locked.on_behalf:
            raise PermissionDenied(_("A partner's own draft can only be deleted by the partner."))
        if not is_screener_of(by, locked.veiligheidshuis_id):
            raise PermissionDenied(_("Only the meldpunt of this Veiligheidshuis may do this."))
        if locked.status != Status.DRAFT:
            raise ValidationError(
                _("This registration has been submitted; it can no longer be deleted."),
                code="submitted",
            )
        persons = list(locked.persons.all())
        files = [a.file.name for a in locked.attachments.all() if a.file.name]
        meldpunt_draft_discarding.send(
            sender=Registration,
            registration=locked,
            by=by,
            reason=DiscardReason(reason),
            now=now,
            http_request=http_request,
        )
        registration_id, channel = locked.pk, locked.channel
        locked.delete()  # the instance keeps its public id and Veiligheidshuis for the entry
        log_access(
            user=by,
            registrations=[locked],
            persons=persons,
            event_type=EventType.DELETE,
            purpose=Purpose.REGISTRATION,
            http_request=http_request,
        )
        storage = Attachment._meta.get_field("file").storage
        for name in files:
            transaction.on_commit(lambda name=name: storage.delete(name))
    log.info(
        "meldpunt_draft_discarded",
        registration_id=registration_id,
        channel=channel,
        reason=str(reason),
        attachments=len(files),
    )
