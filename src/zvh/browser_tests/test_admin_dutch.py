"""/beheer/ speaks Dutch throughout: app and model names, and the widgets' own texts (the
two-list role picker is built by the admin's JavaScript from its translation catalogue)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: English the admin shows when a catalogue or a verbose name is missing.
ENGLISH = re.compile(
    r"\b(Choose|Chosen|Available|Remove all|Choose all|Filter|NOTIFICATIONS|Notifications|"
    r"Save and add another|Add user|Recent actions|Site administration)\b"
)


def test_the_admin_index_and_the_user_form_are_dutch(page, log_in, demo_users):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in("beheerder")
    page.goto(reverse("admin:index"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    index_text = page.locator("body").inner_text()
    assert not ENGLISH.findall(index_text), ENGLISH.findall(index_text)
    assert "berichten" in index_text.lower()  # captions are upper case by CSS
    save_screenshot(page, "admin-index")

    page.goto(reverse("admin:accounts_user_add"))
    expect(page.get_by_text("Beschikbare rollen")).to_be_visible()
    expect(page.get_by_text("Gekozen rollen")).to_be_visible()
    text = page.locator("body").inner_text()
    assert not ENGLISH.findall(text), ENGLISH.findall(text)
    assert page.locator("#id_password1").count() == 0
    save_screenshot(page, "admin-user-add")
