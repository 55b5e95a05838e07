"""The privacy officer's pages: the log with filters, CSV export, the data subject's report."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.keys import bsn_key
from zvh.access_log.models import AccessLogEntry

from .helpers import record

pytestmark = pytest.mark.django_db

#: A script written into the page (only static files with a src are allowed).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)")

LOG = reverse("access_log:log")
EXPORT = reverse("access_log:export")
REPORT = reverse("access_log:report")
#: A script element without a src: inline code the CSP would refuse.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")


def rows_of(page) -> list[AccessLogEntry]:
    return list(page.context["page"].object_list)


def test_anonymous_visitors_go_to_the_login_page(client):
    for url in (LOG, REPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("username", ["screener", "aanmelder", "manager", "beheerder", "regisseur"])
def test_other_roles_are_refused_and_the_attempt_is_logged(demo_users, login, username):
    client = login(demo_users[username])
    assert client.get(LOG).status_code == 403
    assert client.post(EXPORT, {}).status_code == 403
    assert client.get(REPORT).status_code == 403
    attempts = AccessLogEntry.objects.filter(username=username, outcome=Outcome.DENIED)
    assert sorted(attempts.values_list("event_type", flat=True)) == ["export", "search", "view"]


def test_the_log_shows_the_own_veiligheidshuis_only_newest_first(
    demo_users, login, registration, sittard_registration, read_as
):
    first = read_as(demo_users["screener"], registration)
    second = read_as(demo_users["regisseur"], registration, purpose=Purpose.PROCESS_DIRECTION)
    elsewhere = read_as(demo_users["screener-sittard"], sittard_registration)

    page = login(demo_users["privacy"]).get(LOG)

    assert page.status_code == 200
    entries = rows_of(page)
    # Newest first: this very page view (logged before the query), then the two reads.
    assert entries[0].event_type == EventType.SEARCH
    assert entries[0].purpose == Purpose.PRIVACY_REVIEW
    assert entries[1:] == [second, first]
    assert elsewhere not in entries
    assert "MST-2026-00042" in page.text
    assert "STD-2026-00007" not in page.text
    assert "screener-sittard" not in page.text
    assert "Toegangslog" in page.text
    assert page["Cache-Control"].count("no-store") == 1


def test_viewing_the_log_is_logged(demo_users, login):
    login(demo_users["privacy"]).get(LOG)
    entry = AccessLogEntry.objects.latest("sequence")
    assert (entry.username, entry.action, entry.event_type, entry.outcome) == (
        "privacy",
        "E",
        "search",
        "success",
    )
    assert entry.veiligheidshuis_id == demo_users["privacy"].veiligheidshuis.pk
    assert entry.client_address == "127.0.0.1"


def test_filter_by_period(demo_users, login, registration, read_as):
    old = read_as(demo_users["screener"], registration)
    AccessLogEntry.objects.none()  # (entries cannot be changed; make one in the past instead)
    past = record(
        user=demo_users["screener"],
        at=dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.UTC),  # 2 March 00:30 in Amsterdam
        objects=(),
        veiligheidshuis_id=registration.veiligheidshuis_id,
    )
    client = login(demo_users["privacy"])
    entries = rows_of(client.post(LOG, {"date_from": "2025-03-02", "date_to": "2025-03-02"}))
    assert entries == [past]
    entries = rows_of(client.post(LOG, {"date_to": "2025-03-01"}))
    assert entries == []
    entries = rows_of(client.post(LOG, {"date_from": "2025-03-03"}))
    assert past not in entries
    assert old in entries


def test_filter_by_user_and_organisation(demo_users, login, registration, read_as):
    by_screener = read_as(demo_users["screener"], registration)
    by_registrant = read_as(demo_users["aanmelder"], registration, purpose=Purpose.REGISTRATION)
    client = login(demo_users["privacy"])

    assert rows_of(client.post(LOG, {"username": "screener"})) == [by_screener]
    police = demo_users["aanmelder"].organisation
    assert rows_of(client.post(LOG, {"organisation": police.pk})) == [by_registrant]


def test_filter_by_person_by_bsn_or_by_name_and_birth_date(
    demo_users, login, registration, read_as
):
    about_jan = read_as(demo_users["screener"], registration)
    record(user=demo_users["screener"], veiligheidshuis_id=registration.veiligheidshuis_id)
    client = login(demo_users["privacy"])

    by_bsn = client.post(LOG, {"bsn": "111222333"})
    assert rows_of(by_bsn)[1:] == [about_jan]
    by_name = client.post(
        LOG,
        {"surname": "Van  Dijk", "given_names": "J.", "date_of_birth": "1980-01-02"},
    )
    assert rows_of(by_name)[1:] == [about_jan]
    # The officer's own search is logged about the same person.
    search = AccessLogEntry.objects.latest("sequence")
    assert search.subjects.count() == 1


def test_the_page_buttons_keep_the_filters(demo_users, login, registration):
    for _ in range(55):
        record(user=demo_users["screener"], veiligheidshuis_id=registration.veiligheidshuis_id)
    client = login(demo_users["privacy"])
    first = client.post(LOG, {"username": "screener"})
    assert len(rows_of(first)) == 50
    assert 'name="page" value="2"' in first.text
    second = client.post(LOG, {"username": "screener", "page": "2"})
    assert len(rows_of(second)) == 5
    assert "Pagina 2 van 2" in second.text


def test_invalid_filters_are_explained(demo_users, login):
    page = login(demo_users["privacy"]).post(
        LOG,
        {"bsn": "123456789", "surname": "Dijk", "date_from": "2026-02-01", "date_to": "2026-01-01"},
    )
    assert page.status_code == 200
    assert page.context["page"] is None
    assert 'class="error-summary"' in page.text
    assert "Er is een probleem" in page.text
    assert 'href="#id_bsn"' in page.text
    assert 'href="#id_given_names"' in page.text
    assert 'href="#id_date_to"' in page.text
    assert "elfproef" in page.text


def test_the_log_page_takes_a_constant_number_of_queries(
    demo_users, login, registration, django_assert_max_num_queries
):
    client = login(demo_users["privacy"])

    def entries(count: int) -> None:
        for _ in range(count):
            record(user=demo_users["screener"], veiligheidshuis_id=registration.veiligheidshuis_id)

    entries(3)
    assert client.get(LOG).status_code == 200  # warm the session
    with django_assert_max_num_queries(16) as few:
        assert client.post(LOG, {"username": "screener"}).status_code == 200
    entries(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.post(LOG, {"username": "screener"})
    assert len(page.context["page"].object_list) == 48
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.post(LOG, {"bsn": "111222333"}).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LOG).status_code == 200


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_csv_export_of_the_filtered_entries(
    demo_users, login, registration, sittard_registration, read_as
):
    mine = read_as(demo_users["screener"], registration, address="198.51.100.4")
    read_as(demo_users["aanmelder"], registration, purpose=Purpose.REGISTRATION)
    read_as(demo_users["screener-sittard"], sittard_registration)
    response = login(demo_users["privacy"]).post(EXPORT, {"username": "screener"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-MST-')
    assert "no-store" in response["Cache-Control"]
    header, *rows = _csv(response)
    assert header[:4] == ["Gebeurtenis-id", "Volgnummer", "Tijdstip (UTC)", "Actiecode"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Gebeurtenis-id"] == str(mine.event_id)
    assert row["Tijdstip (UTC)"] == mine.occurred_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (row["Actiecode"], row["Gebeurtenis"], row["Resultaat"]) == ("R", "view", "success")
    assert (row["Gebruikersnaam"], row["Rollen"], row["Doel"]) == ("screener", "screener", "triage")
    assert row["Objecten"] == f"registration:{registration.public_id}:MST-2026-00042"
    assert row["Netwerkadres"] == "198.51.100.4"
    assert row["Hash"] == mine.hash
    assert "111222333" not in str(rows)


def test_the_export_is_logged_and_needs_a_post(demo_users, login):
    client = login(demo_users["privacy"])
    assert client.get(EXPORT).status_code == 405
    _csv(client.post(EXPORT, {"bsn": "111222333"}))
    entry = AccessLogEntry.objects.latest("sequence")
    assert (entry.action, entry.event_type, entry.purpose) == ("R", "export", "privacy_review")
    assert list(entry.subjects.values_list("person_key", flat=True)) == [bsn_key("111222333")]


def test_an_invalid_export_shows_the_errors(demo_users, login):
    response = login(demo_users["privacy"]).post(EXPORT, {"bsn": "12"})
    assert response.status_code == 400
    assert "Er is een probleem" in response.text


def test_the_data_subject_report(demo_users, login, registration, sittard_registration, read_as):
    read_as(demo_users["screener"], registration)
    read_as(demo_users["regisseur"], registration, purpose=Purpose.PROCESS_DIRECTION)
    read_as(demo_users["screener-sittard"], sittard_registration)  # another Veiligheidshuis
    record(
        user=demo_users["screener"],
        outcome=Outcome.DENIED,
        objects=(),
        veiligheidshuis_id=registration.veiligheidshuis_id,
    )
    client = login(demo_users["privacy"])
    assert "Overzicht voor een betrokkene" in client.get(REPORT).text

    report = client.post(REPORT, {"bsn": "111222333"})

    assert report.status_code == 200
    text = report.text
    assert "Overzicht: wie heeft uw gegevens ingezien" in text
    assert "Zorg- en Veiligheidshuis Maastricht" in text
    assert "BSN eindigend op 2333" in text
    assert "111222333" not in text.replace('value="111222333"', "")
    assert "Screener meldpunt" in text
    assert "Om de hulp die u krijgt af te stemmen" in text
    assert "Triage" not in text.split('<article class="report"')[1]
    assert "Ingezien om" in text
    assert "Aanmelding MST-2026-00042" in text
    assert str(registration.public_id) not in text
    assert "STD-2026-00007" not in text
    # Staff are named by organisation and role, not by name or username.
    printed = text.split('<article class="report"')[1]
    for name in ("Sanne", "Rik", "Regisseur", "<td>screener</td>", "<td>regisseur</td>"):
        assert name not in printed
    groups = report.context["groups"]
    # The two reads under the registration, and the making of this report (logged before it
    # was made) under "other".
    assert [g.reference for g in groups] == ["MST-2026-00042", ""]
    assert [line.purpose for line in groups[0].lines] == ["triage", "process_direction"]
    assert [line.purpose for line in groups[1].lines] == ["data_subject_request"]
    assert 'href="/static/zvh/css/access_log.css"' in text
    assert not INLINE_SCRIPT.search(text)  # scripts only as static files
    assert 'style="' not in text


def test_the_report_needs_a_person(demo_users, login):
    report = login(demo_users["privacy"]).post(REPORT, {"date_from": "2026-01-01"})
    assert report.context["groups"] is None
    assert "Vul een BSN in, of achternaam, voornamen en geboortedatum." in report.text


def test_the_report_by_name_and_birth_date(demo_users, login, registration, read_as):
    read_as(demo_users["screener"], registration)
    report = login(demo_users["privacy"]).post(
        REPORT, {"surname": "van Dijk", "given_names": "Jan", "date_of_birth": "1980-01-02"}
    )
    groups = report.context["groups"]
    assert [[line.purpose for line in g.lines] for g in groups] == [
        ["triage"],
        ["data_subject_request"],
    ]
    assert "geboren 2 januari 1980" in report.text


def test_pages_hold_no_inline_script_or_style(demo_users, login):
    client = login(demo_users["privacy"])
    for response in (client.get(LOG), client.get(REPORT), client.post(LOG, {"bsn": "1"})):
        assert not INLINE_SCRIPT.search(response.text)
        assert 'style="' not in response.text
        assert "<style" not in response.text
        assert 'href="/static/zvh/css/access_log.css"' in response.text
