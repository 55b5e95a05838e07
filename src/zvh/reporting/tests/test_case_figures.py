"""The casework figures (issue 13, item 7) on a small hand-built dataset with known answers:
meetings, cases on an agenda, integrated approaches by target group and form, closing reasons,
duration, agreements on time, the trend, small numbers hidden in page, chart, CSV and XLSX."""

import io
import re
from datetime import date, datetime, timedelta
from itertools import count

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from zvh.approach.models import ApproachForm, Plan, PlanVersion
from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseRegistration,
    CaseStatus,
    CaseStatusChange,
    CloseReason,
    Meeting,
    MeetingKind,
)
from zvh.reporting.case_selectors import case_figures, trend_months
from zvh.reporting.periods import Period, PeriodKind

from .conftest import NOW, local
from .test_views import csv_rows, table

pytestmark = pytest.mark.django_db

FIGURES = reverse("reporting:figures")
XLSX = reverse("reporting:export_xlsx")
YEAR_2026 = Period(kind=PeriodKind.YEAR, year=2026)
_numbers = count(1)
DASH = "\N{EN DASH}"


@pytest.fixture
def make_approach(demo_users, houses, make_case):
    """A case opened at ``opened`` (by a registration received five days earlier when a
    ``target_group`` is given), in the integrated approach from ``approach_at``, with a plan
    whose current version has ``form``, closed at ``closed`` with ``reason``."""

    def _make(
        *,
        opened: datetime,
        vh: str = "MST",
        target_group: str | None = None,
        approach_at: datetime | None = None,
        forms: tuple[str, ...] = (),
        status: CaseStatus | None = None,
        closed: datetime | None = None,
        reason: str | None = None,
    ) -> Case:
        house = houses[vh]
        user = demo_users["screener"]
        final = status or (
            CaseStatus.CLOSED
            if closed
            else CaseStatus.INTEGRATED_APPROACH
            if approach_at
            else CaseStatus.OPEN
        )
        case = Case.objects.create(
            reference=f"{vh}-C-{next(_numbers):05d}",
            veiligheidshuis=house,
            status=final,
            opened_at=opened,
            opened_by=user,
            closed_at=closed,
            close_reason=(
                CloseReason.objects.get_or_create(veiligheidshuis=house, name=reason)[0]
                if reason
                else None
            ),
        )
        CaseStatusChange.objects.create(case=case, to_status=CaseStatus.OPEN, at=opened, by=user)
        if approach_at:
            CaseStatusChange.objects.create(
                case=case,
                from_status=CaseStatus.OPEN,
                to_status=CaseStatus.INTEGRATED_APPROACH,
                at=approach_at,
                by=user,
            )
        if closed:
            CaseStatusChange.objects.create(
                case=case, from_status="", to_status=CaseStatus.CLOSED, at=closed, by=user
            )
        if target_group:
            registration = make_case(
                vh=vh, received=opened - timedelta(days=5), target_group=target_group
            )
            CaseRegistration.objects.create(
                case=case,
                registration=registration,
                joined_at=opened,
                joined_by=user,
                opened_case=True,
            )
        if forms:
            plan = Plan.objects.create(case=case, current_number=len(forms), created_at=opened)
            for number, form in enumerate(forms, start=1):
                PlanVersion.objects.create(
                    plan=plan,
                    number=number,
                    created_at=opened,
                    created_by=demo_users["regisseur"],
                    form=form,
                )
        return case

    return _make


@pytest.fixture
def make_meeting(demo_users, houses):
    def _make(starts: datetime, cases: list[Case], *, cancelled: bool = False) -> Meeting:
        house = houses["MST"]
        meeting = Meeting.objects.create(
            veiligheidshuis=house,
            kind=MeetingKind.objects.get_or_create(veiligheidshuis=house, name="Casusoverleg")[0],
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            chair=demo_users["regisseur"],
            minute_taker=demo_users["screener"],
            planned_by=demo_users["screener"],
            state=Meeting.State.CANCELLED if cancelled else Meeting.State.PLANNED,
            ical_uid=f"meeting-{next(_numbers)}@zvh.test",
        )
        for case in cases:
            AgendaItem.objects.create(meeting=meeting, case=case, question="Wat is nodig?")
        return meeting

    return _make


@pytest.fixture
def make_agreement(demo_users):
    def _make(case: Case, due: date, done: datetime | None = None) -> Agreement:
        owner = demo_users["aanmelder"]
        return Agreement.objects.create(
            case=case,
            action="Huisbezoek afleggen.",
            owner_organisation=owner.organisation,
            owner=owner,
            due_on=due,
            state=Agreement.State.DONE if done else Agreement.State.OPEN,
            done_at=done,
        )

    return _make


@pytest.fixture
def casework(make_approach, make_meeting, make_agreement, make_tombstone):
    """Maastricht's cases around 2026 (expected figures for 2026 next to each)."""
    c1 = make_approach(  # started 2026, drang (v1 voluntary), closed 10 March: 59 days
        opened=local(2026, 1, 10, 10),
        target_group="veelplegers",
        approach_at=local(2026, 1, 10, 10),
        forms=(ApproachForm.VOLUNTARY, ApproachForm.DRANG),
        closed=local(2026, 3, 10, 15),
        reason="Doelen bereikt",
    )
    c2 = make_approach(  # started 2026, dwang, running
        opened=local(2026, 2, 1, 10),
        target_group="veelplegers",
        approach_at=local(2026, 2, 1, 10),
        forms=(ApproachForm.DWANG,),
    )
    c3 = make_approach(  # started 15 March, no plan yet (unknown), in aftercare: running
        opened=local(2026, 3, 1, 10),
        approach_at=local(2026, 3, 15, 10),
        status=CaseStatus.AFTERCARE,
    )
    # started in 2025 (not counted as started), voluntary, closed 20 April 2026: 121 days
    make_approach(
        opened=local(2025, 12, 20, 10),
        target_group="huiselijk-geweld",
        approach_at=local(2025, 12, 20, 10),
        forms=(ApproachForm.VOLUNTARY,),
        closed=local(2026, 4, 20, 10),
        reason="Overgedragen aan het lokale team of een andere organisatie",
    )
    # a consultation only, closed without a reason after 10 days: a closing reason and a
    # duration, not an integrated approach
    make_approach(opened=local(2026, 5, 5, 10), closed=local(2026, 5, 15, 10))
    # Sittard's: never counted for Maastricht
    make_approach(
        vh="STD",
        opened=local(2026, 2, 1, 10),
        approach_at=local(2026, 2, 1, 10),
        forms=(ApproachForm.DRANG,),
        closed=local(2026, 6, 1, 10),
        reason="Doelen bereikt",
    )
    make_meeting(local(2026, 3, 1, 10), [c1, c2])  # held
    make_meeting(local(2026, 4, 1, 10), [c1])  # held, c1 again
    make_meeting(local(2026, 5, 1, 10), [c3], cancelled=True)  # cancelled
    make_meeting(local(2026, 12, 1, 10), [c3])  # still to come
    make_agreement(c1, date(2026, 3, 1), done=local(2026, 2, 28, 23, 30))  # on time
    make_agreement(c1, date(2026, 3, 1), done=local(2026, 3, 1, 23, 30))  # on time (local date)
    make_agreement(c2, date(2026, 4, 1), done=local(2026, 4, 2, 0, 30))  # late (UTC: 1 April)
    make_agreement(c2, date(2026, 11, 1))  # open, overdue
    make_agreement(c3, date(2026, 12, 1))  # open, not yet due
    make_agreement(c3, date(2025, 12, 1))  # due in 2025: not counted
    make_tombstone(received=date(2026, 2, 3))  # a received registration in February
    return {"c1": c1, "c2": c2, "c3": c3}


def rows_of(rows):
    return {row.label: (row.started, row.running, row.closed) for row in rows}


def test_trend_months_end_with_the_period_or_this_month():
    today = date(2026, 11, 23)
    assert trend_months(YEAR_2026, today=today) == [
        date(2025, 12, 1),
        *(date(2026, m, 1) for m in range(1, 12)),
    ]
    last_year = trend_months(Period(kind=PeriodKind.YEAR, year=2025), today=today)
    assert (last_year[0], last_year[-1]) == (date(2025, 1, 1), date(2025, 12, 1))
    march = trend_months(Period(kind=PeriodKind.MONTH, year=2026, number=3), today=today)
    assert (march[0], march[-1], len(march)) == (date(2025, 4, 1), date(2026, 3, 1), 12)


def test_every_figure_of_the_year(casework, houses):
    f = case_figures(veiligheidshuis=houses["MST"], period=YEAR_2026, now=NOW)
    assert (f.meetings_held, f.cases_on_agenda) == (2, 2)
    assert (f.started, f.running, f.closed) == (3, 2, 2)
    by_form = {row.key: (row.started, row.running, row.closed) for row in f.by_form}
    assert by_form == {
        ApproachForm.VOLUNTARY: (0, 0, 1),
        ApproachForm.DRANG: (1, 0, 1),
        ApproachForm.DWANG: (1, 1, 0),
        "": (1, 1, 0),
    }
    assert f.by_form[-1].label == "Onbekend"
    by_group = rows_of(f.by_target_group)
    groups = {tg.code: tg.name for tg in houses["MST"].target_groups.all()}
    assert by_group[groups["veelplegers"]] == (2, 1, 1)
    assert by_group[groups["huiselijk-geweld"]] == (0, 0, 1)
    assert by_group["Geen doelgroep"] == (1, 1, 0)
    reasons = {row.label: row.count for row in f.close_reasons}
    assert reasons["Doelen bereikt"] == 1
    assert reasons["Overgedragen aan het lokale team of een andere organisatie"] == 1
    assert reasons["Cliënt werkt niet mee"] == 0
    assert reasons["Geen reden opgegeven"] == 1
    assert f.duration.cases == 3
    assert f.duration.mean == pytest.approx((59 + 121 + 10) / 3)
    assert f.duration.median == 59
    a = f.agreements
    assert (a.done_on_time, a.done_late, a.open_overdue, a.open_not_due) == (2, 1, 1, 1)
    trend = {m.start: (m.received, m.opened) for m in f.trend}
    assert trend[date(2025, 12, 1)] == (1, 1)  # the registration of 15 December, case of 20th
    assert trend[date(2026, 1, 1)] == (2, 1)
    assert trend[date(2026, 2, 1)] == (1, 1)  # the tombstone; the case of 1 February
    assert trend[date(2026, 3, 1)] == (0, 1)
    assert trend[date(2026, 5, 1)] == (0, 1)
    assert sum(r for r, _o in trend.values()) == 4


def test_a_quarter_counts_only_its_own(casework, houses):
    q2 = Period(kind=PeriodKind.QUARTER, year=2026, number=2)
    f = case_figures(veiligheidshuis=houses["MST"], period=q2, now=NOW)
    assert (f.meetings_held, f.cases_on_agenda) == (1, 1)
    assert (f.started, f.running, f.closed) == (0, 2, 1)
    assert f.duration.cases == 2  # 20 April and 15 May
    a = f.agreements
    assert (a.done_on_time, a.done_late, a.open_overdue, a.open_not_due) == (0, 1, 0, 0)


def test_the_number_of_queries_does_not_grow_with_the_cases(
    casework, houses, make_approach, django_assert_num_queries
):
    with django_assert_num_queries(12):
        case_figures(veiligheidshuis=houses["MST"], period=YEAR_2026, now=NOW)
    for day in range(1, 10):
        make_approach(
            opened=local(2026, 6, day, 10),
            target_group="veelplegers",
            approach_at=local(2026, 6, day, 10),
            forms=(ApproachForm.DRANG,),
            closed=local(2026, 7, day, 10),
            reason="Doelen bereikt",
        )
    with django_assert_num_queries(12):
        f = case_figures(veiligheidshuis=houses["MST"], period=YEAR_2026, now=NOW)
    assert f.started == 12


def cells(page: str, key: str, label: str) -> list[str]:
    """The shown values of one row of one table of the page."""
    html = table(page, key)
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html)
    assert row, (key, label)
    return re.findall(r'<td class="number">(.*?)</td>', row.group(1))


@freeze_time(NOW)
def test_the_page_shows_the_figures_and_the_trend(casework, demo_users, login, settings):
    settings.ZVH_REPORTING_MIN_CELL = 1
    page = login(demo_users["manager"]).get(FIGURES).text
    assert cells(page, "casework", "Overleggen gehouden") == ["2"]
    assert cells(page, "casework", "Casussen op een agenda") == ["2"]
    assert cells(page, "casework", "Integrale aanpakken gestart") == ["3"]
    assert cells(page, "casework", "Gemiddeld aantal dagen van opening tot sluiting") == ["63,3"]
    assert cells(page, "approach_form", "Onbekend") == ["1", "1", "0"]
    assert cells(page, "close_reason", "Doelen bereikt") == ["1"]
    assert cells(page, "agreements", "Op tijd uitgevoerd") == ["2"]
    assert cells(page, "agreements", "Te laat uitgevoerd") == ["1"]
    assert cells(page, "agreements", "Open en over de datum") == ["1"]
    # the chart's data table beside it
    assert cells(page, "trend", "Jan 2026") == ["2", "1"]
    assert cells(page, "trend", "Dec 2025") == ["1", "1"]
    assert cells(page, "trend", "Nov 2026") == ["0", "0"]
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "<script" not in page[page.index('id="trend-title"') : page.index("</main>")]
    # every shown value gets a bar (a zero a flat one)
    assert svg.count('class="bar bar-received"') == 12
    assert "Jan 2026, Aanmeldingen ontvangen: 2" in svg
    assert "&lt;1" not in svg
    # no case reference on the page
    assert casework["c1"].reference not in page


@freeze_time(NOW)
def test_small_numbers_are_hidden_in_the_page_chart_csv_and_xlsx(casework, demo_users, login):
    client = login(demo_users["manager"])
    page = client.get(FIGURES).text
    assert cells(page, "casework", "Overleggen gehouden") == ["&lt;5"]
    assert cells(page, "casework", "Integrale aanpakken gestart") == ["&lt;5"]
    assert cells(page, "approach_form", "Met dwang") == ["&lt;5", "&lt;5", "0"]
    assert cells(page, "approach_form", "Vrijwillig") == ["0", "0", "&lt;5"]
    assert cells(page, "casework", "Gemiddeld aantal dagen van opening tot sluiting") == [
        "minder dan 5 casussen"
    ]
    assert cells(page, "agreements", "Aandeel op tijd uitgevoerde afspraken") == ["niet getoond"]
    assert cells(page, "trend", "Jan 2026") == ["&lt;5", "&lt;5"]
    svg = page[page.index("<svg") : page.index("</svg>")]
    # a hidden count gets no bar, only its "<5"; a zero gets a flat bar
    assert "Jan 2026, Aanmeldingen ontvangen" not in svg
    # 3 months with registrations, 5 with cases opened
    assert svg.count('class="hidden-value"') == 8
    assert "63,3" not in page

    exported = csv_rows(client.get(reverse("reporting:export")))[1:]
    csv = {(row[2], row[3]): row[4] for row in exported}
    assert csv[("Overleggen en de integrale aanpak", "Overleggen gehouden")] == "<5"
    assert csv[("Integrale aanpakken per vorm", f"Vrijwillig {DASH} Afgesloten")] == "<5"
    assert csv[("Integrale aanpakken per vorm", f"Vrijwillig {DASH} Gestart")] == "0"
    assert csv[("Trend over twaalf maanden", f"Jan 2026 {DASH} Geopende casussen")] == "<5"

    response = client.get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="cijfers-MST-2026.xlsx"'
    sheet = read_xlsx(response.content)
    assert sheet[0] == ["Veiligheidshuis", "Periode", "Tabel", "Categorie", "Waarde"]
    cells_xlsx = {(row[2], row[3]): row[4] for row in sheet[1:]}
    assert len(sheet) - 1 == len(csv)  # the same cells as the CSV
    assert cells_xlsx[("Overleggen en de integrale aanpak", "Overleggen gehouden")] == "<5"
    assert cells_xlsx[("Aanmeldingen en besluiten", "Aanmeldingen ontvangen")] == "<5"
    assert cells_xlsx[("Integrale aanpakken per vorm", f"Vrijwillig {DASH} Gestart")] == 0
    assert all(row[1] == "2026" for row in sheet[1:])  # texts stay texts; counts are numbers
    assert casework["c1"].reference.encode() not in response.content


def read_xlsx(content: bytes) -> list[list[object]]:
    """The first sheet's rows, read back with openpyxl (numbers as ints, texts as str)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Cijfers"]
    sheet = book["Cijfers"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@freeze_time(NOW)
def test_the_page_takes_as_many_queries_with_more_cases(
    casework, demo_users, login, make_approach, make_meeting, make_agreement
):
    client = login(demo_users["manager"])
    client.get(FIGURES)  # the session settles
    with CaptureQueriesContext(connection) as small:
        assert client.get(FIGURES).status_code == 200
    for day in range(1, 8):
        case = make_approach(
            opened=local(2026, 6, day, 10),
            target_group="huiselijk-geweld",
            approach_at=local(2026, 6, day, 10),
            forms=(ApproachForm.DWANG,),
        )
        make_meeting(local(2026, 6, day, 14), [case])
        make_agreement(case, date(2026, 7, day), done=local(2026, 7, day, 9))
    with CaptureQueriesContext(connection) as large:
        assert client.get(FIGURES).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@freeze_time(NOW)
def test_a_manager_of_another_house_exports_only_theirs(casework, sittard_manager, login, settings):
    settings.ZVH_REPORTING_MIN_CELL = 1
    response = login(sittard_manager).get(
        XLSX, {"period": "year", "year": "2026", "veiligheidshuis": "MST"}
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"] == 'attachment; filename="cijfers-STD-2026.xlsx"'
    cells_xlsx = {(row[2], row[3]): row[4] for row in read_xlsx(response.content)[1:]}
    facts = "Overleggen en de integrale aanpak"
    assert cells_xlsx[(facts, "Integrale aanpakken gestart")] == 1
    assert cells_xlsx[(facts, "Integrale aanpakken afgesloten")] == 1
    assert cells_xlsx[(facts, "Overleggen gehouden")] == 0
    assert all(
        row[0] == "Veiligheidshuis district Sittard" for row in read_xlsx(response.content)[1:]
    )


def test_a_text_that_looks_like_a_formula_stays_text():
    """Names come from configuration (target groups, close reasons): a value starting with "="
    is written as the text it is, never as a formula; control characters are dropped."""
    from zvh.reporting.xlsx_export import _put

    book = openpyxl.Workbook()
    sheet = book.active
    _put(sheet, 2, 1, '=HYPERLINK("http://x")', number=False, bold=False)
    _put(sheet, 2, 2, "12", number=True, bold=False)
    _put(sheet, 2, 3, "<5", number=True, bold=False)
    _put(sheet, 2, 4, "a\x07b", number=False, bold=False)
    out = io.BytesIO()
    book.save(out)
    read = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    row = list(read.active[2])
    assert (row[0].data_type, row[0].value) == ("s", '=HYPERLINK("http://x")')
    assert [c.value for c in row[1:]] == [12, "<5", "ab"]
