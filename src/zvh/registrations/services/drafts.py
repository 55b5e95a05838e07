"""A partner starts a draft of its own (web form, API)."""

import uuid
from collections.abc import Callable
from datetime import datetime

import structlog
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.network.models import Municipality, Veiligheidshuis

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

    def create() -> Registration:
        organisation_id = registrant.organisation_id
        assert organisation_id is not None, "a registrant acts for an organisation (ensured)"
        return create_draft(
            veiligheidshuis=intake_veiligheidshuis(municipality=municipality, channel=channel),
            channel=channel,
            token=token,
            by=registrant,
            registrant=registrant,
            registrant_organisation_id=organisation_id,
            municipality=municipality,
            client_address=client_address,
        )

    registration, created = start_once(
        token=token, create=create, same=lambda found: _same_registrant(found, registrant)
    )
    if created and (vh := registration.veiligheidshuis) is not None:
        log.info("registration_started", registration_id=registration.pk, veiligheidshuis=vh.code)
    return registration


def start_once(
    *,
    token: uuid.UUID | None,
    create: Callable[[], Registration],
    same: Callable[[Registration], Registration],
) -> tuple[Registration, bool]:
    """A draft started once per form token (as ``get_or_create``): the draft ``token`` already
    started (a double click, a retried request, back-and-resubmit) if any, checked by ``same``;
    else ``create()``'s. Also when the same token arrives twice at once and the other request
    creates the draft first. Returns the draft and whether this call created it."""
    if token is not None:
        existing = Registration.objects.filter(submission_token=token).first()
        if existing is not None:
            return same(existing), False
    try:
        return create(), True
    except IntegrityError:
        if token is None:
            raise
        return same(Registration.objects.get(submission_token=token)), False


def create_draft(
    *,
    veiligheidshuis: Veiligheidshuis,
    channel: str,
    token: uuid.UUID | None,
    by: User | None,
    registrant: User | None,
    registrant_organisation_id: int,
    recorded_by: User | None = None,
    received_at: datetime | None = None,
    municipality: Municipality | None = None,
    client_address: str,
) -> Registration:
    """Create a draft with its (empty) main person, the contact details filled in from the
    registrant's account if any, and log the creation (C, purpose registration, by ``by``; None
    is the system) in the same transaction."""
    with transaction.atomic():
        registration = Registration.objects.create(
            veiligheidshuis=veiligheidshuis,
            channel=channel,
            submission_token=token,
            registrant=registrant,
            registrant_organisation_id=registrant_organisation_id,
            recorded_by=recorded_by,
            received_at=received_at,
            contact_name=registrant.get_full_name() if registrant else "",
            contact_phone=registrant.phone if registrant else "",
            contact_email=registrant.email if registrant else "",
        )
        main = Person.objects.create(
            registration=registration,
            position=0,
            relation=Relation.MAIN,
            municipality=municipality,
        )
        log_access(
            user=by,
            registrations=[registration],
            persons=[main],
            event_type=EventType.CREATE,
            purpose=Purpose.REGISTRATION,
            client_address=client_address,
        )
    return registration


def _same_registrant(registration: Registration, registrant: User) -> Registration:
    if (
        registration.on_behalf
        or registration.registrant_organisation_id != registrant.organisation_id
    ):
        raise PermissionDenied
    return registration
