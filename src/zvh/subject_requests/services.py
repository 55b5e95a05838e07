"""Writes on data-subject requests: register, change, extend the term, attach the access
report, record a restriction, answer.

Every service is one transaction on the locked request row, checks the privacy officer's
permission (``accounts.permissions``), raises ``ValidationError`` keyed by domain names, appends
a history row and records its access-log entry (purpose "data subject request") as its last
step, so a step and its entry commit or roll back together.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType
from zvh.access_log.selectors import LogFilter, subject_report_entries
from zvh.accounts.models import User
from zvh.accounts.permissions import (
    ensure,
    may_handle_subject_request,
    may_handle_subject_requests,
)
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.deadlines.months import subject_request_due
from zvh.network.models import Veiligheidshuis

from .audit import log_requests
from .enums import (
    Decision,
    EventKind,
    NoticeMeans,
    RequesterKind,
    RequestKind,
    RequestStatus,
    RestrictionGround,
)
from .models import SubjectAccessReport, SubjectRequest
from .workflow import record_event, transition

#: How a step is logged when it is not a change (U) of the request.
_LOGGED_AS = {EventKind.REGISTERED: EventType.CREATE, EventKind.REPORT_ATTACHED: EventType.EXPORT}


def _step_recorded(
    request: SubjectRequest,
    kind: EventKind,
    *,
    by: User,
    now: dt.datetime,
    client_address: str,
    status_to: str = "",
) -> None:
    """A step's line in the request's history and its access-log entry."""
    record_event(request=request, kind=kind, by=by, at=now, status_to=status_to)
    log_requests(
        user=by,
        requests=[request],
        event_type=_LOGGED_AS.get(kind, EventType.UPDATE),
        client_address=client_address,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonInput:
    """The person a request is about: a BSN, or surname + given names + date of birth, or
    both (as the access log's report finds a person)."""

    bsn: str = ""
    surname: str = ""
    given_names: str = ""
    date_of_birth: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RequesterInput:
    kind: RequesterKind
    name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestDetails:
    kind: RequestKind
    person: PersonInput
    requester: RequesterInput
    received_on: dt.date


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(LOCAL_TZ).date()


def details_errors(details: RequestDetails, *, today: dt.date) -> dict[str, list[str]]:
    """Rules for what a request says:
    - the person is identified by a BSN, or by surname, given names and date of birth;
    - a representative is named; the requester can be reached (a postal address, an e-mail
      address or a telephone number);
    - the request was not received in the future."""
    errors: dict[str, list[str]] = {}
    person = details.person
    name_parts = (person.surname.strip(), person.given_names.strip(), person.date_of_birth)
    if not person.bsn.strip() and not all(name_parts):
        errors["person"] = [_("Enter a BSN, or surname, given names and date of birth.")]
    requester = details.requester
    if requester.kind == RequesterKind.REPRESENTATIVE and not requester.name.strip():
        errors["requester_name"] = [_("Enter the name of the representative.")]
    if not (requester.address.strip() or requester.email.strip() or requester.phone.strip()):
        errors["requester_contact"] = [
            _("Enter how to reach the requester: a postal address, e-mail address or telephone.")
        ]
    if details.received_on > today:
        errors["received_on"] = [_("The date of receipt lies in the future.")]
    return errors


def _apply_details(request: SubjectRequest, details: RequestDetails) -> None:
    request.kind = details.kind
    request.bsn = details.person.bsn.strip()
    request.surname = details.person.surname.strip()
    request.given_names = details.person.given_names.strip()
    request.date_of_birth = details.person.date_of_birth
    request.requester_kind = details.requester.kind
    request.requester_name = details.requester.name.strip()
    request.requester_address = details.requester.address.strip()
    request.requester_email = details.requester.email.strip()
    request.requester_phone = details.requester.phone.strip()
    request.received_on = details.received_on
    request.due_on = subject_request_due(details.received_on, extended=request.is_extended)


def _next_reference(veiligheidshuis: Veiligheidshuis, *, year: int) -> str:
    """AVG-<code>-<year>-<n>, counted per Veiligheidshuis and year under a lock on the
    Veiligheidshuis row (requests are never removed here, so the count is the last number)."""
    Veiligheidshuis.objects.select_for_update().filter(pk=veiligheidshuis.pk).first()
    prefix = f"AVG-{veiligheidshuis.code}-{year}-"
    count = SubjectRequest.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def subject_request_register(
    *, by: User, details: RequestDetails, now: dt.datetime, client_address: str
) -> SubjectRequest:
    """Register a request at the privacy officer's own Veiligheidshuis. Its term runs one
    calendar month from receipt (``deadlines.months``)."""
    ensure(may_handle_subject_requests(by))
    errors = details_errors(details, today=_today(now))
    if errors:
        raise ValidationError(errors)
    veiligheidshuis = by.veiligheidshuis
    assert veiligheidshuis is not None, "a privacy officer works for a Veiligheidshuis (ensured)"
    with transaction.atomic():
        request = SubjectRequest(
            veiligheidshuis=veiligheidshuis,
            reference=_next_reference(veiligheidshuis, year=details.received_on.year),
            created_by=by,
            created_at=now,
        )
        _apply_details(request, details)
        request.full_clean(exclude=["reference"])
        request.save()
        _step_recorded(
            request,
            EventKind.REGISTERED,
            by=by,
            now=now,
            client_address=client_address,
            status_to=RequestStatus.OPEN,
        )
    return request


def _locked(request: SubjectRequest, by: User) -> SubjectRequest:
    ensure(may_handle_subject_request(by, request))
    return SubjectRequest.objects.select_for_update().get(pk=request.pk)


def _ensure_open(request: SubjectRequest) -> None:
    if not request.is_open:
        raise ValidationError({"status": _("This request has been answered; it cannot change.")})


def subject_request_change(
    *,
    request: SubjectRequest,
    by: User,
    details: RequestDetails,
    now: dt.datetime,
    client_address: str,
) -> SubjectRequest:
    """Correct what an open request says. A changed date of receipt moves the term with it."""
    errors = details_errors(details, today=_today(now))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = _locked(request, by)
        _ensure_open(request)
        old_person = request.person
        _apply_details(request, details)
        request.version += 1
        request.full_clean()
        request.save()
        record_event(request=request, kind=EventKind.CHANGED, by=by, at=now)
        former = [old_person] if old_person.keys != request.person.keys else []
        log_requests(
            user=by,
            requests=[request],
            event_type=EventType.UPDATE,
            client_address=client_address,
            former_persons=former,
        )
    return request


def subject_request_extend(
    *,
    request: SubjectRequest,
    by: User,
    reason: str,
    notice_on: dt.date,
    notice_means: NoticeMeans,
    now: dt.datetime,
    client_address: str,
) -> SubjectRequest:
    """Extend the term once by two further months (GDPR art. 12(3)).

    Rules: only an open request, only once, only while the first month runs; a reason is
    required; the requester must have been told of the extension and its reason within that
    month (the notice date, between receipt and today and not after the first term's end)."""
    today = _today(now)
    with transaction.atomic():
        request = _locked(request, by)
        _ensure_open(request)
        errors: dict[str, list[str]] = {}
        if request.is_extended:
            errors["extension"] = [_("The term of this request has been extended already.")]
        elif today > request.due_on:
            errors["extension"] = [
                _("The term has passed; it can only be extended while the first month runs.")
            ]
        if not reason.strip():
            errors["extension_reason"] = [_("Give the reason for the extension.")]
        if notice_on < request.received_on or notice_on > today:
            errors["extension_notice_on"] = [
                _("The requester is told between the receipt of the request and today.")
            ]
        elif notice_on > request.due_on:
            errors["extension_notice_on"] = [
                _("The requester must be told within the first month.")
            ]
        if errors:
            raise ValidationError(errors)
        request.extended_on = today
        request.extension_reason = reason.strip()
        request.extension_notice_on = notice_on
        request.extension_notice_means = notice_means
        request.due_on = subject_request_due(request.received_on, extended=True)
        request.version += 1
        request.save()
        _step_recorded(request, EventKind.EXTENDED, by=by, now=now, client_address=client_address)
    return request


def report_rows(*, by: User, request: SubjectRequest) -> list[dict[str, Any]]:
    """The successful access-log entries about the request's person that ``by`` may see (their
    own Veiligheidshuis's), oldest first, as plain values."""
    filters = LogFilter(person_keys=request.person.keys)
    return [
        {
            "at": entry.occurred_at.isoformat(),
            "organisation": entry.organisation_name,
            "roles": entry.roles,
            "event": entry.event_type,
            "purpose": entry.purpose,
            "objects": [
                {"type": obj.get("type", ""), "ref": obj.get("ref") or obj.get("id", "")}
                for obj in entry.objects_concerned
            ],
        }
        for entry in subject_report_entries(user=by, filters=filters)
    ]


def subject_request_attach_report(
    *, request: SubjectRequest, by: User, now: dt.datetime, client_address: str
) -> SubjectAccessReport:
    """Make the access report of an access request's person and attach it (stored: see
    ``SubjectAccessReport``); made again, it replaces the earlier one. Logged as an export of
    the person's data, after the snapshot (so the report does not list its own making)."""
    with transaction.atomic():
        request = _locked(request, by)
        _ensure_open(request)
        if request.kind != RequestKind.ACCESS:
            raise ValidationError(
                {"report": _("Only an access request gets the access report attached.")}
            )
        report, _created = SubjectAccessReport.objects.update_or_create(
            request=request,
            defaults={
                "generated_at": now,
                "generated_by": by,
                "rows": report_rows(by=by, request=request),
            },
        )
        _step_recorded(
            request, EventKind.REPORT_ATTACHED, by=by, now=now, client_address=client_address
        )
    return report


def subject_request_restrict(
    *,
    request: SubjectRequest,
    by: User,
    ground: RestrictionGround,
    explanation: str,
    now: dt.datetime,
    client_address: str,
) -> SubjectRequest:
    """Record that the law limits the right invoked (e.g. a running criminal investigation),
    with its legal ground and an explanation. The answer can then not be a full grant."""
    with transaction.atomic():
        request = _locked(request, by)
        _ensure_open(request)
        errors = {}
        if ground not in RestrictionGround.values:
            errors["restriction_ground"] = [_("Choose the legal ground of the restriction.")]
        if not explanation.strip():
            errors["restriction_explanation"] = [_("Explain what is withheld and why.")]
        if errors:
            raise ValidationError(errors)
        request.restriction_ground = ground
        request.restriction_explanation = explanation.strip()
        request.version += 1
        request.save()
        _step_recorded(request, EventKind.RESTRICTED, by=by, now=now, client_address=client_address)
    return request


def answer_errors(
    *,
    request: SubjectRequest,
    decision: str,
    ground: str,
    answered_on: dt.date,
    today: dt.date,
    has_report: bool,
) -> dict[str, list[str]]:
    """Rules for an answer:
    - a decision is one of granted, partly granted, refused;
    - partly granted and refused carry their ground;
    - a request under a recorded restriction is not granted in full;
    - an access request is (partly) granted only with the access report attached;
    - the answer date lies between receipt and today."""
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = [_("Choose the decision.")]
    elif decision != Decision.GRANTED and not ground.strip():
        errors["decision_ground"] = [_("Give the ground for refusing (part of) the request.")]
    elif decision == Decision.GRANTED and request.is_restricted:
        errors["decision"] = [
            _("A restriction is recorded: the request can be partly granted or refused.")
        ]
    if (
        decision in (Decision.GRANTED, Decision.PARTLY)
        and request.kind == RequestKind.ACCESS
        and not has_report
    ):
        errors["report"] = [_("Attach the access report before granting access.")]
    if answered_on < request.received_on or answered_on > today:
        errors["answered_on"] = [_("The answer date lies between the receipt and today.")]
    return errors


def subject_request_answer(
    *,
    request: SubjectRequest,
    by: User,
    decision: Decision,
    ground: str,
    answered_on: dt.date,
    now: dt.datetime,
    client_address: str,
) -> SubjectRequest:
    """Record the decision and the day the answer went out; the request is then answered."""
    with transaction.atomic():
        request = _locked(request, by)
        _ensure_open(request)
        errors = answer_errors(
            request=request,
            decision=decision,
            ground=ground,
            answered_on=answered_on,
            today=_today(now),
            has_report=SubjectAccessReport.objects.filter(request=request).exists(),
        )
        if errors:
            raise ValidationError(errors)
        request.decision = decision
        request.decision_ground = ground.strip()
        request.answered_on = answered_on
        request.save(update_fields=["decision", "decision_ground", "answered_on"])
        transition(request, to=RequestStatus.ANSWERED, by=by, at=now, event=EventKind.ANSWERED)
        log_requests(
            user=by, requests=[request], event_type=EventType.UPDATE, client_address=client_address
        )
    return request
