"""The privacy officer's pages: the flow through the forms, refusals, logging, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.subject_requests.enums import RequestStatus
from zvh.subject_requests.models import RetentionExtension, SubjectRequest
from zvh.subject_requests.services import subject_request_attach_report

from .conftest import BSN, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thursday_3_december():
    """The clock stands on Thursday 3 December 2026, 10:00 in Maastricht (terms are dates)."""
    with freeze_time("2026-12-03 09:00:00", tick=True):
        yield


LIST = reverse("subject_requests:list")
CREATE = reverse("subject_requests:create")

FORM = {
    "kind": "access",
    "bsn": BSN,
    "surname": "van Dijk",
    "given_names": "Jan Pieter",
    "date_of_birth": "1980-01-02",
    "requester_kind": "subject",
    "requester_name": "",
    "requester_address": "Teststraat 1\n6211 AA Maastricht",
    "requester_email": "",
    "requester_phone": "",
    "received_on": "2026-12-01",
}


def url(name: str, request) -> str:
    return reverse(f"subject_requests:{name}", args=[request.public_id])


def latest() -> AccessLogEntry:
    return AccessLogEntry.objects.latest("sequence")


def test_register_extend_attach_answer_and_print(login, officer):
    client = login(officer)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, FORM)
    request = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert response.url == url("detail", request)

    page = client.get(url("detail", request))
    assert page.status_code == 200
    assert "AVG-MST-2026-0001" in page.text
    assert "4 januari 2027" in page.text
    assert (latest().event_type, latest().purpose) == (EventType.VIEW, Purpose.DATA_SUBJECT_REQUEST)

    response = client.post(
        url("extend", request),
        {"reason": "Veel betrokken partners", "notice_on": "2026-12-03", "notice_means": "email"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.due_on == dt.date(2027, 3, 1)

    assert client.post(url("report", request)).status_code == 302
    assert latest().event_type == EventType.EXPORT
    assert request.access_report.rows

    response = client.post(
        url("answer", request),
        {"decision": "granted", "ground": "", "answered_on": "2026-12-03"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED

    letter = client.get(url("letter", request))
    assert letter.status_code == 200
    assert latest().event_type == EventType.PRINT
    assert "Toegewezen" in letter.text
    assert "Uw verzoek om inzage in uw persoonsgegevens" in letter.text
    assert "Bijlage" in letter.text
    assert BSN not in letter.text  # the letter prints no BSN or birth date
    assert "1980" not in letter.text
    assert "Teststraat 1" in letter.text  # the address, for the envelope
    assert "subject_requests.css" in letter.text


def test_a_refused_form_keeps_what_was_typed_with_a_linked_summary(login, officer):
    client = login(officer)
    response = client.post(CREATE, {**FORM, "bsn": "", "surname": "", "requester_address": ""})
    assert response.status_code == 400
    assert not SubjectRequest.objects.exists()
    summary = response.context["summary"]
    hrefs = [item.href for item in summary]
    assert "#id_bsn" in hrefs
    assert "#id_requester_address" in hrefs
    assert 'class="error-summary"' in response.text
    assert 'value="Jan Pieter"' in response.text
    assert "Vul een BSN in, of achternaam, voornamen en geboortedatum." in response.text


def test_an_empty_answer_form_shows_dutch_errors(login, officer, make_request):
    request = make_request()
    response = login(officer).post(url("answer", request), {})
    assert response.status_code == 400
    assert "Kies het besluit." in response.text
    assert next(item.href for item in response.context["summary"]) == "#id_decision_0"


def test_granting_access_without_the_report_is_refused_on_the_page(login, officer, make_request):
    request = make_request()
    response = login(officer).post(
        url("answer", request), {"decision": "granted", "answered_on": "2026-12-03"}
    )
    assert response.status_code == 400
    assert "Voeg het inzageoverzicht toe" in response.text


@pytest.mark.parametrize("username", ["screener", "regisseur", "manager", "beheerder", "aanmelder"])
def test_other_roles_are_refused_and_logged(login, demo_users, make_request, username):
    request = make_request()
    client = login(demo_users[username])
    assert client.get(LIST).status_code == 403
    assert client.get(url("detail", request)).status_code == 403
    denied = AccessLogEntry.objects.filter(username=username, outcome=Outcome.DENIED)
    assert denied.count() == 2
    assert denied.latest("sequence").objects_concerned[0]["ref"] == request.reference


def test_another_houses_officer_gets_404_and_it_is_logged(login, make_request, sittard_officer):
    request = make_request()
    client = login(sittard_officer)
    assert client.get(LIST).status_code == 200
    assert request.reference not in client.get(LIST).text
    assert client.get(url("detail", request)).status_code == 404
    entry = latest()
    assert entry.outcome == Outcome.DENIED
    assert entry.veiligheidshuis_id == request.veiligheidshuis_id  # our officer sees it


def test_the_list_shows_open_requests_by_term_and_marks_the_overdue(login, officer, make_request):
    late = make_request(received_on=dt.date(2026, 10, 1))  # due 2 November: passed
    soon = make_request(received_on=dt.date(2026, 11, 6))  # due 7 December
    page = login(officer).get(LIST)
    rows = page.context["rows"]
    assert [row.request for row in rows] == [late, soon]
    assert rows[0].overdue
    assert rows[1].due_soon
    assert "Termijn verstreken" in page.text
    entry = latest()
    assert entry.event_type == EventType.SEARCH
    assert {obj["ref"] for obj in entry.objects_concerned} == {late.reference, soon.reference}


def test_the_request_list_takes_the_same_queries_for_2_and_12_requests(
    login, officer, make_request, django_assert_num_queries
):
    client = login(officer)
    for _ in range(2):
        make_request()
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(LIST).context["rows"]) == 2
    for _ in range(10):
        make_request()
    with django_assert_num_queries(len(few)):
        assert len(client.get(LIST).context["rows"]) == 12


def test_the_extension_list_takes_the_same_queries_for_1_and_8_extensions(
    login, demo_users, houses, django_assert_num_queries
):
    from zvh.registrations.tests.factories import RegistrationFactory
    from zvh.subject_requests.extensions import retention_extension_request

    def extension(n: int) -> None:
        registration = RegistrationFactory(
            registrant=demo_users["aanmelder"],
            veiligheidshuis=houses["MST"],
            status="decided",
            reference=f"MST-2026-{n:05d}",
        )
        retention_extension_request(
            by=demo_users["screener"],
            registration_reference=registration.reference,
            reason="Lopend onderzoek",
            ends_on=dt.date(2027, 6, 1),
            now=NOW,
            client_address="",
        )

    client = login(demo_users["privacy"])
    extension(1)
    list_url = reverse("retention_extensions:list")
    client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(list_url).context["extensions"]) == 1
    for n in range(2, 9):
        extension(n)
    with django_assert_num_queries(len(few)):
        assert len(client.get(list_url).context["extensions"]) == 8


def test_a_screener_requests_an_extension_and_the_officer_approves_it(login, demo_users, houses):
    from zvh.registrations.tests.factories import RegistrationFactory

    RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status="decided",
        reference="MST-2026-00077",
    )
    client = login(demo_users["screener"])
    response = client.post(
        reverse("retention_extensions:create"),
        {
            "registration": "MST-2026-00077",
            "reason": "Strafrechtelijk onderzoek",
            "ends_on": "2027-06-01",
        },
    )
    extension = RetentionExtension.objects.get()
    assert response.status_code == 302
    detail = reverse("retention_extensions:detail", args=[extension.public_id])
    decide = reverse("retention_extensions:decide", args=[extension.public_id])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client = login(demo_users["privacy"])
    assert "Beslissen over de verlenging" in client.get(detail).text
    assert client.post(decide, {"decision": "reject"}).status_code == 400  # no note
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    extension.refresh_from_db()
    assert extension.status == "approved"


def test_an_unknown_reference_is_refused_on_the_page(login, demo_users):
    response = login(demo_users["regisseur"]).post(
        reverse("retention_extensions:create"),
        {"registration": "MST-2099-99999", "reason": "x", "ends_on": "2027-06-01"},
    )
    assert response.status_code == 400
    assert response.context["summary"][0].href == "#id_registration"


def test_the_report_of_the_officers_house_only(make_request, officer, sittard_officer):
    """The attached report reads the log as the officer may see it: their own house's."""
    request = make_request()
    with freeze_time("2026-12-03 09:30:00"):
        report = subject_request_attach_report(
            request=request, by=officer, now=NOW, client_address=""
        )
    assert all(row["organisation"] != sittard_officer.organisation.name for row in report.rows)
