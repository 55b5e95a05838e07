"""Deciding's guard-rails in real Chromium, on a laptop (1366x900) and a phone (390x844), issue 14
point 8: a decision with unanswered criteria is refused with a focused error summary whose links
land on the questions; choosing an outcome reveals only its own fields; the check step shows what
the registrant will be told, and confirming decides. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from zvh.triage.models import Decision
from zvh.triage.tests.conftest import make_submitted  # noqa: F401 (a fixture)

from .conftest import assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
OUTCOMES = {
    "refer_back": "Terugverwijzen naar de aanmelder",
    "consultation_agenda": "Agenderen voor een overleg",
    "integrated_approach": "Prioriteren voor de integrale aanpak",
}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request, page) -> str:
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


def submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_deciding_needs_the_criteria_then_a_check_step(
    page,
    log_in,
    demo_users,
    make_submitted,  # noqa: F811 (the fixture imported above)
    viewport,
):
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    problems = record_problems(page)
    log_in("screener")
    page.goto(reverse("triage:detail", args=[registration.public_id]))
    decision = page.locator("#decision")
    outcomes = decision.get_by_role("group", name="Uitkomst")

    # Only the chosen outcome's fields are shown (none before a choice).
    for value in OUTCOMES:
        expect(page.locator(f"#outcome-{value}")).to_be_hidden()
    outcomes.get_by_role("radio", name=OUTCOMES["consultation_agenda"]).check()
    expect(page.locator("#outcome-consultation_agenda")).to_be_visible()
    expect(page.locator("#outcome-refer_back")).to_be_hidden()
    expect(page.locator("#outcome-integrated_approach")).to_be_hidden()
    outcomes.get_by_role("radio", name=OUTCOMES["refer_back"]).check()
    expect(page.locator("#outcome-refer_back")).to_be_visible()
    expect(page.locator("#outcome-consultation_agenda")).to_be_hidden()
    save_screenshot(page, f"deciding-{viewport}-form")
    assert_accessible(page)

    # Deciding before the criteria are answered is refused: the summary has the focus.
    decision.get_by_label("Motivering (intern)").fill("Geen regie nodig.")
    decision.get_by_label("Advies aan de aanmelder").fill("Schakel het wijkteam in.")
    submit(page, decision.get_by_role("button", name="Besluit controleren"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Beantwoord vraag 1 van de screening voordat u besluit.")
    expect(page.locator("#outcome-refer_back")).to_be_visible()  # the choice was kept
    expect(decision.get_by_label("Advies aan de aanmelder")).to_have_value(
        "Schakel het wijkteam in."
    )
    save_screenshot(page, f"deciding-{viewport}-refused")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.locator("#screening input[type=radio]").first).to_be_focused()
    assert not Decision.objects.exists()

    # The screener answers the criteria (one at a time is possible: here all three).
    screening = page.locator("#screening")
    for number in (1, 2, 3):
        screening.get_by_role("group", name=re.compile(f"^{number}\\. ")).get_by_label("Ja").check()
        screening.get_by_label(f"Motivering bij vraag {number}").fill(f"Omdat {number}.")
    submit(page, screening.get_by_role("button", name="Screening opslaan"))
    expect(page.get_by_role("status")).to_contain_text("De screening is opgeslagen.")

    # The check step, then confirm.
    outcomes.get_by_role("radio", name=OUTCOMES["refer_back"]).check()
    decision.get_by_label("Motivering (intern)").fill("Geen regie nodig.")
    decision.get_by_label("Advies aan de aanmelder").fill("Schakel het wijkteam in.")
    decision.get_by_label("Bericht aan de aanmelder").fill("Wij verwijzen terug.")
    submit(page, decision.get_by_role("button", name="Besluit controleren"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleer uw besluit")
    told = page.get_by_role("region", name="Wat de aanmelder te horen krijgt")
    expect(told).to_contain_text("Schakel het wijkteam in.")
    expect(told).to_contain_text("Wij verwijzen terug.")
    expect(told).not_to_contain_text("Geen regie nodig.")
    save_screenshot(page, f"deciding-{viewport}-check")
    assert_accessible(page)
    assert not Decision.objects.exists()

    # "Change" brings the form back as typed; then check and confirm.
    submit(page, page.get_by_role("button", name="Besluit wijzigen"))
    expect(decision.get_by_label("Bericht aan de aanmelder")).to_have_value("Wij verwijzen terug.")
    expect(outcomes.get_by_role("radio", name=OUTCOMES["refer_back"])).to_be_checked()
    submit(page, decision.get_by_role("button", name="Besluit controleren"))
    submit(page, page.get_by_role("button", name="Bevestigen en aanmelder informeren"))
    expect(page.get_by_role("status")).to_contain_text("Het besluit is opgeslagen")
    expect(page.locator(".facts .status")).to_have_text("Besloten")
    assert Decision.objects.get().advice == "Schakel het wijkteam in."
    assert_accessible(page)
    refused = f"400: {page.url.split('/meldpunt/')[0]}/meldpunt/{registration.public_id}/besluit/"
    assert [p for p in problems if not p.startswith(refused) and "status of 400" not in p] == []
