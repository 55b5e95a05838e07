"""The session timeout warning in real Chromium, with a shortened idle limit (issue 14.2): the
warning opens before the limit, "stay logged in" keeps the session, and when the time runs out
what was typed is saved, the user is logged out, and logging in again leads back to the draft
with everything typed so far."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD, current_code
from zvh.accounts.models import User
from zvh.registrations.models import Registration

from .conftest import assert_accessible
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Seconds: the warning opens 4 s after the last request, the script logs out at 7 s (5 s before
#: the server would end the session itself).
IDLE, WARNING = 12, 8


@pytest.fixture
def short_sessions(settings) -> None:
    settings.SESSION_COOKIE_AGE = IDLE
    settings.ZVH_SESSION_WARNING_SECONDS = WARNING


def open_concerns_page(page: Page, log_in) -> Registration:
    log_in("aanmelder")
    page.goto(reverse("registrations:start"))
    page.get_by_label("Gemeente waar de persoon woont").select_option(label="Maastricht")
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    draft = Registration.objects.get()
    page.goto(reverse("registrations:question", args=[draft.public_id, "zorgen"]))
    return draft


def test_the_warning_opens_before_the_limit_and_stay_logged_in_keeps_the_session(
    page, log_in, demo_users, short_sessions
):
    problems = record_problems(page)
    open_concerns_page(page, log_in)
    reason = page.get_by_label("Reden van de aanmelding")
    reason.focus()
    dialog = page.get_by_role("dialog", name="U wordt binnenkort uitgelogd")
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog).to_contain_text(re.compile(r"over 0:0\d minuten uitgelogd"))
    stay = dialog.get_by_role("button", name="Ingelogd blijven")
    expect(stay).to_be_focused()
    assert_accessible(page)
    stay.click()
    expect(dialog).to_be_hidden()
    expect(reason).to_be_focused()  # back where the user was
    # Past the first limit: the session was renewed, so the page is still there on reload.
    page.wait_for_timeout(4_000)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgen")
    assert problems == []


def test_at_the_limit_the_typing_is_saved_and_logging_in_again_leads_back_to_it(
    page, log_in, demo_users, short_sessions
):
    problems = record_problems(page)
    draft = open_concerns_page(page, log_in)
    url = page.url
    page.get_by_label("Reden van de aanmelding").fill("Zorgen over de veiligheid van de kinderen.")
    page.get_by_label("Beschrijving van de situatie").fill("Getypt vlak voor het verlopen.")
    # Nobody answers the warning: the script saves, logs out, and opens the login page.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="), timeout=30_000)
    assert problems == []
    draft.refresh_from_db()
    assert draft.reason == "Zorgen over de veiligheid van de kinderen."
    assert draft.situation == "Getypt vlak voor het verlopen."
    assert_accessible(page)

    # Log in again on that page (its "next" leads back to the draft page).
    page.get_by_label("Gebruikersnaam").fill("aanmelder")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Code").fill(current_code(User.objects.get(username="aanmelder")))
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(url)
    expect(page.get_by_label("Reden van de aanmelding")).to_have_value(
        "Zorgen over de veiligheid van de kinderen."
    )
    expect(page.get_by_label("Beschrijving van de situatie")).to_have_value(
        "Getypt vlak voor het verlopen."
    )
