"""Chromium runs in Dutch, as our users' browsers do (``conftest.CHROMIUM_LOCALE``): the pages
ask for Dutch, and a date field takes the day first (dd-mm-jjjj), so what a user types is the
date they mean."""

import pytest
from django.urls import reverse

from zvh.registrations.models import Channel
from zvh.registrations.services import registration_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_is_dutch_and_a_typed_date_of_birth_is_read_day_first(
    page, log_in, demo_users, municipalities
):
    draft = registration_start(
        registrant=demo_users["aanmelder"],
        municipality=municipalities["Maastricht"],
        token=None,
        channel=Channel.WEB_FORM,
    )
    log_in("aanmelder")
    page.goto(reverse("registrations:edit", args=[draft.public_id]))
    assert page.evaluate("navigator.language") == "nl-NL"
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().locale").startswith("nl")

    birth = page.get_by_role("group", name="Aangemelde persoon").get_by_label("Geboortedatum")
    birth.focus()
    page.keyboard.type("02061979")  # 2 June 1979, as a Dutch user types it
    assert birth.input_value() == "1979-06-02", (
        "Chromium reads dates month first: it runs without its Dutch resources "
        "(install chromium-l10n: `make browser`)."
    )
