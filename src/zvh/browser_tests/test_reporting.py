"""The manager's figures and the procesregisseur's cases, reached from the home page, pass
axe-core's WCAG 2.1 A/AA rules."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from zvh.network.enums import Outcome
from zvh.network.models import Veiligheidshuis
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import ApproachMode, Decision

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prioritised(demo_users, municipalities):
    """A registration of Maastricht prioritised for the integrated approach, assigned to the
    demo procesregisseur."""
    now = timezone.now()
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=Veiligheidshuis.objects.get(code="MST"),
        status=Status.DECIDED,
        reference="MST-2026-00777",
        received_at=now - timedelta(days=3),
        deadline_at=now + timedelta(days=4),
        decided_at=now - timedelta(days=1),
        decided_late=False,
    )
    PersonFactory(registration=registration, municipality=municipalities["Maastricht"])
    Decision.objects.create(
        registration=registration,
        outcome=Outcome.INTEGRATED_APPROACH,
        motivation="Regie nodig.",
        approach_mode=ApproachMode.DRANG,
        procesregisseur=demo_users["regisseur"],
        decided_by=demo_users["screener"],
        decided_at=now - timedelta(days=1),
    )
    return registration


def test_the_figures_are_reached_from_the_home_page_and_accessible(
    page, log_in, demo_users, prioritised
):
    log_in("manager")
    page.goto(reverse("home"))  # one role lands on its work list; the home page has the cards
    page.get_by_role("link", name="Naar de cijfers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cijfers")
    year = str(timezone.localdate().year)
    expect(page.get_by_role("heading", level=2, name=f"Cijfers over {year}")).to_be_visible()
    totals = page.get_by_role("table", name="Aanmeldingen en besluiten")
    expect(totals.get_by_role("row", name="Aanmeldingen besloten")).to_contain_text("<5")
    # the casework figures and the twelve-month trend: a drawn chart with its table beside it
    expect(page.get_by_role("table", name="Overleggen en de integrale aanpak")).to_be_visible()
    expect(page.get_by_role("table", name="Integrale aanpakken per vorm")).to_be_visible()
    expect(
        page.get_by_role("img", name="Ontvangen aanmeldingen en geopende casussen per maand")
    ).to_be_visible()
    trend = page.get_by_role("table", name="Trend over twaalf maanden")
    expect(trend.locator("tbody tr")).to_have_count(12)
    expect(page.get_by_role("link", name=re.compile(r"\(Excel\)$"))).to_be_visible()
    save_screenshot(page, "reporting-figures")
    assert_accessible(page)
    # choose a month without the month: a Dutch error, the choice kept, still accessible
    page.get_by_label("Maand", exact=True).first.check()
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een maand.")
    expect(page.get_by_label("Maand", exact=True).first).to_be_checked()
    assert_accessible(page)


def test_the_procesregisseurs_cases_are_reached_from_the_home_page_and_accessible(
    page, log_in, demo_users, prioritised
):
    log_in("regisseur")
    page.goto(reverse("home"))  # one role lands on its work list; the home page has the cards
    page.get_by_role("link", name="Naar mijn casussen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geprioriteerde casussen")
    save_screenshot(page, "casework-list")
    assert_accessible(page)
    page.get_by_role("link", name=prioritised.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {prioritised.reference}")
    save_screenshot(page, "casework-detail")
    assert_accessible(page)
