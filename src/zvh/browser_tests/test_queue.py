"""The screener's queue in real Chromium (issue 14, points 1, 3 and 4), on a laptop (1366x900)
and a phone (390x844): urgent first with its tag, the urgency filter, sorting by a column header,
"assign to me", a saved filter, decided registrations found on request; the full width, the first
row above the fold, no sideways scrolling on the phone with the deadline in view; axe clean."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from zvh.deadlines.calculation import reply_deadline
from zvh.registrations.models import Registration, Urgency
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import Assignment, SavedFilter

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def registrations(demo_users, houses, municipalities) -> dict[str, Registration]:
    """Three open registrations of Maastricht (the urgent one with the latest deadline) and a
    decided one."""
    now = timezone.now()
    made = {}
    for key, days_ago, urgency, status in (
        ("early", 5, Urgency.NORMAL, Status.RECEIVED),
        ("middle", 3, Urgency.NORMAL, Status.SCREENING),
        ("urgent", 1, Urgency.URGENT, Status.RECEIVED),
        ("decided", 20, Urgency.NORMAL, Status.DECIDED),
    ):
        received = now - timedelta(days=days_ago)
        made[key] = RegistrationFactory(
            registrant=demo_users["aanmelder"],
            veiligheidshuis=houses["MST"],
            status=status,
            reference=f"MST-2026-009{len(made) + 10}",
            received_at=received,
            deadline_at=reply_deadline(houses["MST"].reply_term, received_at=received),
            urgency=urgency,
            decided_at=now - timedelta(days=15) if status == Status.DECIDED else None,
        )
        PersonFactory(
            registration=made[key],
            municipality=municipalities["Maastricht"],
            given_names="Kees",
            surname=f"Verhoeven-{key}",
        )
    return made


def _rows(page: Page):
    return page.locator("table.queue-list tbody tr")


def _references(page: Page) -> list[str]:
    return _rows(page).locator("th").all_inner_texts()


def test_the_queue_at_1366(page, log_in, registrations, demo_users):
    page.set_viewport_size(LAPTOP)
    log_in("screener")
    page.goto(reverse("triage:queue"))
    refs = {key: r.reference for key, r in registrations.items()}

    # Urgent first, tagged in words; the decided one is not in the queue.
    assert _references(page) == [refs["urgent"], refs["early"], refs["middle"]]
    first = _rows(page).first
    expect(first.locator(".tag-urgent")).to_have_text("Spoed")
    # The full width of the screen, every row on one line, the first row above the fold.
    main = page.locator("main").bounding_box()
    assert main["width"] >= 1300, main
    box = first.bounding_box()
    assert box["y"] + box["height"] <= LAPTOP["height"], box
    save_screenshot(page, "queue-1366")
    line = first.locator("td").first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    for i in range(3):
        assert _rows(page).nth(i).bounding_box()["height"] < 1.8 * line, "a row wraps"
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert_accessible(page)

    # Sorting by a column header: the deadline, earliest first, then the other way.
    header = page.get_by_role("columnheader", name="Reactietermijn")
    with page.expect_navigation():
        header.get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Reactietermijn")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert _references(page) == [refs["early"], refs["middle"], refs["urgent"]]
    with page.expect_navigation():
        page.get_by_role("columnheader", name="Reactietermijn").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Reactietermijn")).to_have_attribute(
        "aria-sort", "descending"
    )
    assert _references(page) == [refs["urgent"], refs["middle"], refs["early"]]

    # The urgency filter, kept with the order.
    page.get_by_label("Urgentie").select_option("urgent")
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    assert _references(page) == [refs["urgent"]]
    assert "sort=-deadline" in page.url

    # Save this filter, then use it from the link above the queue.
    page.get_by_label("Naam van dit filter").fill("Spoed")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter bewaren").click()
    expect(page.get_by_text("Het filter is bewaard.")).to_be_visible()
    assert SavedFilter.objects.get(user=demo_users["screener"]).name == "Spoed"
    page.goto(reverse("triage:queue"))
    assert len(_references(page)) == 3
    saved_link = page.get_by_role("navigation", name="Bewaarde filters").get_by_role(
        "link", name="Spoed"
    )
    with page.expect_navigation():
        saved_link.click()
    assert _references(page) == [refs["urgent"]]

    # Assign to me, from the row; then "assigned to me" lists it.
    with page.expect_navigation():
        page.get_by_role("button", name=f"Aan mij toewijzen: {refs['urgent']}").click()
    expect(page.get_by_text(f"{refs['urgent']} is aan u toegewezen.")).to_be_visible()
    assignment = Assignment.objects.get(registration=registrations["urgent"])
    assert assignment.assignee == demo_users["screener"]
    page.goto(reverse("triage:queue") + "?assigned=me")
    assert _references(page) == [refs["urgent"]]
    assert_accessible(page)

    # Search over every status: the decided registration is found when asked.
    page.goto(reverse("triage:queue"))
    page.get_by_label("Zoeken", exact=True).fill("Verhoeven-decided")
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    expect(
        page.get_by_text("Er zijn geen openstaande aanmeldingen die hieraan voldoen.")
    ).to_be_visible()
    page.get_by_label("Ook besloten en afgesloten").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    assert _references(page) == [refs["decided"]]
    expect(page.get_by_role("heading", name="Alle aanmeldingen")).to_be_visible()


def test_the_queue_on_a_phone(page, log_in, registrations):
    page.set_viewport_size(PHONE)
    log_in("screener")
    page.goto(reverse("triage:queue"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = _rows(page).first
    expect(first.locator(".tag-urgent")).to_have_text("Spoed")
    deadline = first.locator(".cell-deadline")
    expect(deadline).to_be_visible()
    box = deadline.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"], box
    save_screenshot(page, "queue-390")
    assert_accessible(page)
