"""Which Veiligheidshuis a registration goes to: the one serving the main person's municipality,
if it takes registrations through the channel (a partner's own draft), or the one that received
it (a draft the meldpunt records on a partner's behalf)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zvh.network.enums import IntakeChannel
from zvh.network.models import (
    Municipality,
    Veiligheidshuis,
)
from zvh.network.selectors import veiligheidshuis_serving

from ..models import Registration


def intake_veiligheidshuis(*, municipality: Municipality, channel: str) -> Veiligheidshuis:
    """The Veiligheidshuis that serves the municipality, if it takes registrations through this
    channel.

    A municipality no Veiligheidshuis serves is refused; so is an intake channel (web form,
    e-mail) the Veiligheidshuis does not offer: the web form is offered only by a Veiligheidshuis
    whose ``intake_channels`` include it, and the refusal names the meldpunt's e-mail address.
    """
    vh = veiligheidshuis_serving(municipality=municipality)
    if channel in IntakeChannel.values and channel not in vh.intake_channels:
        if channel == IntakeChannel.WEB_FORM:
            message = _(
                "%(vh)s does not take registrations through this web form. Fill in its "
                "registration form and e-mail it to the meldpunt: %(email)s."
            )
        else:
            message = _(
                "%(vh)s does not take registrations this way. Contact the meldpunt: %(email)s."
            )
        raise ValidationError(
            message % {"vh": vh.name, "email": vh.meldpunt_email}, code="channel_not_offered"
        )
    return vh


def draft_veiligheidshuis(
    *, registration: Registration, municipality: Municipality
) -> Veiligheidshuis:
    """The Veiligheidshuis a draft goes to when its main person lives in ``municipality``.

    - A partner's own draft (web form, API) goes to the Veiligheidshuis serving the
      municipality, if it takes registrations through that channel (``intake_veiligheidshuis``).
    - A draft the meldpunt records on a partner's behalf (phone, e-mail) stays with the
      Veiligheidshuis that received it, which must serve the municipality. Its intake channels
      do not apply: the meldpunt took the call or the mail itself, so a phone registration is
      accepted also where the web form is not offered, and an e-mail also where e-mail is not
      the advertised channel (refusing it would lose what was received).
    """
    if not registration.on_behalf:
        return intake_veiligheidshuis(municipality=municipality, channel=registration.channel)
    vh = registration.veiligheidshuis
    assert vh is not None, "every registration is created with a Veiligheidshuis"
    serving = veiligheidshuis_serving(municipality=municipality)
    if serving.pk != vh.pk:
        raise ValidationError(
            _(
                "%(municipality)s is served by %(other)s, not by %(vh)s. Ask the partner to "
                "register this person there."
            )
            % {"municipality": municipality.name, "other": serving.name, "vh": vh.name},
            code="served_elsewhere",
        )
    return vh
