"""The rules of data-subject requests, each through its service (frozen clock for the terms)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.values import LoggedPerson
from zvh.subject_requests import services
from zvh.subject_requests.enums import (
    Decision,
    EventKind,
    NoticeMeans,
    RequesterKind,
    RequestKind,
    RequestStatus,
    RestrictionGround,
)
from zvh.subject_requests.models import SubjectAccessReport, SubjectRequest
from zvh.subject_requests.services import PersonInput, RequesterInput
from zvh.subject_requests.workflow import ALLOWED, transition

from .conftest import BSN, NOW, details

pytestmark = pytest.mark.django_db


def last_entry() -> AccessLogEntry:
    return AccessLogEntry.objects.latest("sequence")


def test_registering_stores_the_term_of_one_month_and_logs_it(make_request, officer):
    request = make_request()
    assert request.reference == "AVG-MST-2026-0001"
    assert request.veiligheidshuis == officer.veiligheidshuis
    assert request.status == RequestStatus.OPEN
    assert request.due_on == dt.date(2027, 1, 4)  # 1 Jan is a holiday; 2-3 Jan a weekend
    assert [e.kind for e in request.events.all()] == [EventKind.REGISTERED]
    entry = last_entry()
    assert (entry.event_type, entry.purpose, entry.outcome) == (
        EventType.CREATE,
        Purpose.DATA_SUBJECT_REQUEST,
        Outcome.SUCCESS,
    )
    assert entry.objects_concerned == [
        {"type": "subject_request", "id": str(request.public_id), "ref": request.reference}
    ]
    assert set(entry.subjects.values_list("person_key", flat=True)) == set(request.person.keys)
    assert entry.client_address == "192.0.2.7"
    assert BSN not in str(entry.objects_concerned)


def test_references_count_per_veiligheidshuis_and_year(make_request, sittard_officer):
    make_request()
    assert make_request().reference == "AVG-MST-2026-0002"
    assert make_request(by=sittard_officer).reference == "AVG-STD-2026-0001"
    assert make_request(received_on=dt.date(2025, 12, 30)).reference == "AVG-MST-2025-0001"


@pytest.mark.parametrize("username", ["screener", "regisseur", "manager", "beheerder", "aanmelder"])
def test_only_privacy_officers_register(make_request, demo_users, username):
    with pytest.raises(PermissionDenied):
        make_request(by=demo_users[username])
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"person": PersonInput(surname="Dijk", given_names="Jan")}, "person"),
        (
            {"requester": RequesterInput(kind=RequesterKind.REPRESENTATIVE, address="Straat 1")},
            "requester_name",
        ),
        ({"requester": RequesterInput(kind=RequesterKind.SUBJECT)}, "requester_contact"),
        ({"received_on": dt.date(2026, 12, 4)}, "received_on"),
    ],
)
def test_incomplete_details_are_refused_and_nothing_is_saved(make_request, overrides, key):
    with pytest.raises(ValidationError) as refused:
        make_request(**overrides)
    assert key in refused.value.message_dict
    assert not SubjectRequest.objects.exists()
    assert not AccessLogEntry.objects.filter(purpose=Purpose.DATA_SUBJECT_REQUEST).exists()


def test_a_person_by_name_and_birth_date_alone_is_enough(make_request):
    request = make_request(
        person=PersonInput(surname="Dijk", given_names="Jan", date_of_birth=dt.date(1980, 1, 2))
    )
    assert request.bsn == ""
    assert len(request.person.keys) == 1


def test_changing_the_receipt_moves_the_term_and_logs_both_persons(make_request, officer):
    request = make_request()
    before = LoggedPerson(bsn=BSN)
    changed = services.subject_request_change(
        request=request,
        by=officer,
        details=details(
            received_on=dt.date(2026, 11, 20),
            person=PersonInput(bsn="123456782"),
        ),
        now=NOW,
        client_address="192.0.2.7",
    )
    assert changed.due_on == dt.date(2026, 12, 21)  # 20 December is a Sunday
    assert changed.version == 2
    keys = set(last_entry().subjects.values_list("person_key", flat=True))
    assert before.keys <= keys
    assert changed.person.keys <= keys


def extend(request, by, *, now=NOW, notice_on=dt.date(2026, 12, 3), reason="Veel gegevens"):
    return services.subject_request_extend(
        request=request,
        by=by,
        reason=reason,
        notice_on=notice_on,
        notice_means=NoticeMeans.LETTER,
        now=now,
        client_address="192.0.2.7",
    )


def test_the_term_is_extended_once_by_two_months(make_request, officer):
    request = extend(make_request(), officer)
    assert request.due_on == dt.date(2027, 3, 1)
    assert request.extended_on == dt.date(2026, 12, 3)
    assert request.extension_notice_means == NoticeMeans.LETTER
    assert last_entry().event_type == EventType.UPDATE
    with pytest.raises(ValidationError) as refused:
        extend(request, officer)
    assert "extension" in refused.value.message_dict


@pytest.mark.parametrize(
    ("reason", "notice_on", "key"),
    [
        ("  ", dt.date(2026, 12, 3), "extension_reason"),
        ("Reden", dt.date(2026, 11, 30), "extension_notice_on"),  # before receipt
        ("Reden", dt.date(2026, 12, 4), "extension_notice_on"),  # in the future
    ],
)
def test_an_extension_needs_a_reason_and_a_notice_to_the_requester(
    make_request, officer, reason, notice_on, key
):
    request = make_request()
    with pytest.raises(ValidationError) as refused:
        extend(request, officer, reason=reason, notice_on=notice_on)
    assert key in refused.value.message_dict
    request.refresh_from_db()
    assert request.extended_on is None
    assert request.due_on == dt.date(2027, 1, 4)


def test_after_the_first_month_the_term_cannot_be_extended(make_request, officer):
    request = make_request()
    with freeze_time("2027-01-05 10:00:00+01:00"):
        late = dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC)
        with pytest.raises(ValidationError) as refused:
            extend(request, officer, now=late, notice_on=dt.date(2027, 1, 5))
    assert "extension" in refused.value.message_dict


def test_the_access_report_is_a_stored_snapshot_logged_as_an_export(
    make_request, officer, demo_users, houses, rf
):
    from zvh.access_log.shortcuts import log_read
    from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        reference="MST-2026-00042",
        status="received",
    )
    PersonFactory(registration=registration, bsn=BSN, date_of_birth=dt.date(1980, 1, 2))
    http = rf.get("/")
    http.user = demo_users["screener"]
    log_read(http, registration, purpose=Purpose.TRIAGE)
    request = make_request()

    report = services.subject_request_attach_report(
        request=request, by=officer, now=NOW, client_address="192.0.2.7"
    )
    # the screener's read, and the registering of the request (an entry about the person)
    assert [row["event"] for row in report.rows] == ["view", "create"]
    assert report.rows[0]["organisation"] == demo_users["screener"].organisation.name
    assert report.rows[0]["objects"] == [{"type": "registration", "ref": "MST-2026-00042"}]
    # no staff names: what each row holds
    keys = {"at", "organisation", "roles", "event", "purpose", "objects"}
    assert all(set(row) == keys for row in report.rows)
    entry = last_entry()
    assert (entry.event_type, entry.purpose) == (EventType.EXPORT, Purpose.DATA_SUBJECT_REQUEST)
    # made again: replaced, now listing the first export too
    again = services.subject_request_attach_report(
        request=request, by=officer, now=NOW, client_address="192.0.2.7"
    )
    assert SubjectAccessReport.objects.count() == 1
    assert [row["event"] for row in again.rows] == ["view", "create", "export"]


def test_only_an_access_request_gets_the_report(make_request, officer):
    request = make_request(kind=RequestKind.ERASURE)
    with pytest.raises(ValidationError) as refused:
        services.subject_request_attach_report(
            request=request, by=officer, now=NOW, client_address=""
        )
    assert "report" in refused.value.message_dict


def restrict(request, by, *, ground=RestrictionGround.CRIMINAL_INVESTIGATION, explanation="Lopend"):
    return services.subject_request_restrict(
        request=request,
        by=by,
        ground=ground,
        explanation=explanation,
        now=NOW,
        client_address="",
    )


def answer(request, by, *, decision=Decision.GRANTED, ground="", answered_on=dt.date(2026, 12, 3)):
    return services.subject_request_answer(
        request=request,
        by=by,
        decision=decision,
        ground=ground,
        answered_on=answered_on,
        now=NOW,
        client_address="",
    )


def test_a_restriction_is_recorded_with_its_ground(make_request, officer):
    request = restrict(make_request(), officer)
    assert request.restriction_ground == RestrictionGround.CRIMINAL_INVESTIGATION
    assert request.is_restricted
    with pytest.raises(ValidationError) as refused:
        restrict(request, officer, explanation=" ")
    assert "restriction_explanation" in refused.value.message_dict


def test_access_is_granted_only_with_the_report(make_request, officer):
    request = make_request()
    with pytest.raises(ValidationError) as refused:
        answer(request, officer)
    assert "report" in refused.value.message_dict
    services.subject_request_attach_report(request=request, by=officer, now=NOW, client_address="")
    answered = answer(request, officer)
    assert answered.status == RequestStatus.ANSWERED
    assert answered.decision == Decision.GRANTED
    assert answered.answered_on == dt.date(2026, 12, 3)
    assert [e.kind for e in answered.events.all()][-1] == EventKind.ANSWERED


def test_a_refusal_needs_its_ground(make_request, officer):
    request = make_request(kind=RequestKind.ERASURE)
    with pytest.raises(ValidationError) as refused:
        answer(request, officer, decision=Decision.REFUSED)
    assert "decision_ground" in refused.value.message_dict
    assert (
        answer(request, officer, decision=Decision.REFUSED, ground="Wettelijke plicht").is_open
        is False
    )


def test_a_restricted_request_is_not_granted_in_full(make_request, officer):
    request = restrict(make_request(kind=RequestKind.RECTIFICATION), officer)
    with pytest.raises(ValidationError) as refused:
        answer(request, officer)
    assert "decision" in refused.value.message_dict
    assert answer(request, officer, decision=Decision.PARTLY, ground="Deels").decision == "partly"


@pytest.mark.parametrize("answered_on", [dt.date(2026, 11, 30), dt.date(2026, 12, 4)])
def test_the_answer_date_lies_between_receipt_and_today(make_request, officer, answered_on):
    request = make_request(kind=RequestKind.OBJECTION)
    with pytest.raises(ValidationError) as refused:
        answer(request, officer, decision=Decision.REFUSED, ground="x", answered_on=answered_on)
    assert "answered_on" in refused.value.message_dict


def test_an_answered_request_does_not_change(make_request, officer):
    request = answer(make_request(kind=RequestKind.ERASURE), officer)
    for step in (lambda: extend(request, officer), lambda: restrict(request, officer)):
        with pytest.raises(ValidationError) as refused:
            step()
        assert "status" in refused.value.message_dict


def test_another_houses_officer_cannot_touch_a_request(make_request, sittard_officer):
    request = make_request()
    with pytest.raises(PermissionDenied):
        extend(request, sittard_officer)
    with pytest.raises(PermissionDenied):
        answer(request, sittard_officer)


@pytest.mark.parametrize("source", list(RequestStatus))
@pytest.mark.parametrize("target", list(RequestStatus))
def test_every_pair_of_statuses_follows_the_table(make_request, officer, source, target):
    request = make_request()
    SubjectRequest.objects.filter(pk=request.pk).update(status=source)
    request.refresh_from_db()
    if target in ALLOWED[source]:
        transition(request, to=target, by=officer, at=NOW, event=EventKind.ANSWERED)
        request.refresh_from_db()
        assert request.status == target
        assert request.events.last().status_to == target
    else:
        with pytest.raises(ValidationError):
            transition(request, to=target, by=officer, at=NOW, event=EventKind.ANSWERED)
        request.refresh_from_db()
        assert request.status == source
