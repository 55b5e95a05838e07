"""The meldpunt deletes a phone call it will not complete, in real headless Chromium: from the
draft's page to the confirmation, refused without a reason, then deleted. Every page passes
axe-core's WCAG 2.1 A/AA rules."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from zvh.network.models import Organisation
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import registration_start_on_behalf

from .conftest import assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_the_meldpunt_deletes_a_phone_draft_after_confirming(page, log_in, demo_users, houses):
    draft = registration_start_on_behalf(
        recorded_by=demo_users["screener"],
        veiligheidshuis=houses["MST"],
        organisation=Organisation.objects.get(name="Politie (demo)"),
        registrant=None,
        channel=Channel.PHONE,
        received_at=timezone.now(),
    )
    problems = record_problems(page)
    log_in("screener")
    page.goto(reverse("triage:draft", args=[draft.public_id]))
    with page.expect_navigation():
        page.get_by_role("link", name="Dit concept verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit concept verwijderen")
    assert problems == []
    save_screenshot(page, "discard-confirm")
    assert_accessible(page)

    _submit(page, "Verwijderen")  # no reason chosen
    expect(page).to_have_title(re.compile("^Fout: "))
    expect(page.get_by_role("alert")).to_contain_text("Kies waarom het concept wordt verwijderd.")
    assert Registration.objects.filter(pk=draft.pk).exists()
    assert_accessible(page)
    problems.clear()  # the refusal answered 400 on purpose

    page.get_by_role("radio", name="De partner heeft de aanmelding ingetrokken").check()
    _submit(page, "Verwijderen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Te screenen aanmeldingen")
    expect(page.locator(".messages")).to_contain_text("Het concept is verwijderd.")
    assert problems == []
    assert_accessible(page)
    assert not Registration.objects.filter(pk=draft.pk).exists()
