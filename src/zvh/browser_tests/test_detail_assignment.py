"""'Assign to me' on the registration's page in real Chromium, on a laptop (1366x900) and a phone
(390x844), issue 14 point 3: the page says who works on it, the button assigns it to the
screener and comes back to the page with a message, and the page passes axe-core."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from zvh.triage.tests.conftest import make_submitted  # noqa: F401 (a fixture)

from .conftest import assert_accessible, save_screenshot
from .test_deciding import VIEWPORTS
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_assign_to_me_and_remove_it_on_the_registrations_page(
    page,
    log_in,
    demo_users,
    make_submitted,  # noqa: F811 (the fixture imported above)
    viewport,
):
    page.set_viewport_size(VIEWPORTS[viewport])
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    problems = record_problems(page)
    log_in("screener")
    page.goto(reverse("triage:detail", args=[registration.public_id]))
    assigned = page.locator("dd.assignment")
    expect(assigned).to_contain_text("Niet toegewezen")
    assert_accessible(page)

    with page.expect_navigation():
        assigned.get_by_role("button", name="Aan mij toewijzen").click()
    expect(page.get_by_text(f"{registration.reference} is aan u toegewezen.")).to_be_visible()
    expect(assigned).to_contain_text("(u)")
    expect(assigned.get_by_role("button", name="Aan mij toewijzen")).to_have_count(0)
    save_screenshot(page, f"detail-assigned-{viewport}")
    assert_accessible(page)

    with page.expect_navigation():
        assigned.get_by_role("button", name="Toewijzing opheffen").click()
    expect(assigned).to_contain_text("Niet toegewezen")
    assert problems == []
