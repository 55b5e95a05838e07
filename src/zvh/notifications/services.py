"""E-mails to people outside the closed network.

E-mail is not part of the closed network: a body carries the reference, a date and a link into
zvh, never a person's name, BSN or problems. Mails are sent after the surrounding transaction
commits, so a rolled-back action sends nothing.
"""

from collections.abc import Iterable

import structlog
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.registrations.models import Registration

log = structlog.get_logger(__name__)


def absolute_url(path: str) -> str:
    return settings.ZVH_BASE_URL.rstrip("/") + path


def send_templated(
    *, template: str, to: Iterable[str], context: dict, language: str = "nl"
) -> None:
    """Render ``notifications/email/<template>_subject.txt`` and ``_body.txt`` and send them
    once the current transaction has committed."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    subject = " ".join(subject.split())

    def _send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        log.info("mail_sent", template=template, recipients=len(recipients))

    transaction.on_commit(_send)


def _meldpunt_addresses(registration: Registration) -> list[str]:
    vh = registration.veiligheidshuis
    screeners = User.objects.filter(
        is_active=True, roles__code=RoleCode.SCREENER, organisation__veiligheidshuis=vh
    ).values_list("email", flat=True)
    return [vh.meldpunt_email, *screeners]


def _registrant_address(registration: Registration) -> str:
    return registration.contact_email or registration.registrant.email


def notify_registration_received(*, registration: Registration) -> None:
    """Acknowledge to the registrant (reference + reply date) and tell the meldpunt."""
    context = {
        "registration": registration,
        "url": absolute_url(reverse("registrations:detail", args=[registration.public_id])),
        "meldpunt_url": absolute_url(reverse("triage:detail", args=[registration.public_id])),
    }
    send_templated(template="received", to=[_registrant_address(registration)], context=context)
    send_templated(
        template="new_registration", to=_meldpunt_addresses(registration), context=context
    )


def notify_information_requested(*, registration: Registration) -> None:
    context = {
        "registration": registration,
        "url": absolute_url(reverse("registrations:detail", args=[registration.public_id])),
    }
    send_templated(
        template="information_requested", to=[_registrant_address(registration)], context=context
    )


def notify_information_answered(*, registration: Registration) -> None:
    context = {
        "registration": registration,
        "url": absolute_url(reverse("triage:detail", args=[registration.public_id])),
    }
    send_templated(
        template="information_answered", to=_meldpunt_addresses(registration), context=context
    )


def notify_decision(*, registration: Registration) -> None:
    context = {
        "registration": registration,
        "url": absolute_url(reverse("registrations:detail", args=[registration.public_id])),
    }
    send_templated(template="decided", to=[_registrant_address(registration)], context=context)
