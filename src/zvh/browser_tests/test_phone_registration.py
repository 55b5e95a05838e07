"""The meldpunt registers a phone call on a partner's behalf, in real headless Chromium: from the
queue to the call, through the registrants' own form, to the submitted registration. Every page
on the way, the refused form included, passes axe-core's WCAG 2.1 A/AA rules and loads without
an unexpected error. Test data is synthetic (Faker ``nl_NL`` with a fixed seed, a generated BSN).
"""

import random
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from faker import Faker
from playwright.sync_api import Page, expect

from zvh.common.bsn import generate_bsn
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.registrations.models import Channel, Registration
from zvh.registrations.status import Status

from .conftest import assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = 20261124


def _checked(page: Page, problems: list[str], label: str, *, refused_with: int = 0) -> None:
    """The page loaded cleanly (or was refused on purpose) and passes axe-core."""
    expected = set()
    if refused_with:
        expected = {
            f"{refused_with}: {page.url}",
            "console: Failed to load resource: the server responded with a status of "
            f"{refused_with} ({HTTPStatus(refused_with).phrase})",
        }
    assert [p for p in problems if p not in expected] == [], f"{page.url}: {problems}"
    problems.clear()
    save_screenshot(page, f"phone-{label}")
    assert_accessible(page)


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_the_meldpunt_registers_a_phone_call_for_a_partner(page, log_in, demo_users, houses):
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    caller, person_given, person_surname = fake.name(), fake.first_name(), fake.last_name()
    bsn = generate_bsn(random.Random(SEED))  # noqa: S311 (synthetic test data)
    problems = record_problems(page)

    log_in("screener")
    page.goto(reverse("triage:queue"))
    expect(page.get_by_role("heading", name="Te completeren")).to_be_visible()
    page.get_by_role("link", name="Telefonische aanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Telefonische aanmelding")
    _checked(page, problems, "call")

    # Nothing chosen: refused, with an error summary.
    _submit(page, "Volgende")
    expect(page).to_have_title(re.compile("^Fout: "))
    expect(page.get_by_role("alert")).to_contain_text("Kies de partnerorganisatie die belde.")
    _checked(page, problems, "call-error", refused_with=400)

    page.get_by_label("Partnerorganisatie").select_option(label="Politie (demo)")
    page.get_by_label("Naam van de beller").fill(caller)
    page.get_by_label("E-mailadres van de beller").fill("beller@example.org")
    expect(page.get_by_label("Tijdstip van het telefoongesprek")).not_to_have_value("")
    page.get_by_label("Gemeente waar de persoon woont").select_option(label="Maastricht")
    _submit(page, "Volgende")

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding (concept)")
    expect(
        page.get_by_text("Telefonisch aangemeld door Sanne Screener namens Politie (demo).")
    ).to_be_visible()
    expect(page.get_by_label("Contactpersoon bij de partner")).to_have_value(caller)
    _checked(page, problems, "form")

    main = page.get_by_role("group", name="Aangemelde persoon")
    main.get_by_label("Voornamen").fill(person_given)
    main.get_by_label("Achternaam").fill(person_surname)
    main.get_by_label("Geboortedatum").fill("1979-06-02")
    main.get_by_label("BSN").fill(bsn)
    page.get_by_role("radio", name="Huiselijk geweld").check()
    page.get_by_label("Reden van de aanmelding").fill(
        "De wijkagent belde over herhaalde meldingen."
    )
    page.get_by_label("Beschrijving van de situatie").fill("Overlast en schulden; hulp stagneert.")
    page.get_by_role("checkbox", name="Financiën", exact=True).check()
    page.get_by_role("radio", name="Normaal").check()
    informed = page.get_by_role("group", name=re.compile("Is de cliënt .* geïnformeerd"))
    informed.get_by_role("radio", name="Ja").check()
    today = timezone.localdate(timezone.now(), LOCAL_TZ)
    page.get_by_label("Zo ja: geïnformeerd op").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Zo ja: hoe").fill("Telefonisch")
    _submit(page, "De aanmelding versturen")

    registration = Registration.objects.get()
    assert (registration.status, registration.channel) == (Status.RECEIVED, Channel.PHONE)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Aanmelding {registration.reference}"
    )
    expect(
        page.get_by_text("Telefonisch aangemeld door Sanne Screener namens Politie (demo).")
    ).to_be_visible()
    _checked(page, problems, "detail")
    assert registration.contact_email == "beller@example.org"
    assert registration.recorded_by == demo_users["screener"]
