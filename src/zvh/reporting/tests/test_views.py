"""The manager's page and CSV: their own Veiligheidshuis only, no personal data, small numbers
hidden, a Dutch answer to a wrong period, and nothing in the access log."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from zvh.access_log.models import AccessLogEntry
from zvh.network.enums import Outcome

from .conftest import NOW, local

pytestmark = pytest.mark.django_db

FIGURES = reverse("reporting:figures")
EXPORT = reverse("reporting:export")


def table(page: str, key: str) -> str:
    """The HTML of one table of the page."""
    start = page.index(f'id="table-{key}"')
    return page[start : page.index("</table>", start)]


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@freeze_time(NOW)
def test_the_manager_sees_this_years_figures_of_their_own_house(dataset, demo_users, login):
    response = login(demo_users["manager"]).get(FIGURES)
    assert response.status_code == 200
    page = response.text
    assert "Cijfers over 2026" in page
    assert "Veiligheidshuis Maastricht" in page
    # 10 received (tombstones included), 7 decided; 2 late and 1 integrated approach are hidden
    totals = table(page, "totals")
    assert '<th scope="row">Aanmeldingen ontvangen</th><td class="number">10</td>' in totals
    assert '<th scope="row">Aanmeldingen besloten</th><td class="number">7</td>' in totals
    assert '<th scope="row">Besloten na de termijn</th><td class="number">&lt;5</td>' in totals
    assert '<caption id="caption-totals">' in totals
    assert '<th scope="row">Maastricht</th><td class="number">8</td>' in table(page, "municipality")
    assert '<th scope="row">Meerssen</th><td class="number">&lt;5</td>' in table(
        page, "municipality"
    )
    # nothing of Sittard's, no reference, no name, no link to a case
    assert "Sittard-Geleen" not in page
    for registration in (dataset["A"], dataset["B"], dataset["sittard"]):
        assert registration.reference not in page
        assert str(registration.public_id) not in page
        person = registration.persons.get()
        assert person.surname not in page
        assert person.bsn not in page
    assert "/meldpunt/" not in page
    assert "/regie/" not in page


@freeze_time(NOW)
def test_a_manager_of_another_house_sees_only_theirs(dataset, sittard_manager, login):
    page = login(sittard_manager).get(FIGURES).text
    assert "Veiligheidshuis district Sittard" in page
    assert '<th scope="row">Aanmeldingen ontvangen</th><td class="number">&lt;5</td>' in page
    assert "Meerssen" not in page
    assert "Eijsden-Margraten" not in page
    # whatever the query asks, it is the manager's own house
    page = login(sittard_manager).get(FIGURES, {"veiligheidshuis": "MST", "vh": "1"}).text
    assert "Meerssen" not in page


@freeze_time(NOW)
def test_without_small_cell_hiding_the_exact_numbers_show(dataset, demo_users, login, settings):
    settings.ZVH_REPORTING_MIN_CELL = 1
    page = login(demo_users["manager"]).get(FIGURES).text
    assert '<th scope="row">Besloten na de termijn</th><td class="number">2</td>' in page
    assert '<th scope="row">Meerssen</th><td class="number">1</td>' in page
    assert "&lt;" not in table(page, "totals")


@freeze_time(NOW)
def test_a_quarter_and_a_month_can_be_chosen(dataset, demo_users, login, settings):
    settings.ZVH_REPORTING_MIN_CELL = 1
    client = login(demo_users["manager"])
    page = client.get(FIGURES, {"period": "quarter", "year": "2026", "quarter": "1"}).text
    assert "Cijfers over 2026, kwartaal 1" in page
    assert '<th scope="row">Aanmeldingen ontvangen</th><td class="number">6</td>' in page
    page = client.get(FIGURES, {"period": "month", "year": "2026", "month": "4"}).text
    assert "Cijfers over april 2026" in page
    assert '<th scope="row">Aanmeldingen besloten</th><td class="number">1</td>' in page
    assert 'value="month" id="id_period_2" checked' in page


@freeze_time(NOW)
def test_a_wrong_choice_is_refused_in_dutch_and_kept(dataset, demo_users, login):
    response = login(demo_users["manager"]).get(
        FIGURES, {"period": "quarter", "year": "2026", "quarter": ""}
    )
    assert response.status_code == 400
    page = response.text
    assert "Kies een kwartaal." in page
    assert 'href="#id_quarter"' in page
    assert 'value="quarter" id="id_period_1" checked' in page
    assert "Aanmeldingen ontvangen" not in page
    response = login(demo_users["manager"]).get(FIGURES, {"period": "year", "year": "1999"})
    assert response.status_code == 400
    assert "Kies een van de jaren uit de lijst." in response.text


@freeze_time(NOW)
def test_the_csv_holds_the_same_cells_and_is_not_stored(dataset, demo_users, login):
    client = login(demo_users["manager"])
    response = client.get(EXPORT, {"period": "year", "year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cijfers-MST-2026.csv"'
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0] == ["Veiligheidshuis", "Periode", "Tabel", "Categorie", "Waarde"]
    by_cell = {(row[2], row[3]): row[4] for row in rows[1:]}
    assert all(row[:2] == ["Veiligheidshuis Maastricht", "2026"] for row in rows[1:])
    assert by_cell[("Aanmeldingen en besluiten", "Aanmeldingen ontvangen")] == "10"
    assert by_cell[("Aanmeldingen en besluiten", "Besloten na de termijn")] == "<5"
    assert by_cell[("Ontvangen aanmeldingen per gemeente van de hoofdpersoon", "Maastricht")] == "8"
    assert by_cell[("Op dit moment", "Openstaande aanmeldingen")] == "<5"
    text = response.content.decode()
    assert dataset["A"].reference not in text
    assert dataset["A"].persons.get().surname not in text


@freeze_time(NOW)
def test_viewing_and_exporting_write_nothing_to_the_access_log(dataset, demo_users, login, caplog):
    """Aggregates are not personal data (see ``zvh.reporting.views``); an export is noted in
    the application log, with ids only."""
    client = login(demo_users["manager"])
    before = AccessLogEntry.objects.count()
    assert client.get(FIGURES).status_code == 200
    with caplog.at_level("INFO"):
        assert client.get(EXPORT).status_code == 200
    assert AccessLogEntry.objects.count() == before
    exported = [r for r in caplog.records if "reporting_exported" in str(r.msg)]
    assert len(exported) == 1
    assert "'veiligheidshuis': 'MST'" in str(exported[0].msg)
    assert "'period': '2026'" in str(exported[0].msg)


@pytest.mark.parametrize("username", ["aanmelder", "screener", "regisseur", "beheerder", "privacy"])
def test_everyone_but_managers_is_refused(demo_users, login, username):
    client = login(demo_users[username])
    assert client.get(FIGURES).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in (FIGURES, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@freeze_time(NOW)
def test_the_page_takes_a_constant_number_of_queries(
    dataset, demo_users, login, make_case, django_assert_max_num_queries
):
    client = login(demo_users["manager"])
    client.get(FIGURES)  # the session settles
    with CaptureQueriesContext(connection) as small:
        client.get(FIGURES)
    for day in range(1, 15):
        make_case(
            received=local(2026, 6, day, 9),
            outcome=Outcome.REFER_BACK,
            decided=local(2026, 6, day + 1, 9),
        )
    # the figures' 17, the casework figures' 12, and the request's own: session (read and
    # save, in a savepoint), user, second factor, roles, organisation and Veiligheidshuis
    with django_assert_max_num_queries(38), CaptureQueriesContext(connection) as large:
        assert client.get(FIGURES).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
