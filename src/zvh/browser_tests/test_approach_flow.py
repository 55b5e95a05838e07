"""The integrated approach in real headless Chromium (issue 13, items 1-3): the screener
decides "integrated approach with drang" on the decision page and its check step, hands the
case over to another procesregisseur, who writes a plan for two family members with goals in
two life domains, adds two agreements for two partners, shares one life domain with probation,
saves a new version and compares two versions; the probation officer sees only their part.
Then (items 4-6) two evaluations move the scores and the chart shows them, the case closes
into aftercare and ends at the check. Every page on the way passes axe-core's WCAG 2.1 A/AA
rules."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD, TEST_TOTP_KEY_HEX
from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.accounts.second_factor import totp_device_ensure
from zvh.approach.models import PlanVersion
from zvh.casework.models import Case, CaseStatus
from zvh.deadlines.calculation import reply_deadline
from zvh.network.enums import Outcome
from zvh.network.models import Organisation
from zvh.registrations.models import Registration, Relation
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import Decision
from zvh.triage.tests.conftest import answer_every_criterion

from .conftest import assert_accessible, save_screenshot
from .test_casework_flow import _log_out, _submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seen(page: Page, label: str) -> None:
    save_screenshot(page, f"approach-{label}")
    assert_accessible(page)


def _user(username: str, first: str, last: str, organisation: Organisation, role=None) -> User:
    user = User.objects.create_user(
        username=username,
        password=TEST_PASSWORD,
        first_name=first,
        last_name=last,
        organisation=organisation,
    )
    if role:
        user.roles.add(Role.objects.get(code=role))
    totp_device_ensure(user=user, key_hex=TEST_TOTP_KEY_HEX)
    return user


def _family_registration(demo_users, houses, municipalities) -> Registration:
    """A received registration of a family (two persons) with its criteria answered."""
    house = houses["MST"]
    now = timezone.now()
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=house,
        status=Status.RECEIVED,
        reference="MST-2026-00601",
        received_at=now,
        deadline_at=reply_deadline(house.reply_term, received_at=now),
    )
    for position, (given, relation) in enumerate(
        (("Mira", Relation.MAIN), ("Noah", Relation.CHILD))
    ):
        PersonFactory(
            registration=registration,
            given_names=given,
            surname="Jansen",
            surname_prefix="",
            relation=relation,
            position=position,
            municipality=municipalities["Maastricht"],
        )
    answer_every_criterion(registration, by=demo_users["screener"])
    return registration


def _decide_integrated_with_drang(page: Page, registration: Registration) -> Case:
    """The screener decides "integrated approach with drang" on the decision page, checks the
    decision on its check step and confirms it."""
    page.goto(reverse("triage:detail", args=[registration.public_id]))
    decision = page.locator("#decision")
    decision.get_by_role("group", name="Uitkomst").get_by_role(
        "radio", name="Prioriteren voor de integrale aanpak"
    ).check()
    decision.get_by_role("group", name="Vorm van de aanpak").get_by_role(
        "radio", name="Met drang"
    ).check()
    decision.get_by_label("Procesregisseur").select_option(label="Rik Regisseur")
    decision.get_by_label("Motivering (intern)").fill("Problemen op meerdere leefgebieden.")
    decision.get_by_label("Bericht aan de aanmelder").fill("Het Veiligheidshuis neemt de regie.")
    _submit(page, decision.get_by_role("button", name="Besluit controleren"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleer uw besluit")
    _seen(page, "decision-check")
    assert not Case.objects.filter(links__registration=registration).exists()
    _submit(page, page.get_by_role("button", name="Bevestigen en aanmelder informeren"))
    expect(page.get_by_role("status")).to_contain_text("Het besluit is opgeslagen")
    case = Case.objects.get(links__registration=registration)
    assert case.status == CaseStatus.INTEGRATED_APPROACH
    stored = Decision.objects.get(registration=registration)
    assert (stored.outcome, stored.approach_mode) == (Outcome.INTEGRATED_APPROACH, "drang")
    return case


def _goal(page: Page, person: str, domain: str, goal: str, score: str) -> None:
    section = page.get_by_role("group", name=person).get_by_role("group", name=domain)
    section.get_by_label("Situatie").fill(f"Zorgen over {domain.lower()}.")
    section.get_by_label("Doel").fill(goal)
    section.get_by_label("Score bij de start").select_option(label=score)


def test_a_plan_of_approach_from_handover_to_a_partners_part(
    page, log_in, demo_users, houses, municipalities
):
    registration = _family_registration(demo_users, houses, municipalities)
    staff = demo_users["regisseur"].organisation
    _user("regisseur-2", "Rianne", "Regie", staff, RoleCode.PROCESREGISSEUR)
    probation = Organisation.objects.get(name="Reclassering (demo)")
    mental_health = Organisation.objects.get(name="GGZ-instelling (demo)")
    _user("reclassering", "Rob", "Reclassering", probation)
    _user("ggz", "Gea", "Ggz", mental_health)

    # 1. The screener decides "integrated approach with drang" on the decision page (with its
    # check step), then hands the case over to another procesregisseur, with a reason.
    log_in("screener")
    case = _decide_integrated_with_drang(page, registration)
    plan_url = reverse("approach:plan", args=[case.public_id])
    page.goto(plan_url)
    _seen(page, "plan-empty")
    page.get_by_label("Procesregisseur").select_option(label="Rianne Regie")
    page.get_by_label("Reden van de overdracht").fill("Verlof van de vorige regisseur")
    _submit(page, page.get_by_role("button", name="Procesregisseur opslaan"))
    expect(page.get_by_role("status")).to_contain_text("De procesregisseur is toegewezen.")
    _log_out(page)

    # 2. She finds the case on her caseload and writes the plan for both family members.
    log_in("regisseur-2")
    page.goto(reverse("approach:caseload"))
    _seen(page, "caseload")
    _submit(page, page.get_by_role("link", name=case.reference))
    _submit(page, page.get_by_role("link", name="Plan schrijven"))
    _seen(page, "plan-form")
    page.get_by_role("group", name="Vorm van de aanpak").get_by_role(
        "radio", name="Met drang"
    ).check()
    page.get_by_label("Maatregel en wettelijk kader (drang of dwang)").select_option(index=5)
    for person in ("Mira Jansen", "Noah Jansen"):
        _goal(page, person, "Financiën", f"{person.split()[0]} heeft overzicht", "2 - zorgelijk")
        _goal(page, person, "Huisvesting", f"{person.split()[0]} woont veilig", "3 - wisselend")
    _submit(page, page.get_by_role("button", name="Opslaan als nieuwe versie"))
    expect(page.get_by_role("status")).to_contain_text("Het plan is opgeslagen als nieuwe versie.")
    _seen(page, "plan")

    # 3. Two agreements for two partners, and Financiën shared with probation.
    for goal, action, organisation, owner in (
        ("Mira Jansen: Financiën", "Budgetcoaching starten", probation, "Rob Reclassering"),
        ("Noah Jansen: Huisvesting", "Gesprek over de woonsituatie", mental_health, "Gea Ggz"),
    ):
        form = page.locator("form", has=page.get_by_role("button", name="Voeg de afspraak toe"))
        form.get_by_label("Doel").select_option(label=goal)
        form.get_by_label("Actie").fill(action)
        form.get_by_label("Organisatie").select_option(label=organisation.name)
        form.get_by_label("Eigenaar").select_option(label=f"{owner} ({organisation.name})")
        form.get_by_label("Uiterste datum").fill(
            (timezone.localdate() + timedelta(days=30)).isoformat()
        )
        _submit(page, form.get_by_role("button", name="Voeg de afspraak toe"))
        expect(page.get_by_role("status")).to_contain_text(
            "De afspraak is aan het plan toegevoegd."
        )
    share = page.locator("form", has=page.get_by_role("button", name="Opslaan wat de partner ziet"))
    share.get_by_label("Partner").select_option(label=probation.name)
    share.get_by_role("checkbox", name="Financiën").check()
    _submit(page, share.get_by_role("button", name="Opslaan wat de partner ziet"))
    expect(page.get_by_role("status")).to_contain_text("Wat de partner ziet is opgeslagen.")

    # 4. A new version, then two versions side by side.
    _submit(page, page.get_by_role("link", name="Plan wijzigen"))
    _goal(
        page,
        "Noah Jansen",
        "Huisvesting",
        "Noah woont veilig bij zijn moeder",
        "4 - redelijk stabiel",
    )
    page.get_by_label("Wat is gewijzigd").fill("Doel huisvesting aangescherpt")
    _submit(page, page.get_by_role("button", name="Opslaan als nieuwe versie"))
    assert PlanVersion.objects.filter(plan__case=case).count() == 4
    page.get_by_label("Versie", exact=True).select_option("1")
    page.get_by_label("Vergeleken met versie").select_option("4")
    _submit(page, page.get_by_role("button", name="Vergelijken"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Versie 1 en versie 4")
    expect(page.locator("tr.changed")).to_have_count(1)
    _seen(page, "compare")
    _log_out(page)

    # 5. Probation sees Financiën and its own agreement, nothing else.
    log_in("reclassering")
    page.goto(reverse("approach:partner_list"))
    _seen(page, "partner-list")
    _submit(page, page.get_by_role("link", name=re.compile(case.reference)))
    _seen(page, "partner")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Mira heeft overzicht")
    expect(main).to_contain_text("Budgetcoaching starten")
    expect(main).not_to_contain_text("woont veilig")
    expect(main).not_to_contain_text("Gesprek over de woonsituatie")

    _log_out(page)

    # 6. Two evaluations move the scores; the chart and its table show them.
    log_in("regisseur-2")
    page.goto(plan_url)
    for score in ("3 - wisselend", "4 - redelijk stabiel"):
        _submit(page, page.get_by_role("link", name="Plan evalueren"))
        _seen(page, "evaluation")
        _scores(page, score)
        _submit(page, page.get_by_role("button", name="Evaluatie opslaan"))
        expect(page.get_by_role("status")).to_contain_text("De evaluatie is opgeslagen.")
    _seen(page, "plan-chart")
    expect(page.locator("svg[role=img] polyline")).to_have_count(4)
    table = page.get_by_role("table", name="Scores per doel in de tijd")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").nth(2)).to_contain_text("4")

    # 7. Closing: the agreements done at the closing evaluation, a result per goal and a reason;
    # the case goes into aftercare, and at the check the procesregisseur ends it.
    _submit(page, page.get_by_role("link", name="Casus afsluiten", exact=True))
    _scores(page, "5 - stabiel", result="Bereikt")
    for action in ("Budgetcoaching starten", "Gesprek over de woonsituatie"):
        group = page.get_by_role("group", name=re.compile(f"^{action}"))
        group.get_by_label("Gereed").check()
        group.get_by_label("Toelichting bij de afspraak").fill("Afgerond")
    page.get_by_label("Reden van afsluiten").select_option(index=1)
    _seen(page, "close")
    _submit(page, page.get_by_role("button", name="Casus afsluiten en in nazorg nemen"))
    expect(page.get_by_role("status")).to_contain_text("De casus is afgesloten en is nu in nazorg.")
    case.refresh_from_db()
    assert case.status == CaseStatus.AFTERCARE
    _submit(page, page.get_by_role("link", name="Nazorgcontrole vastleggen"))
    _seen(page, "aftercare-check")
    page.get_by_label("Hoe het gaat").fill("Het gezin redt zich zelfstandig.")
    page.get_by_role("radio", name="De casus beëindigen").check()
    _submit(page, page.get_by_role("button", name="Controle opslaan"))
    expect(page.get_by_role("status")).to_contain_text(f"Casus {case.reference} is afgesloten.")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None


def _scores(page: Page, score: str, result: str = "") -> None:
    """Every goal of both family members gets ``score`` (and at closing ``result``)."""
    for person in ("Mira Jansen", "Noah Jansen"):
        for domain in ("Financiën", "Huisvesting"):
            group = page.get_by_role("group", name=person).get_by_role("group", name=domain)
            group.get_by_label("Score nu").select_option(label=score)
            if result:
                group.get_by_label("Resultaat van het doel").select_option(label=result)
