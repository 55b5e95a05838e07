"""E-mails to people outside the closed network.

E-mail is not part of the closed network: a message carries the reference, a date and a link into
zvh, never a person's name, BSN or problems. Messages are in the site's language (Dutch; English
is the second language), rendered from the Veiligheidshuis's editable templates (``templating``),
and stored in the outbox in the caller's transaction; the worker sends them once it has
committed, so a rolled-back action sends nothing and a failing mail server loses nothing.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import structlog
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration, Urgency

from .models import OutgoingMail
from .outbox import AUTOMATIC_HEADERS, outbox_add
from .template_services import render_mail

__all__ = ["AUTOMATIC_HEADERS", "send_templated"]

log = structlog.get_logger(__name__)

_PLAIN = (str, int, float, bool, date, datetime, type(None))


def absolute_url(path: str) -> str:
    return settings.ZVH_BASE_URL.rstrip("/") + path


def _plain(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return isinstance(value, _PLAIN)


def _mail_context(context: dict[str, Any]) -> tuple[dict[str, Any], Registration | None, Any]:
    """The template context: values only (a registration becomes its reference, dates and
    Veiligheidshuis name); model instances and other objects never reach a template."""
    registration = context.get("registration")
    values = {name: value for name, value in context.items() if _plain(value)}
    veiligheidshuis = context.get("veiligheidshuis_obj")
    if isinstance(registration, Registration):
        veiligheidshuis = registration.veiligheidshuis
        values.update(
            reference=registration.reference or "",
            received_at=registration.received_at,
            deadline_at=registration.deadline_at,
        )
    if isinstance(veiligheidshuis, Veiligheidshuis):
        values["veiligheidshuis"] = veiligheidshuis.name
    return values, registration if isinstance(registration, Registration) else None, veiligheidshuis


def send_templated(
    *,
    template: str,
    to: Iterable[str],
    context: dict[str, Any],
    language: str | None = None,
    idempotency_key: str | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> OutgoingMail | None:
    """Render mail ``template`` (a ``MailKey``) in ``language`` (default: the site's language,
    Dutch) and store it in the outbox within the current transaction; the worker sends it once
    the transaction has committed. ``context`` may hold ``registration`` (reduced to its
    reference, dates and Veiligheidshuis), ``veiligheidshuis_obj`` and plain values. A mail with
    an ``idempotency_key`` already in the outbox is not stored again."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        log.warning("mail_without_recipients", template=template)
        return None
    language = language or settings.LANGUAGE_CODE
    values, registration, veiligheidshuis = _mail_context(context)
    rendered = render_mail(
        key=template, language=language, veiligheidshuis=veiligheidshuis, context=values
    )
    return outbox_add(
        key=template,
        recipients=recipients,
        rendered=rendered,
        language=language,
        idempotency_key=idempotency_key or f"{template}:{uuid.uuid4()}",
        veiligheidshuis=veiligheidshuis,
        registration=registration,
        attachments=attachments,
    )


def active_addresses(*, veiligheidshuis: Veiligheidshuis, role: RoleCode) -> list[str]:
    """The e-mail addresses of the active users holding ``role`` at the Veiligheidshuis."""
    return list(
        User.objects.filter(
            is_active=True, roles__code=role, organisation__veiligheidshuis=veiligheidshuis
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _meldpunt_addresses(registration: Registration) -> list[str]:
    """The meldpunt mailbox of the registration's Veiligheidshuis and its active screeners."""
    vh = registration.veiligheidshuis
    if vh is None:
        return []
    return [vh.meldpunt_email, *active_addresses(veiligheidshuis=vh, role=RoleCode.SCREENER)]


def _registrant_address(registration: Registration) -> str:
    """The contact's e-mail address on the form; else their account's. A registration the
    meldpunt recorded for a contact without an account may have neither (then no mail)."""
    if registration.contact_email:
        return registration.contact_email
    return registration.registrant.email if registration.registrant is not None else ""


def _registrant_url(registration: Registration) -> str:
    return absolute_url(reverse("registrations:detail", args=[registration.public_id]))


def _meldpunt_url(registration: Registration) -> str:
    return absolute_url(reverse("triage:detail", args=[registration.public_id]))


def _checked(registration: Registration) -> Registration:
    # A mail without a reference would have nothing to identify the registration by.
    if not registration.reference:
        raise ValueError("Only a submitted registration (with a reference) can be notified about.")
    return registration


def _event_key(template: str, registration: Registration) -> str:
    """One mail per event: every status change bumps the registration's version."""
    return f"{template}:{registration.public_id}:v{registration.version}"


def _tell(
    template: str, registration: Registration, *, meldpunt: bool = False, **values: Any
) -> None:
    """One mail about a submitted registration, once per event (``_event_key``): to the
    meldpunt (its mailbox and active screeners, linking to the meldpunt's page) or else to the
    registrant's contact (linking to theirs). ``values``: the template's further values."""
    registration = _checked(registration)
    send_templated(
        template=template,
        to=_meldpunt_addresses(registration) if meldpunt else [_registrant_address(registration)],
        context={
            "registration": registration,
            "url": _meldpunt_url(registration) if meldpunt else _registrant_url(registration),
            **values,
        },
        idempotency_key=_event_key(template, registration),
    )


def notify_registration_received(*, registration: Registration) -> None:
    """Acknowledge to the registrant (reference + reply date) and tell the meldpunt.

    Rules:
    - The acknowledgement goes to the registrant's contact (the address on the form, else
      their account's) whatever the channel, so also to the partner's contact of a phone call
      or an e-mail the meldpunt recorded.
    - The meldpunt is told of a partner's own registrations (web form, API) only, not of one it
      recorded itself on a partner's behalf (``Registration.on_behalf``): a phone call it took
      and typed in, or an e-mail it received (the draft was in its queue) and completed. It
      would only be told what it has just done.
    - The meldpunt's mail says whether the registrant marked it urgent ("spoed"; never why).
    """
    _tell("received", registration)
    if registration.on_behalf:
        return
    _tell(
        "new_registration",
        registration,
        meldpunt=True,
        urgent=registration.urgency == Urgency.URGENT,
    )


def notify_information_requested(*, registration: Registration) -> None:
    """Tell the registrant that the meldpunt needs more information."""
    _tell(
        "information_requested",
        registration,
        asked_at=registration.waiting_since or timezone.now(),
    )


def notify_information_answered(*, registration: Registration) -> None:
    """Tell the meldpunt that the registrant answered (and the new reply deadline)."""
    _tell("information_answered", registration, meldpunt=True, answered_at=timezone.now())


def notify_decision(*, registration: Registration) -> None:
    """Tell the registrant that the Veiligheidshuis has decided; the outcome is read in zvh."""
    _tell("decided", registration, decided_at=registration.decided_at or timezone.now())
