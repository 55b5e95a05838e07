"""A partner starts a draft of its own (web form, API)."""

import uuid

import structlog
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.network.models import (
    Municipality,
)

from ..access import log_access
from ..models import ON_BEHALF_CHANNELS, Channel, Person, Registration, Relation
from .editing import ensure_registrant
from .routing import intake_veiligheidshuis

log = structlog.get_logger(__name__)


def registration_start(
    *,
    registrant: User,
    municipality: Municipality,
    token: uuid.UUID | None,
    channel: str = Channel.WEB_FORM,
    client_address: str = "",
) -> Registration:
    """Start a draft for a person living in ``municipality``, at the Veiligheidshuis serving it
    (see ``intake_veiligheidshuis``).

    ``token`` is the hidden ``submission_token`` of the form: starting again with the same token
    (a double click, a retried request, back-and-resubmit) returns the same draft instead of a
    second one. The registrant's contact details are filled in from their account. The creation
    is logged (C, purpose registration) in the same transaction; ``client_address`` gives the
    entry its client address.

    Only a partner's own channels (web form, API): what reaches the meldpunt by phone or e-mail
    is recorded with ``registration_start_on_behalf``.
    """
    if channel in ON_BEHALF_CHANNELS:
        raise ValueError("A phone call or e-mail is recorded with registration_start_on_behalf.")
    ensure_registrant(registrant)
    if token is not None:
        existing = Registration.objects.filter(submission_token=token).first()
        if existing is not None:
            return _same_registrant(existing, registrant)
    vh = intake_veiligheidshuis(municipality=municipality, channel=channel)
    organisation_id = registrant.organisation_id
    assert organisation_id is not None, "a registrant acts for an organisation (ensured)"
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                veiligheidshuis=vh,
                channel=channel,
                submission_token=token,
                registrant=registrant,
                registrant_organisation_id=organisation_id,
                contact_name=registrant.get_full_name(),
                contact_phone=registrant.phone,
                contact_email=registrant.email,
            )
            main = Person.objects.create(
                registration=registration,
                position=0,
                relation=Relation.MAIN,
                municipality=municipality,
            )
            log_access(
                user=registrant,
                registrations=[registration],
                persons=[main],
                event_type=EventType.CREATE,
                purpose=Purpose.REGISTRATION,
                client_address=client_address,
            )
    except IntegrityError:
        if token is None:
            raise
        # The same token arrived twice at once; the other request created the draft.
        return _same_registrant(Registration.objects.get(submission_token=token), registrant)
    log.info("registration_started", registration_id=registration.pk, veiligheidshuis=vh.code)
    return registration


def _same_registrant(registration: Registration, registrant: User) -> Registration:
    if (
        registration.on_behalf
        or registration.registrant_organisation_id != registrant.organisation_id
    ):
        raise PermissionDenied
    return registration
