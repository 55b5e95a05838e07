"""The privacy officer's log at a laptop's 1366 px: the filter groups side by side without
overlapping, the table whole on the page; and the subject-access report, accessible."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from zvh.access_log.enums import Purpose
from zvh.access_log.shortcuts import log_read

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.fixture
def logged_reads(demo_users, rf, houses):
    from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        reference="MST-2026-00042",
        status="received",
    )
    PersonFactory(registration=registration, bsn="111222333")
    request = rf.get("/", REMOTE_ADDR="2001:db8:85a3::8a2e:370:7334")
    for user in ("screener", "screener", "regisseur"):
        request.user = demo_users[user]
        log_read(request, registration, purpose=Purpose.TRIAGE)
    return registration


def test_the_log_at_1366_has_no_overlap_and_no_cut_off_table(page, log_in, logged_reads):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in("privacy")
    page.goto(reverse("access_log:log"))
    expect(page.get_by_role("heading", level=1, name="Toegangslog")).to_be_visible()

    fieldsets = page.locator(".log-filter fieldset")
    boxes = [fieldsets.nth(i).bounding_box() for i in range(fieldsets.count())]
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    # Every field stays inside its own fieldset.
    for i in range(fieldsets.count()):
        outer = boxes[i]
        inputs = fieldsets.nth(i).locator("input, select")
        for j in range(inputs.count()):
            box = inputs.nth(j).bounding_box()
            assert box["x"] >= outer["x"]
            assert box["x"] + box["width"] <= outer["x"] + outer["width"]
    # The table fits: no scrolling inside its region, nothing past the window.
    region = page.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    table = page.locator(".log-table").bounding_box()
    assert table["x"] + table["width"] <= 1366
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    save_screenshot(page, "privacy-log-1366")
    assert_accessible(page)


def test_the_subject_report_is_accessible(page, log_in, logged_reads):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in("privacy")
    page.goto(reverse("access_log:report"))
    page.get_by_label("BSN").fill("111222333")
    page.get_by_role("button", name="Overzicht maken").click()
    expect(page.get_by_role("heading", level=3, name="Aanmelding MST-2026-00042")).to_be_visible()
    expect(page.get_by_text("2 keer ingezien tussen")).to_be_visible()
    save_screenshot(page, "privacy-report")
    assert_accessible(page)
