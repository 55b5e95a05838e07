"""E-mails to people outside the closed network.

E-mail is not part of the closed network: a message carries the reference, a date and a link into
zvh, never a person's name, BSN or problems. Messages are in the site's language (Dutch; English
is the second language) and are sent after the surrounding transaction commits, so a rolled-back
action sends nothing.
"""

import re
from collections.abc import Iterable

import structlog
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.registrations.models import Registration

log = structlog.get_logger(__name__)

#: RFC 3834: tells mail servers and out-of-office responders not to answer automatically.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


def absolute_url(path: str) -> str:
    return settings.ZVH_BASE_URL.rstrip("/") + path


def _tidy_body(text: str) -> str:
    """Templates leave blank lines where tags were: at most one empty line between paragraphs.
    Trailing blanks go, except in the signature delimiter "-- "."""
    lines = [line if line == "-- " else line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def send_templated(
    *, template: str, to: Iterable[str], context: dict, language: str | None = None
) -> None:
    """Render ``notifications/email/<template>_subject.txt`` and ``_body.txt`` in ``language``
    (default: the site's language, Dutch) and send them once the current transaction has
    committed. A failing mail server is logged and does not undo the committed action."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        log.warning("mail_without_recipients", template=template)
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    subject = " ".join(subject.split())
    body = _tidy_body(body)
    reference = getattr(context.get("registration"), "reference", None)

    def _send() -> None:
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            headers=AUTOMATIC_HEADERS,
        )
        try:
            message.send()
        except Exception:
            # The action itself has been committed; a 500 now would invite a second submission.
            log.exception(
                "mail_failed", template=template, reference=reference, recipients=len(recipients)
            )
            return
        log.info("mail_sent", template=template, reference=reference, recipients=len(recipients))

    transaction.on_commit(_send)


def _meldpunt_addresses(registration: Registration) -> list[str]:
    """The meldpunt mailbox of the registration's Veiligheidshuis and its active screeners."""
    vh = registration.veiligheidshuis
    if vh is None:
        return []
    screeners = (
        User.objects.filter(
            is_active=True, roles__code=RoleCode.SCREENER, organisation__veiligheidshuis=vh
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return [vh.meldpunt_email, *screeners]


def _registrant_address(registration: Registration) -> str:
    return registration.contact_email or registration.registrant.email


def _registrant_url(registration: Registration) -> str:
    return absolute_url(reverse("registrations:detail", args=[registration.public_id]))


def _meldpunt_url(registration: Registration) -> str:
    return absolute_url(reverse("triage:detail", args=[registration.public_id]))


def _checked(registration: Registration) -> Registration:
    # A mail without a reference would have nothing to identify the registration by.
    if not registration.reference:
        raise ValueError("Only a submitted registration (with a reference) can be notified about.")
    return registration


def notify_registration_received(*, registration: Registration) -> None:
    """Acknowledge to the registrant (reference + reply date) and tell the meldpunt."""
    registration = _checked(registration)
    send_templated(
        template="received",
        to=[_registrant_address(registration)],
        context={"registration": registration, "url": _registrant_url(registration)},
    )
    send_templated(
        template="new_registration",
        to=_meldpunt_addresses(registration),
        context={"registration": registration, "url": _meldpunt_url(registration)},
    )


def notify_information_requested(*, registration: Registration) -> None:
    """Tell the registrant that the meldpunt needs more information."""
    registration = _checked(registration)
    send_templated(
        template="information_requested",
        to=[_registrant_address(registration)],
        context={
            "registration": registration,
            "asked_at": registration.waiting_since or timezone.now(),
            "url": _registrant_url(registration),
        },
    )


def notify_information_answered(*, registration: Registration) -> None:
    """Tell the meldpunt that the registrant answered (and the new reply deadline)."""
    registration = _checked(registration)
    send_templated(
        template="information_answered",
        to=_meldpunt_addresses(registration),
        context={
            "registration": registration,
            "answered_at": timezone.now(),
            "url": _meldpunt_url(registration),
        },
    )


def notify_decision(*, registration: Registration) -> None:
    """Tell the registrant that the Veiligheidshuis has decided; the outcome is read in zvh."""
    registration = _checked(registration)
    send_templated(
        template="decided",
        to=[_registrant_address(registration)],
        context={
            "registration": registration,
            "decided_at": registration.decided_at or timezone.now(),
            "url": _registrant_url(registration),
        },
    )
