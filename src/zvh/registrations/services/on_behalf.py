"""The meldpunt starts a draft on a partner's behalf: a phone call or an e-mail to the meldpunt."""

import uuid
from datetime import datetime

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_register, may_screen_for
from zvh.network.models import (
    Organisation,
    Veiligheidshuis,
)

from ..models import ON_BEHALF_CHANNELS, Channel, Registration
from .drafts import create_draft, start_once

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
    if not may_register(registrant) or registrant.organisation_id != organisation.pk:
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
    client_address: str = "",
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
    if recorded_by is not None:
        ensure(
            may_screen_for(recorded_by, veiligheidshuis.pk),
            _("Only the meldpunt of this Veiligheidshuis may do this."),
        )
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

    def create() -> Registration:
        ensure_partner_of(organisation=organisation, veiligheidshuis=veiligheidshuis)
        if registrant is not None:
            _check_partner_user(registrant, organisation)
        return create_draft(
            veiligheidshuis=veiligheidshuis,
            channel=channel,
            token=token,
            by=recorded_by,
            registrant=registrant,
            registrant_organisation_id=organisation.pk,
            recorded_by=recorded_by,
            received_at=received_at,
            client_address=client_address,
        )

    registration, created = start_once(
        token=token, create=create, same=lambda found: _same_meldpunt(found, veiligheidshuis)
    )
    if created:
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
