"""The login page and every role's home page pass axe-core's WCAG 2.1 A/AA rules, and work with
the keyboard alone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import TEST_PASSWORD, current_code

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Each demo role and the title of the card its home page starts with.
HOME_CARDS = {
    "aanmelder": "Een persoon of gezin aanmelden",
    "screener": "Werkvoorraad meldpunt",
    "regisseur": "Mijn casussen",
    "manager": "Cijfers",
    "beheerder": "Configuratie",
    "privacy": "Toegangslog",
}


def test_the_login_page_is_accessible(page):
    page.goto(reverse("login"))
    expect(page).to_have_title("Inloggen · zvh")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    save_screenshot(page, "login")
    assert_accessible(page)


@pytest.mark.parametrize("username", HOME_CARDS)
def test_the_home_page_of_every_role_is_accessible(username, page, log_in, live_server, demo_users):
    log_in(username)
    page.goto(reverse("home"))  # the overview; with one role, the login lands on the work list
    expect(page.get_by_role("heading", level=2, name=HOME_CARDS[username])).to_be_visible()
    save_screenshot(page, f"home-{username}")
    assert_accessible(page)


def test_a_wrong_password_is_refused_in_dutch_and_accessibly(page, log_in, demo_users):
    log_in("screener", "verkeerd-wachtwoord")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Voer een juiste gebruikersnaam en wachtwoord in.")
    username = page.get_by_label("Gebruikersnaam")
    expect(username).to_have_value("screener")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(
        re.compile("^Voer een juiste gebruikersnaam en wachtwoord in")
    )
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    save_screenshot(page, "login-error")
    assert_accessible(page)


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, log_in, demo_users):
    log_in("beheerder")
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visible when it has focus, off-screen otherwise
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside main (the configuration card's link), not in the header.
    page.keyboard.press("Tab")
    expect(page.locator("main").get_by_role("link", name="Configuratie beheren")).to_be_focused()


def test_the_login_form_works_with_the_keyboard_alone(page, demo_users):
    page.goto(reverse("login"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.keyboard.type("screener")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # focus is still in main (the skip link's #main); next: the code
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(current_code(demo_users["screener"]))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # One role (screener): the login lands on the queue.
    expect(page).to_have_url(re.compile(re.escape(reverse("triage:queue")) + "(#main)?$"))
