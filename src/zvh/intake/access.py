"""Access logging of incoming mails, and the guard of the intake pages.

An incoming mail is logged as an object of its own kind (``inbound_mail``, by public id; never a
sender, a subject or a file name). When it became a registration, the registration and its
persons are named too (as ``zvh.registrations.access`` does).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson
from zvh.accounts.permissions import may_use_meldpunt
from zvh.common.client_address import client_address
from zvh.common.guards import guard

from .models import InboundMail

KIND = "inbound_mail"


def logged_mail(mail: InboundMail) -> LoggedObject:
    return LoggedObject(
        kind=KIND, id=str(mail.public_id), veiligheidshuis_id=mail.veiligheidshuis_id
    )


def log_mails(
    *,
    user: Any,
    mails: Iterable[InboundMail],
    event_type: EventType,
    purpose: Purpose,
    client_address: str = "",
    outcome: Outcome = Outcome.SUCCESS,
    veiligheidshuis_id: int | None = None,
    with_registrations: bool = True,
) -> AccessLogEntry:
    """One entry for an access to ``mails`` (and, ``with_registrations``, the registrations they
    became, with their persons). ``user`` None: the listener (the system)."""
    mails = list(mails)
    objects = [logged_mail(mail) for mail in mails]
    persons: list[LoggedPerson] = []
    for mail in mails if with_registrations else []:
        registration = mail.registration if mail.registration_id else None
        if registration is not None:
            objects.append(LoggedObject.for_registration(registration))
            persons.extend(LoggedPerson.of(person) for person in registration.persons.all())
    return access_log_record(
        event_type=event_type,
        user=user,
        purpose=purpose,
        objects=objects,
        persons=persons,
        outcome=outcome,
        client_address=client_address,
        veiligheidshuis_id=veiligheidshuis_id,
    )


def _log_refusal(request: HttpRequest, public_id: Any, event_type: EventType, forbidden: bool):
    """A 403 is always logged; a 404 only when the mail exists (it names the mail)."""
    if not request.user.is_authenticated:
        return
    mail = (
        InboundMail.objects.filter(public_id=public_id)
        .only("pk", "public_id", "veiligheidshuis_id", "registration_id")
        .first()
        if public_id
        else None
    )
    if mail is None and not forbidden:
        return
    # The registration is not named here: only the mail's own id.
    objects = [logged_mail(mail)] if mail is not None else []
    access_log_record(
        event_type=event_type,
        user=request.user,
        purpose=Purpose.TRIAGE,
        objects=objects,
        persons=[],
        outcome=Outcome.DENIED,
        client_address=client_address(request),
    )


def screeners_only(*, event_type: EventType) -> Callable[[Callable], Callable]:
    """Log in first; then only screeners of a Veiligheidshuis pass (403 for everyone else). A
    403 or 404 the page answers is logged as a denied ``event_type`` (purpose triage)."""

    def on_refusal(request: HttpRequest, public_id: Any, *, forbidden: bool) -> None:
        _log_refusal(request, public_id, event_type, forbidden=forbidden)

    return guard(allowed=may_use_meldpunt, on_refusal=on_refusal)


def log_by_system(mail: InboundMail, *, event_type: EventType, purpose: Purpose) -> AccessLogEntry:
    """One entry for what the intake itself (no user) did to ``mail``, in the log of the
    mail's Veiligheidshuis."""
    return log_mails(
        user=None,
        mails=[mail],
        event_type=event_type,
        purpose=purpose,
        veiligheidshuis_id=mail.veiligheidshuis_id,
    )
