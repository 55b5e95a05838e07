"""The whole procedure of issue 3 in real headless Chromium, as two people at two browsers.

A registrant of the police registers a family living in Maastricht, the meldpunt screener of
Veiligheidshuis Maastricht asks for more information, the registrant answers, the screener
screens and decides, and the registrant reads the outcome. Every page on the way, error states
included, passes axe-core's WCAG 2.1 A/AA rules and loads without a console error (a refused
Content-Security-Policy shows up there), failed request or error response that was not meant.

Everyone logs in through the shared ``log_in`` helper (the real login form, and whatever else the
login asks for), on the test's ``page``; each user's session then moves to a browser context of
its own, so both stay logged in side by side.

Test data is synthetic: names from Faker ``nl_NL`` with a fixed seed, BSNs from
``generate_bsn``. With ``ZVH_SCREENSHOTS=<dir>`` every page is saved there as well.
"""

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from faker import Faker
from playwright.sync_api import BrowserContext, Locator, Page, expect

from zvh.common.bsn import generate_bsn
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

from .conftest import TIMEOUT_MS, assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = 20261123
REFERENCE = re.compile(r"^MST-\d{4}-\d{5}$")

QUESTION = "Is er al een gezinscoach betrokken, en sinds wanneer?"
ANSWER = "Nee. Het wijkteam heeft in oktober een gezinscoach aangevraagd; er is een wachtlijst."
SCREENING_MOTIVATIONS = (
    "Herhaalde meldingen van huiselijk geweld en overlast in de buurt.",
    "Schulden, huisvesting en opvoeding; de hulpverlening loopt vast.",
    "Zonder regie werken politie, wijkteam en woningcorporatie langs elkaar heen.",
)
INTERNAL_MOTIVATION = "Intern: voldoet aan alle drie de criteria; eerder bekend bij het meldpunt."
MESSAGE = "Wij nemen het gezin op in de integrale aanpak. De procesregisseur neemt contact op."


# --- synthetic people --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Resident:
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: date
    bsn: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


@dataclass(frozen=True, slots=True, kw_only=True)
class Family:
    main: Resident
    partner: Resident
    child: Resident
    street: str
    postal_code: str
    partner_organisation: str
    partner_contact: str
    partner_phone: str


def _split_surname(last_name: str) -> tuple[str, str]:
    """Faker's Dutch surnames carry their prefix ("van der Sloot"): split it off."""
    words = last_name.split()
    prefix = [w for w in words[:-1] if w.islower()]
    return " ".join(prefix), " ".join(words[len(prefix) :])


def synthetic_family(seed: int = SEED) -> Family:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)  # noqa: S311 (synthetic test data)
    bsns: list[str] = []
    while len(bsns) < 3:
        bsn = generate_bsn(rng)
        if bsn not in bsns:
            bsns.append(bsn)
    prefix, surname = _split_surname(fake.last_name())
    partner_prefix, partner_surname = _split_surname(fake.last_name())
    today = timezone.localdate(timezone.now(), LOCAL_TZ)
    return Family(
        main=Resident(
            given_names=fake.first_name_female(),
            surname_prefix=prefix,
            surname=surname,
            date_of_birth=today.replace(year=today.year - 36, day=1) - timedelta(days=40),
            bsn=bsns[0],
        ),
        partner=Resident(
            given_names=fake.first_name_male(),
            surname_prefix=partner_prefix,
            surname=partner_surname,
            date_of_birth=today.replace(year=today.year - 39, day=1) - timedelta(days=100),
            bsn=bsns[1],
        ),
        child=Resident(
            given_names=fake.first_name_female(),
            surname_prefix=prefix,
            surname=surname,
            date_of_birth=today.replace(year=today.year - 9, day=1) - timedelta(days=200),
            bsn=bsns[2],
        ),
        street=fake.street_address(),
        postal_code=f"62{rng.randint(11, 29)} {fake.lexify('??').upper()}",  # Maastricht
        partner_organisation="Buurtteam Maastricht-Noord",
        partner_contact=fake.name(),
        partner_phone="043 350 00 00",
    )


# --- browsers ------------------------------------------------------------------------------------


class Visitor:
    """One user at their own browser: every page they reach is checked with ``seen``."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.name = name
        self.problems = record_problems(page)
        self.pages_checked = 0

    def seen(self, label: str, *, refused_with: int | None = None) -> None:
        """The page now shown loaded cleanly (``refused_with``: the form was refused with that
        status, on purpose) and passes axe-core."""
        expected = set()
        if refused_with:  # the response, and Chromium's console line about it
            expected = {
                f"{refused_with}: {self.page.url}",
                "console: Failed to load resource: the server responded with a status of "
                f"{refused_with} ({HTTPStatus(refused_with).phrase})",
            }
        problems = [p for p in self.problems if p not in expected]
        assert problems == [], f"{self.name} on {self.page.url}: {problems}"
        if refused_with:
            assert f"{refused_with}: {self.page.url}" in self.problems, "expected a refusal"
        self.problems.clear()
        self.pages_checked += 1
        save_screenshot(self.page, f"flow-{self.name}-{self.pages_checked:02d}-{label}")
        assert_accessible(self.page)


@pytest.fixture
def session_of(page, log_in, live_server) -> Iterator[Callable[[str], Page]]:
    """``session_of(username)``: log the user in with ``log_in`` on the test's page, then move
    the session to a new browser context (like ``page``'s) and return a page there; the test's
    page is logged out again for the next user."""
    contexts: list[BrowserContext] = []

    def _session_of(username: str) -> Page:
        log_in(username)
        expect(page).not_to_have_url(re.compile(re.escape(reverse("login"))))
        state = page.context.storage_state()
        page.context.clear_cookies()
        context = page.context.browser.new_context(
            storage_state=state,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            base_url=live_server.url,
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        own = context.new_page()
        own.goto(reverse("home"))
        return own

    yield _session_of
    for context in contexts:
        context.close()


def tab_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus (fails when it is not reached)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    pytest.fail(f"{target} not reached with {limit} presses of Tab")


def submit(page: Page, button: Locator) -> None:
    with page.expect_navigation():
        button.click()


def long_date(value) -> str:
    """A date as the Dutch pages write it ("maandag 30 november 2026")."""
    with translation.override("nl"):
        return date_format(value, "l j F Y")


# --- the registrant's part -----------------------------------------------------------------------


def register_family(registrant: Visitor, family: Family) -> str:
    """Start, fill in the question pages, check the answers and submit; returns the reference
    shown."""
    page = registrant.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Anna")
    registrant.seen("home")
    page.get_by_role("link", name="Aanmeldingen van mijn organisatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmeldingen van Politie (demo)")
    registrant.seen("list-empty")
    page.locator("main").get_by_role("link", name="Nieuwe aanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanmelding")
    registrant.seen("start")

    page.get_by_label("Gemeente waar de persoon woont").select_option(label="Maastricht")
    submit(page, page.get_by_role("button", name="Volgende"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Over de persoon of personen")
    expect(page.get_by_text("Aanmelding (concept) voor Veiligheidshuis Maastricht")).to_be_visible()
    registrant.seen("draft-new")

    fill_main_person_with_the_keyboard(page, family)
    person_2 = page.get_by_role("group", name="Persoon 2")
    # The new person has the focus, not the top of the page.
    expect(person_2.get_by_label("Relatie tot de aangemelde persoon")).to_be_focused()
    registrant.seen("draft-person-2")

    page.get_by_role("group", name="Aangemelde persoon").get_by_label("Geboortedatum").fill(
        family.main.date_of_birth.isoformat()
    )
    fill_person(person_2, family.partner, "Partner", family)
    submit(page, page.get_by_role("button", name="Nog een persoon toevoegen"))
    person_3 = page.get_by_role("group", name="Persoon 3")
    expect(person_3.get_by_label("Relatie tot de aangemelde persoon")).to_be_focused()
    registrant.seen("draft-person-3")
    fill_person(person_3, family.child, "Kind", family)
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente en doelgroep")
    expect(page.get_by_role("main")).to_contain_text("De aangemelde persoon woont in Maastricht")
    page.get_by_role("radio", name="Huiselijk geweld").check()
    registrant.seen("draft-target-group")
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgen")
    page.get_by_label("Reden van de aanmelding").fill(
        "Drie meldingen van huiselijk geweld in twee maanden; de kinderen waren erbij."
    )
    page.get_by_label("Beschrijving van de situatie").fill(
        "Het gezin heeft schulden en dreigt uit huis gezet te worden.\n"
        "Hulpverlening is gestart maar stagneert."
    )
    choose_life_domains_with_the_keyboard(page)
    page.get_by_role("radio", name="Normaal").check()
    registrant.seen("draft-concerns")
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text("De cliënt informeren")
    informed = page.get_by_role("group", name=re.compile("Is de cliënt .* geïnformeerd"))
    informed.get_by_role("radio", name="Ja").check()
    today = timezone.localdate(timezone.now(), LOCAL_TZ)
    page.get_by_label("Zo ja: geïnformeerd op").fill((today - timedelta(days=2)).isoformat())
    page.get_by_label("Zo ja: hoe").fill("In een gesprek thuis")
    registrant.seen("draft-informing")
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Al betrokken partners")
    submit(page, page.get_by_role("button", name="Een partner toevoegen"))
    partner = page.get_by_role("group", name="Betrokken partner 1")
    expect(partner.get_by_label("Organisatie")).to_be_focused()
    registrant.seen("draft-partner")
    partner.get_by_label("Organisatie").fill(family.partner_organisation)
    partner.get_by_label("Betrokkenheid").fill("Gezinsbegeleiding sinds september")
    partner.get_by_label("Contactpersoon").fill(family.partner_contact)
    partner.get_by_label("Telefoonnummer").fill(family.partner_phone)
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Bijlagen")
    registrant.seen("draft-attachments")
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Contactgegevens")
    # The registrant's own contact details come from their account.
    expect(page.get_by_label("Uw naam")).to_have_value("Anna Aanmelder")
    expect(page.get_by_label("Uw e-mailadres")).to_have_value("aanmelder@demo.invalid")
    registrant.seen("draft-contact")
    submit(page, page.get_by_role("button", name="Opslaan en verder"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Controleer uw antwoorden voordat u verstuurt"
    )
    main_content = page.get_by_role("main")
    expect(main_content).to_contain_text(family.child.given_names)
    expect(main_content).to_contain_text(family.partner_organisation)
    expect(main_content).to_contain_text("Huiselijk geweld")
    registrant.seen("check")

    # The surname of the main person is still missing: submitting is refused, nothing is lost.
    submit(page, page.get_by_role("button", name="De aanmelding versturen"))
    expect(page).to_have_title(re.compile("^Fout: "))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Er is een probleem")
    link = summary.get_by_role("link", name="Aangemelde persoon, Achternaam: Vul de achternaam in.")
    expect(summary.get_by_role("link")).to_have_count(1)
    registrant.seen("check-error")

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Over de persoon of personen")
    main = page.get_by_role("group", name="Aangemelde persoon")
    surname = main.get_by_label("Achternaam")
    expect(surname).to_be_focused()
    expect(surname).to_be_in_viewport()
    expect(main.get_by_label("Voornamen")).to_have_value(family.main.given_names)
    expect(main.get_by_label("BSN")).to_have_value(family.main.bsn)
    expect(page.get_by_role("group", name="Persoon 3").get_by_label("Voornamen")).to_have_value(
        family.child.given_names
    )
    surname.fill(family.main.surname)
    submit(page, page.get_by_role("button", name="Opslaan en terug naar de controle"))
    expect(main_content).to_contain_text(family.main.full_name)
    submit(page, page.get_by_role("button", name="De aanmelding versturen"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding ontvangen")
    registration = Registration.objects.get(status=Status.RECEIVED)
    assert REFERENCE.match(registration.reference)
    expect(page.locator(".reference strong")).to_have_text(registration.reference)
    deadline = timezone.localtime(registration.deadline_at, LOCAL_TZ)
    received = timezone.localtime(registration.received_at, LOCAL_TZ)
    assert deadline.date() == received.date() + timedelta(days=7)  # Maastricht: one week
    expect(page.get_by_role("main")).to_contain_text(
        f"Veiligheidshuis Maastricht heeft uw aanmelding ontvangen. "
        f"U hoort uiterlijk {long_date(deadline)} over het vervolg."
    )
    registrant.seen("acknowledgement")
    assert registration.persons.count() == 3
    assert registration.involved_partners.count() == 1
    return registration.reference


def fill_main_person_with_the_keyboard(page: Page, family: Family) -> None:
    """The main person's details with Tab, typing and Enter only: from the skip link into the
    form, through the fields, and Enter on "add another person". The surname is left empty."""
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    main = page.get_by_role("group", name="Aangemelde persoon")
    tab_to(page, main.get_by_label("Voornamen"))
    page.keyboard.type(family.main.given_names)
    page.keyboard.press("Tab")
    expect(main.get_by_label("Tussenvoegsel")).to_be_focused()
    page.keyboard.type(family.main.surname_prefix)
    page.keyboard.press("Tab")
    expect(main.get_by_label("Achternaam")).to_be_focused()
    page.keyboard.press("Tab")  # the surname comes later
    # The date of birth too: a native date field's typing order follows the browser's own locale.
    expect(main.get_by_label("Geboortedatum")).to_be_focused()
    tab_to(page, main.get_by_label("BSN"), limit=5)
    page.keyboard.type(family.main.bsn)
    page.keyboard.press("Tab")
    expect(main.get_by_label("Straat en huisnummer")).to_be_focused()
    page.keyboard.type(family.street)
    page.keyboard.press("Tab")
    page.keyboard.type(family.postal_code)
    page.keyboard.press("Tab")
    expect(main.get_by_label("Woonplaats")).to_be_focused()
    page.keyboard.type("Maastricht")
    page.keyboard.press("Tab")
    expect(main.get_by_label("Gemeente")).to_be_focused()
    expect(main.get_by_label("Gemeente")).to_have_value(re.compile(r"\d+"))
    add_person = page.get_by_role("button", name="Nog een persoon toevoegen")
    tab_to(page, add_person, limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(main.get_by_label("Voornamen")).to_have_value(family.main.given_names)


def choose_life_domains_with_the_keyboard(page: Page) -> None:
    """From the description of the situation, Tab on to two life domains and tick them with
    Space."""
    expect(page.get_by_label("Beschrijving van de situatie")).to_be_focused()
    for name in ("Financiën", "Huisvesting"):
        box = page.get_by_role("checkbox", name=name, exact=True)
        tab_to(page, box, limit=5)
        page.keyboard.press("Space")
        expect(box).to_be_checked()


def fill_person(group: Locator, person: Resident, relation: str, family: Family) -> None:
    group.get_by_label("Relatie tot de aangemelde persoon").select_option(label=relation)
    group.get_by_label("Voornamen").fill(person.given_names)
    group.get_by_label("Tussenvoegsel").fill(person.surname_prefix)
    group.get_by_label("Achternaam").fill(person.surname)
    group.get_by_label("Geboortedatum").fill(person.date_of_birth.isoformat())
    group.get_by_label("BSN").fill(person.bsn)
    group.get_by_label("Straat en huisnummer").fill(family.street)
    group.get_by_label("Postcode").fill(family.postal_code)
    group.get_by_label("Woonplaats").fill("Maastricht")
    group.get_by_label("Gemeente").select_option(label="Maastricht")


def open_own_registration(registrant: Visitor, reference: str) -> None:
    page = registrant.page
    page.goto(reverse("registrations:list"))
    registrant.seen("list")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanmelding {reference}")


# --- the test ------------------------------------------------------------------------------------


def test_a_family_is_registered_screened_and_decided_and_the_registrant_reads_the_outcome(
    session_of, demo_users, houses, municipalities
):
    family = synthetic_family()
    earlier_registration_of(family.partner, demo_users, houses, municipalities)

    registrant = Visitor(session_of("aanmelder"), "aanmelder")
    screener = Visitor(session_of("screener"), "screener")

    # 1. The registrant registers the family.
    reference = register_family(registrant, family)

    # 2. The screener finds it in the queue, opens it and asks for more information.
    page = screener.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne")
    screener.seen("home")
    page.get_by_role("link", name="Naar de werkvoorraad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te screenen aanmeldingen")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text(f"{family.main.full_name} (+2 andere)")
    expect(row).to_contain_text("Huiselijk geweld")
    expect(row).to_contain_text("Politie (demo)")
    expect(row).to_contain_text("Ontvangen")
    expect(row).to_contain_text(re.compile(r"Nog [67] dagen"))
    screener.seen("queue")
    page.get_by_role("textbox", name=re.compile("^Zoeken")).fill(family.child.given_names)
    submit(page, page.get_by_role("button", name="Tonen"))
    expect(page.get_by_role("status")).to_have_text("1 aanmelding (gefilterd)")
    screener.seen("queue-search")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanmelding {reference}")
    persons = page.locator("#persons")
    for person in (family.main, family.partner, family.child):
        expect(persons.get_by_role("heading", name=person.full_name)).to_be_visible()
    partner_card = persons.get_by_role("article", name=family.partner.full_name)
    known = partner_card.get_by_role("note")
    expect(known).to_contain_text("Al bekend in dit Veiligheidshuis")
    expect(known).to_contain_text("MST-2025-00042")
    expect(known).to_contain_text("zelfde BSN")
    expect(persons.get_by_role("article", name=family.child.full_name)).to_contain_text(
        "Niet gevonden in eerdere aanmeldingen bij dit Veiligheidshuis."
    )
    screener.seen("detail")

    submit(page, page.get_by_role("button", name="Screening starten"))
    expect(page.get_by_role("status")).to_contain_text("De screening is gestart.")
    screener.seen("detail-screening")
    # An empty question is refused, accessibly.
    ask = page.get_by_role("button", name="Vraag stellen aan de aanmelder")
    submit(page, ask)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Vul de vraag aan de aanmelder in.")
    question = page.get_by_label("Vraag aan de aanmelder")
    expect(summary.get_by_role("link")).to_have_attribute(
        "href", "#" + question.get_attribute("id")
    )
    screener.seen("detail-question-error", refused_with=400)
    question.fill(QUESTION)
    submit(page, ask)
    expect(page.get_by_role("status")).to_contain_text("Uw vraag is verstuurd.")
    expect(page.locator(".facts .status")).to_have_text("Wacht op informatie")
    expect(page.locator(".facts").first).to_contain_text("Termijn staat stil: wacht op informatie")
    screener.seen("detail-waiting")

    # 3. The registrant sees the question waiting as "action needed" on their home page, and
    # answers it in the app (an empty answer is refused first).
    registrant.page.goto(reverse("home"))
    action = registrant.page.get_by_role("region", name=re.compile("Actie nodig"))
    expect(
        action.get_by_role("link", name=f"De vraag over {reference} beantwoorden")
    ).to_be_visible()
    registrant.seen("home-action-needed")
    open_own_registration(registrant, reference)
    page = registrant.page
    questions = page.get_by_role("region", name="Vragen van het meldpunt")
    expect(questions).to_contain_text(QUESTION)
    facts = page.locator(".facts").first
    expect(facts).to_contain_text("Wacht op informatie")
    expect(facts).to_contain_text("Staat stil tot u de vraag van het meldpunt hieronder hebt")
    registrant.seen("detail-question")
    send = page.get_by_role("button", name="Het antwoord versturen")
    submit(page, send)
    expect(page.get_by_role("alert")).to_contain_text("Vul uw antwoord in.")
    registrant.seen("detail-answer-error")
    page.get_by_label("Uw antwoord").fill(ANSWER)
    submit(page, send)
    expect(page.get_by_role("status")).to_contain_text("Uw antwoord is naar het meldpunt gestuurd")
    expect(questions).to_contain_text(ANSWER)
    registrant.seen("detail-answered")

    # 4. The screener screens against the three criteria and decides.
    page = screener.page
    page.reload()
    expect(page.locator("#information")).to_contain_text(ANSWER)
    expect(page.locator(".facts .status")).to_have_text("Screening")
    screener.seen("detail-answered")
    screening = page.locator("#screening")
    for number, motivation in enumerate(SCREENING_MOTIVATIONS, start=1):
        screening.get_by_role("group", name=re.compile(f"^{number}\\. ")).get_by_label("Ja").check()
        screening.get_by_label(f"Motivering bij vraag {number}").fill(motivation)
    submit(page, screening.get_by_role("button", name="Screening opslaan"))
    expect(page.get_by_role("status")).to_contain_text("De screening is opgeslagen.")
    screener.seen("detail-screened")

    decision = page.locator("#decision")
    outcomes = decision.get_by_role("group", name="Uitkomst")
    expect(outcomes.get_by_role("radio")).to_have_count(3)  # Maastricht: no referral elsewhere
    outcomes.get_by_role("radio", name="Prioriteren voor de integrale aanpak").check()
    decision.get_by_label("Motivering (intern)").fill(INTERNAL_MOTIVATION)
    decision.get_by_label("Bericht aan de aanmelder").fill(MESSAGE)
    integrated = decision.get_by_role("group", name=re.compile("Prioriteren voor de integrale"))
    integrated.get_by_role("radio", name="Met drang").check()
    integrated.get_by_label("Procesregisseur").select_option(label="Rik Regisseur")
    submit(page, decision.get_by_role("button", name="Besluit controleren"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleer uw besluit")
    screener.seen("decision-check")
    submit(page, page.get_by_role("button", name="Bevestigen en aanmelder informeren"))
    expect(page.get_by_role("status")).to_contain_text("Het besluit is opgeslagen")
    expect(page.locator(".facts .status")).to_have_text("Besloten")
    expect(decision).to_contain_text("Rik Regisseur")
    screener.seen("detail-decided")

    # 5. The registrant reads the outcome and the message, and nothing internal.
    open_own_registration(registrant, reference)
    page = registrant.page
    outcome = page.get_by_role("region", name="Uitkomst")
    expect(outcome).to_contain_text("Prioriteren voor de integrale aanpak")
    expect(outcome).to_contain_text(MESSAGE)
    expect(page.locator(".facts .status")).to_have_text("Besloten")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(INTERNAL_MOTIVATION)
    for motivation in SCREENING_MOTIVATIONS:
        expect(main).not_to_contain_text(motivation)
    expect(main).not_to_contain_text("Al bekend")
    expect(main).not_to_contain_text("MST-2025-00042")
    registrant.seen("detail-decided")

    assert registrant.pages_checked >= 15
    assert screener.pages_checked >= 9


def earlier_registration_of(person: Resident, demo_users, houses, municipalities) -> None:
    """The partner was registered before, by the municipality: the meldpunt sees them as known."""
    received_at = timezone.now() - timedelta(days=400)
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder-gemeente"],
        veiligheidshuis=houses["MST"],
        status=Status.DECIDED,
        reference="MST-2025-00042",
        received_at=received_at,
        deadline_at=received_at + timedelta(days=7),
    )
    PersonFactory(
        registration=registration,
        given_names=person.given_names,
        surname=person.surname,
        bsn=person.bsn,
        municipality=municipalities["Maastricht"],
    )


def test_a_sittard_resident_is_refused_on_the_web_form_with_the_meldpunt_address(
    page, log_in, demo_users
):
    visitor = Visitor(page, "aanmelder-sittard")
    log_in("aanmelder")
    page.goto(reverse("registrations:start"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanmelding")
    page.get_by_label("Gemeente waar de persoon woont").select_option(label="Sittard-Geleen")
    submit(page, page.get_by_role("button", name="Volgende"))

    expect(page).to_have_title(re.compile("^Fout: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "Veiligheidshuis district Sittard neemt geen aanmeldingen via dit webformulier aan."
    )
    expect(summary).to_contain_text("meldpuntveiligheidshuis@sittard-geleen.nl")
    field = page.get_by_label("Gemeente waar de persoon woont")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#" + field.get_attribute("id"))
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("meldpuntveiligheidshuis@"))
    visitor.seen("start-refused")
    assert not Registration.objects.exists()
