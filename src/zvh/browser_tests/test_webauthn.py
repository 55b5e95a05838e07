"""A security key as the second factor (issue 5, point 1), in real headless Chromium with its
virtual authenticator (Chrome DevTools Protocol, ``WebAuthn`` domain): a new user enrols a key
at the first login, later logs in with it, and confirms with it before an export. The plugin's
scripts (and zvh's) run under zvh's Content-Security-Policy and the form posts pass CSRF with
``Referrer-Policy: no-referrer``: any refused script, console error or failed request fails the
test."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from two_factor.plugins.webauthn.models import WebauthnDevice

from conftest import TEST_PASSWORD
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.accounts.services import user_upsert

from .conftest import assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_virtual_authenticator(page: Page) -> tuple[object, str]:
    """A platform authenticator (a passkey provider) that answers at once, as if the user
    touched it and gave their PIN."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    added = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session, added["authenticatorId"]


def password_step(page: Page, username: str) -> None:
    page.goto(reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()


def test_a_new_user_enrols_a_security_key_and_logs_in_with_it(page, live_server, demo_users):
    user: User = user_upsert(
        username="nieuwe.sleutel",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.SCREENER],
        password=TEST_PASSWORD,
    )
    problems = record_problems(page)
    cdp, authenticator = add_virtual_authenticator(page)

    # First login: the password, then enrolment (nothing else is reachable).
    password_step(page, user.username)
    page.goto(reverse("home"))
    expect(page).to_have_url(live_server.url + reverse("two_factor:setup"))
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    method = page.get_by_role("group", name="Tweede factor")
    expect(method.get_by_role("radio")).to_have_count(2)
    assert_accessible(page)
    save_screenshot(page, "webauthn-1-method")
    method.get_by_label("Beveiligingssleutel of passkey (WebAuthn)").check()
    # The next page asks the browser for a new credential and posts it by itself.
    page.get_by_role("button", name="Volgende").click()
    expect(page).to_have_url(live_server.url + reverse("two_factor:setup_complete"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor ingesteld")
    save_screenshot(page, "webauthn-2-complete")

    device = WebauthnDevice.objects.get(user=user)
    assert device.confirmed
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1
    signed = credentials["credentials"][0]["signCount"]
    page.goto(reverse("home"))
    expect(page).to_have_url(live_server.url + reverse("home"))

    # Log out, and in again: the password, then the key (asked for and posted by the page).
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()
    password_step(page, user.username)
    # One role (screener): the login lands on the queue, with the menu.
    expect(page).to_have_url(live_server.url + reverse("triage:queue"))
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert credentials["credentials"][0]["signCount"] > signed  # the key signed the login
    device.refresh_from_db()
    assert device.last_used_at is not None

    # Before an export or deletion: the password again, then the key (zvh's own script).
    signed = credentials["credentials"][0]["signCount"]
    page.goto(f"{reverse('reauthenticate')}?next={reverse('triage:queue')}")
    expect(page.get_by_label("Beveiligingssleutel of passkey")).to_have_count(0)  # hidden
    assert_accessible(page)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(live_server.url + reverse("triage:queue"))
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert credentials["credentials"][0]["signCount"] > signed
    assert problems == []


def test_without_the_key_the_login_stops_at_the_second_factor(page, live_server, demo_users):
    """A user enrolled with a key whose browser has no authenticator gets no further than the
    second step (the browser's request fails; nothing is posted)."""
    user: User = user_upsert(
        username="zonder.sleutel",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.SCREENER],
        password=TEST_PASSWORD,
    )
    cdp, authenticator = add_virtual_authenticator(page)
    password_step(page, user.username)
    page.goto(reverse("home"))
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Beveiligingssleutel of passkey (WebAuthn)").check()
    page.get_by_role("button", name="Volgende").click()
    expect(page).to_have_url(live_server.url + reverse("two_factor:setup_complete"))
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()

    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    password_step(page, user.username)
    expect(page.get_by_text("Gebruik uw beveiligingssleutel of passkey")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("home"))
    expect(page).to_have_url(live_server.url + reverse("login") + "?next=/")
