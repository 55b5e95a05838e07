"""Submitting a complete draft: reference, moment of receipt, reply deadline, DRAFT → RECEIVED."""

from collections.abc import Mapping
from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType
from zvh.accounts.models import User
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline

from ..access import log_registration_change
from ..completeness import ensure_complete
from ..models import Channel, Registration, Relation
from ..references import reference_allocate
from ..signals import registration_submitted
from ..status import Status
from ..workflow import transition
from .editing import ensure_editable
from .routing import draft_veiligheidshuis

log = structlog.get_logger(__name__)


#: The history's "why" of a submission, by channel (English msgids, translated when shown): the
#: history row names the screener who submitted, the registration the partner organisation.
SUBMITTED_WHY: Mapping[str, str] = {
    Channel.WEB_FORM: gettext_noop("submitted"),
    Channel.API: gettext_noop("submitted"),
    Channel.PHONE: gettext_noop("registered by phone by the meldpunt on behalf of the partner"),
    Channel.EMAIL: gettext_noop(
        "received by e-mail; completed by the meldpunt on behalf of the partner"
    ),
}


def _clear_unused_answers(registration: Registration) -> None:
    """On submission, drop the answers of the branch not taken (informed or not; urgent or not)
    that a draft kept so that switching back and forth lost nothing."""
    if registration.client_informed:
        registration.not_informed_reason = ""
        registration.not_informed_explanation = ""
    else:
        registration.client_informed_on = None
        registration.client_informed_how = ""
    if registration.urgency != "urgent":
        registration.urgency_explanation = ""


def registration_submit(
    *,
    registration: Registration,
    by: User,
    now: datetime,
    client_address: str = "",
) -> Registration:
    """Submit a complete draft.

    The row is locked; an incomplete draft is refused with ``ValidationError`` (messages per
    field, see ``completeness``). The Veiligheidshuis must still serve the main person's
    municipality through the registration's channel (``draft_veiligheidshuis``). The reference
    is allocated under a row lock on the Veiligheidshuis's counter (gapless and unique per
    Veiligheidshuis). The deadline runs from receipt: the moment of receipt is the one the
    draft already holds (a phone call or e-mail the meldpunt recorded) or else ``now``, and the
    reply deadline is that plus the reply term, both stored. The status moves DRAFT → RECEIVED
    through the workflow (the history says when the meldpunt registered on a partner's behalf),
    and the registrant (the contact's e-mail address on the form) is told once the transaction
    commits, and so is the meldpunt unless it recorded the registration itself
    (the ``registration_submitted`` signal, answered by ``zvh.notifications``). A screener who
    completes an e-mail the intake listener drafted is recorded as the one who recorded it.

    Submitting a registration that was already submitted returns it unchanged: no second
    reference, no second mail, no log entry. A submission is logged as the creation of the
    registration at the meldpunt (C, purpose registration) in the same transaction.
    """
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("veiligheidshuis")
            .filter(pk=registration.pk)
            .first()
        )
        if locked is None:  # the meldpunt discarded the draft in the meantime
            raise ValidationError(_("This draft has already been deleted."), code="gone")
        if locked.status != Status.DRAFT:
            return locked
        ensure_editable(locked, by)
        ensure_complete(locked, today=now.astimezone(LOCAL_TZ).date())
        main = locked.persons.select_related("municipality").get(relation=Relation.MAIN)
        municipality = main.municipality
        assert municipality is not None, "a complete registration's main person has one"
        try:
            vh = draft_veiligheidshuis(registration=locked, municipality=municipality)
        except ValidationError as error:
            raise ValidationError({"persons.0.municipality": error.messages}) from error
        if vh.pk != locked.veiligheidshuis_id:
            raise ValidationError(
                {"persons.0.municipality": _("Save the registration again before submitting.")}
            )
        _clear_unused_answers(locked)
        locked.reference = reference_allocate(
            veiligheidshuis=vh, year=now.astimezone(LOCAL_TZ).year
        )
        received_at = locked.received_at or now
        locked.received_at = received_at
        locked.deadline_at = reply_deadline(vh.reply_term, received_at=received_at)
        if locked.on_behalf and locked.recorded_by_id is None:
            locked.recorded_by = by
        locked.save()
        submitted = transition(
            registration=locked,
            to=Status.RECEIVED,
            by=by,
            at=now,
            why=SUBMITTED_WHY.get(locked.channel, SUBMITTED_WHY[Channel.WEB_FORM]),
            expected_from=Status.DRAFT,
        )
        registration_submitted.send(sender=Registration, registration=submitted)
        log_registration_change(
            by=by,
            registration=submitted,
            client_address=client_address,
            event_type=EventType.CREATE,
        )
    log.info("registration_submitted", registration_id=submitted.pk, reference=submitted.reference)
    return submitted
