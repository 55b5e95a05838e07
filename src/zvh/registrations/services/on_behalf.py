"""The meldpunt starts a draft on a partner's behalf: a phone call or an e-mail to the meldpunt."""

import uuid
from datetime import datetime

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.network.models import (
    Organisation,
    Veiligheidshuis,
)

from ..access import log_access
from ..models import ON_BEHALF_CHANNELS, Channel, Person, Registration, Relation
from .editing import is_screener_of

log = structlog.get_logger(__name__)


def ensure_partner_of(*, organisation: Organisation, veiligheidshuis: Veiligheidshuis) -> None:
    """Only an organisation that joined the Veiligheidshuis's network (its covenant) registers
    there."""
    if not organisation.memberships.filter(veiligheidshuis=veiligheidshuis).exists():
        message = _(
            "%(organisation)s is not a partner in the network of %(vh)s. Only partners that "
            "joined its covenant can register there."
        ) % {"organisation": organisation.name, "vh": veiligheidshuis.name}
        raise ValidationError({"organisation": ValidationError(message, code="not_a_partner")})


def _check_partner_user(registrant: User, organisation: Organisation) -> None:
    if (
        not registrant.is_active
        or RoleCode.REGISTRANT not in registrant.role_codes
        or registrant.organisation_id != organisation.pk
    ):
        message = _(
            "This person is not a registrant of %(organisation)s. Choose one of its "
            "registrants, or leave the contact without an account."
        ) % {"organisation": organisation.name}
        raise ValidationError({"registrant": ValidationError(message, code="not_a_registrant")})


def registration_start_on_behalf(
    *,
    recorded_by: User | None,
    veiligheidshuis: Veiligheidshuis,
    organisation: Organisation,
    registrant: User | None,
    channel: str,
    received_at: datetime,
    http_request: HttpRequest | None = None,
    token: uuid.UUID | None = None,
) -> Registration:
    """Start a draft the meldpunt records on a partner's behalf: a phone call to the meldpunt
    (channel phone) or an e-mail to it (channel e-mail).

    - ``recorded_by`` is the screener who records it, a screener of ``veiligheidshuis``; None
      means the e-mail intake listener (the system), for the e-mail channel only.
    - ``organisation`` must be a partner in ``veiligheidshuis``'s network; ``registrant``, when
      the partner's contact has an account, an active registrant of that organisation (their
      contact details are filled in from it), else None.
    - ``received_at`` (aware, not in the future) is the moment of the call or the mail: the
      reply term runs from it, whenever the draft is submitted.
    - The Veiligheidshuis is given, not derived: the main person's municipality is chosen
      later, and must be one it serves (see ``draft_veiligheidshuis``).

    Only a screener of the Veiligheidshuis edits and submits the draft (``ensure_editable``);
    the partner sees it once submitted. The creation is logged (C, purpose registration) in the
    same transaction, by the screener (or by no user: the system). ``token`` (the form's hidden
    token) makes a double click return the same draft, as in ``registration_start``.
    """
    if channel not in ON_BEHALF_CHANNELS:
        raise ValidationError(
            {
                "channel": ValidationError(
                    _("The meldpunt records only phone calls and e-mails this way."),
                    code="channel_not_on_behalf",
                )
            }
        )
    if recorded_by is None and channel != Channel.EMAIL:
        raise PermissionDenied(_("A phone call is recorded by a screener of the meldpunt."))
    if recorded_by is not None and not is_screener_of(recorded_by, veiligheidshuis.pk):
        raise PermissionDenied(_("Only the meldpunt of this Veiligheidshuis may do this."))
    if timezone.is_naive(received_at):
        raise ValueError("received_at must be timezone-aware.")
    if received_at > timezone.now():
        raise ValidationError(
            {
                "received_at": ValidationError(
                    _("The moment of receipt cannot be in the future."),
                    code="received_in_future",
                )
            }
        )
    if token is not None:
        existing = Registration.objects.filter(submission_token=token).first()
        if existing is not None:
            return _same_meldpunt(existing, veiligheidshuis)
    ensure_partner_of(organisation=organisation, veiligheidshuis=veiligheidshuis)
    if registrant is not None:
        _check_partner_user(registrant, organisation)
    try:
        registration = _create_on_behalf(
            recorded_by=recorded_by,
            veiligheidshuis=veiligheidshuis,
            organisation=organisation,
            registrant=registrant,
            channel=channel,
            received_at=received_at,
            http_request=http_request,
            token=token,
        )
    except IntegrityError:
        if token is None:
            raise
        # The same token arrived twice at once; the other request created the draft.
        existing = Registration.objects.get(submission_token=token)
        return _same_meldpunt(existing, veiligheidshuis)
    log.info(
        "registration_started_on_behalf",
        registration_id=registration.pk,
        veiligheidshuis=veiligheidshuis.code,
        channel=channel,
        by_system=recorded_by is None,
    )
    return registration


def _same_meldpunt(registration: Registration, veiligheidshuis: Veiligheidshuis) -> Registration:
    if not registration.on_behalf or registration.veiligheidshuis_id != veiligheidshuis.pk:
        raise PermissionDenied
    return registration


def _create_on_behalf(
    *,
    recorded_by: User | None,
    veiligheidshuis: Veiligheidshuis,
    organisation: Organisation,
    registrant: User | None,
    channel: str,
    received_at: datetime,
    http_request: HttpRequest | None,
    token: uuid.UUID | None,
) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.create(
            veiligheidshuis=veiligheidshuis,
            submission_token=token,
            channel=channel,
            registrant=registrant,
            registrant_organisation=organisation,
            recorded_by=recorded_by,
            received_at=received_at,
            contact_name=registrant.get_full_name() if registrant else "",
            contact_phone=registrant.phone if registrant else "",
            contact_email=registrant.email if registrant else "",
        )
        main = Person.objects.create(registration=registration, position=0, relation=Relation.MAIN)
        log_access(
            user=recorded_by,
            registrations=[registration],
            persons=[main],
            event_type=EventType.CREATE,
            purpose=Purpose.REGISTRATION,
            http_request=http_request,
        )
    return registration
