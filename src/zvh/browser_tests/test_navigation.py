"""The header menu per role, on a laptop (1366x900) and a phone (390x844): the product name,
the role's work areas, the user and logout; a menu button on the phone (a static script: the
strict CSP allows no inline one); no horizontal scrolling; axe finds nothing. A user with one
role lands on their work list."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Each demo account: where it lands, and its menu.
ROLES = {
    "aanmelder": ("registrations:list", ["Aanmeldingen", "Nieuwe aanmelding"]),
    "screener": ("triage:queue", ["Werkvoorraad", "Binnengekomen e-mail"]),
    "regisseur": ("casework:list", ["Mijn casussen", "Mijn caseload"]),
    "manager": ("reporting:figures", ["Cijfers"]),
    "privacy": ("access_log:log", ["Toegangslog", "Overzicht voor een betrokkene"]),
    "beheerder": ("admin:index", ["Configuratie", "Gebruiker uitnodigen"]),
}


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def _csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else 0)
    return found


@pytest.mark.parametrize("username", [u for u in ROLES if u != "beheerder"])
def test_the_menu_on_a_laptop(username, page, log_in, live_server, demo_users):
    page.set_viewport_size(LAPTOP)
    log_in(username)
    landing, labels = ROLES[username]
    expect(page).to_have_url(live_server.url + reverse(landing))
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name=re.compile("^zvh"))).to_be_visible()
    expect(header.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(header).to_contain_text(demo_users[username].get_full_name())
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link")).to_have_text(labels)
    expect(menu.locator("[aria-current=page]")).to_have_text(labels[0])
    # The items sit side by side on one line.
    tops = {round(box["y"]) for box in (a.bounding_box() for a in menu.get_by_role("link").all())}
    assert len(tops) == 1
    _no_horizontal_scroll(page)
    save_screenshot(page, f"menu-{username}-1366")
    assert_accessible(page)


@pytest.mark.parametrize("username", [u for u in ROLES if u != "beheerder"])
def test_the_menu_on_a_phone(username, page, log_in, live_server, demo_users):
    page.set_viewport_size(PHONE)
    csp = _csp_violations(page)
    log_in(username)
    landing, labels = ROLES[username]
    expect(page).to_have_url(live_server.url + reverse(landing))
    button = page.get_by_role("button", name="Menu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    menu = page.locator("#main-menu")
    expect(menu).to_be_hidden()
    _no_horizontal_scroll(page)
    assert_accessible(page)
    save_screenshot(page, f"menu-{username}-390-closed")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link")).to_have_text(labels)
    _no_horizontal_scroll(page)
    assert_accessible(page)
    save_screenshot(page, f"menu-{username}-390-open")
    # Escape closes it and gives the focus back to the button.
    menu.get_by_role("link").first.focus()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    assert csp == []


def test_the_menu_leads_to_the_work_areas(page, log_in, live_server, demo_users):
    page.set_viewport_size(LAPTOP)
    log_in("privacy")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Overzicht voor een betrokkene").click()
    expect(page).to_have_url(live_server.url + reverse("access_log:report"))
    expect(menu.locator("[aria-current=page]")).to_have_text("Overzicht voor een betrokkene")
    # The product name leads back to the work list.
    page.get_by_role("banner").get_by_role("link", name=re.compile("^zvh")).click()
    expect(page).to_have_url(live_server.url + reverse("access_log:log"))


def test_without_javascript_the_menu_stays_open_on_a_phone(
    browser, live_server, log_in, demo_users
):
    """The menu button needs the script; without it the menu is simply shown."""
    context = browser.new_context(
        java_script_enabled=False, viewport=PHONE, locale="nl-NL", base_url=live_server.url
    )
    try:
        page = context.new_page()
        # Log in with this context's cookies: copy the session of a logged-in page.
        context.add_cookies(_session_cookies(log_in, "screener"))
        page.goto(reverse("triage:queue"))
        expect(page.locator("#main-menu").get_by_role("link")).to_have_count(2)
        expect(page.locator("#main-menu")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        _no_horizontal_scroll(page)
    finally:
        context.close()


def _session_cookies(log_in, username: str) -> list:
    page = log_in(username)
    return page.context.cookies()


def test_several_roles_land_on_the_overview_with_an_overview_item(
    page, log_in, live_server, demo_users
):
    from zvh.accounts.models import Role

    demo_users["manager"].roles.add(Role.objects.get(code="privacy_officer"))
    page.set_viewport_size(LAPTOP)
    log_in("manager")
    expect(page).to_have_url(live_server.url + reverse("home"))
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link")).to_have_text(
        ["Overzicht", "Cijfers", "Toegangslog", "Overzicht voor een betrokkene"]
    )
    expect(menu.locator("[aria-current=page]")).to_have_text("Overzicht")
    expect(page.get_by_role("heading", level=2, name="Cijfers")).to_be_visible()
    assert_accessible(page)


def test_an_invited_user_chooses_a_password_and_enrols(page, live_server, demo_users):
    """The invitation's pages, accessible; after the password comes the second factor."""
    from zvh.accounts.invitations import invitation_path, user_invite
    from zvh.accounts.models import User

    invitee = User.objects.create_user(
        username="uitgenodigd",
        email="uitgenodigd@demo.invalid",
        organisation=demo_users["aanmelder"].organisation,
    )
    user_invite(user=invitee, by=demo_users["beheerder"])
    page.set_viewport_size(PHONE)
    page.goto(invitation_path(User.objects.get(pk=invitee.pk)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies uw wachtwoord")
    assert "uitnodiging" in page.url  # the token itself has left the address
    _no_horizontal_scroll(page)
    assert_accessible(page)
    save_screenshot(page, "invitation")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("kort")
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is een probleem")
    assert_accessible(page)
    password = "een-eigen-lang-wachtwoord-2026"  # noqa: S105
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(password)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(password)
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page).to_have_url(live_server.url + reverse("two_factor:setup"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel uw tweede factor in")
