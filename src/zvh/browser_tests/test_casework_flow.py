"""Casework in real headless Chromium (issue 12): the screener decides "agenda", the chair plans
a meeting and invites two partner organisations for one item, each invited organisation's user
sees only that item, a user of an uninvited organisation gets 404, the minute-taker drafts and the
chair finalises the minutes with two agreements, an owner marks one done, the chair closes the
case; the chair also moves the meeting, and reopens the case with a reason. Every page on the
way passes axe-core's WCAG 2.1 A/AA rules."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD, TEST_TOTP_KEY_HEX
from zvh.accounts.models import User
from zvh.accounts.second_factor import totp_device_ensure
from zvh.casework.models import AgendaItem, Case, CaseStatus
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline
from zvh.network.models import Organisation
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.tests.conftest import answer_every_criterion

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def _seen(page: Page, label: str) -> None:
    save_screenshot(page, f"casework-{label}")
    assert_accessible(page)


def _log_out(page: Page) -> None:
    _submit(page, page.get_by_role("button", name="Uitloggen"))


def test_a_case_consultation_from_decision_to_closing(
    page, log_in, demo_users, houses, municipalities
):
    house = houses["MST"]
    now = timezone.now()
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=house,
        status=Status.RECEIVED,
        reference="MST-2026-00501",
        received_at=now,
        deadline_at=reply_deadline(house.reply_term, received_at=now),
    )
    PersonFactory(registration=registration, municipality=municipalities["Maastricht"])
    answer_every_criterion(registration, by=demo_users["screener"])  # screened: ready to decide
    outsider = User.objects.create_user(
        username="ggz-medewerker",
        password=TEST_PASSWORD,
        first_name="Gert",
        last_name="GGZ",
        organisation=Organisation.objects.get(name="GGZ-instelling (demo)"),
    )
    totp_device_ensure(user=outsider, key_hex=TEST_TOTP_KEY_HEX)
    meeting_day = (now + timedelta(days=7)).astimezone(LOCAL_TZ).date()

    # 1. The screener decides "agenda for a consultation".
    log_in("screener")
    page.goto(reverse("triage:detail", args=[registration.public_id]))
    decision = page.locator("#decision")
    decision.get_by_role("group", name="Uitkomst").get_by_role(
        "radio", name="Agenderen voor een overleg"
    ).check()
    decision.get_by_label("Motivering (intern)").fill("Samenwerking stagneert.")
    decision.get_by_label("Datum van het overleg").fill(meeting_day.isoformat())
    decision.get_by_role("group", name="Uit te nodigen partners").get_by_role(
        "checkbox"
    ).first.check()
    _submit(page, decision.get_by_role("button", name="Besluit controleren"))
    _submit(page, page.get_by_role("button", name="Bevestigen en aanmelder informeren"))
    expect(page.get_by_role("status")).to_contain_text("Het besluit is opgeslagen")
    case = Case.objects.get(links__registration=registration)
    _log_out(page)

    # 2. The chair (procesregisseur) plans a meeting and puts the case on the agenda.
    log_in("regisseur")
    page.goto(reverse("cases:meetings"))
    _seen(page, "meetings")
    page.get_by_role("link", name="Plan een overleg").click()
    _seen(page, "plan")
    page.get_by_label("Soort overleg").select_option(label="Casusoverleg")
    page.get_by_label("Datum").fill(meeting_day.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("11:00")
    page.get_by_label("Locatie").fill("Veiligheidshuis, zaal 2")
    page.get_by_label("Voorzitter").select_option(label="Rik Regisseur")
    page.get_by_label("Notulist").select_option(label="Sanne Screener")
    _submit(page, page.get_by_role("button", name="Plan het overleg"))
    expect(page.get_by_role("status")).to_contain_text("Het overleg is gepland.")
    _seen(page, "meeting")
    page.get_by_label("Casus", exact=True).select_option(label=case.reference)
    page.get_by_label("Vraag aan het overleg").fill("Wie pakt de regie op huisvesting?")
    _submit(page, page.get_by_role("button", name="Zet op de agenda"))
    item = AgendaItem.objects.get(case=case)
    page.get_by_label("Samenvatting van de casus voor het overleg").fill("Korte samenvatting.")
    _submit(page, page.get_by_role("button", name="Sla op wat wordt gedeeld"))
    expect(page.get_by_role("status")).to_contain_text("Wat de genodigden zien is opgeslagen.")
    for organisation, person in (
        ("Politie (demo)", "Anna Aanmelder"),
        ("Gemeente Maastricht (demo)", "Gijs Gemeente"),
    ):
        page.get_by_label("Organisatie", exact=True).select_option(label=organisation)
        page.get_by_role("group", name="Uit te nodigen personen").get_by_label(
            re.compile(person)
        ).check()
        _submit(page, page.get_by_role("button", name="Nodig uit"))
        expect(page.get_by_role("status")).to_contain_text("De uitnodigingen zijn verstuurd.")
    _seen(page, "item-chair")
    # The chair moves the meeting: a day in the past is refused in Dutch, nothing typed lost;
    # then the change goes out to the invitees as an updated calendar invitation.
    page.goto(reverse("cases:meeting", args=[item.meeting.public_id]))
    page.get_by_role("link", name="Overleg wijzigen").click()
    _seen(page, "meeting-edit")
    yesterday = (now - timedelta(days=1)).astimezone(LOCAL_TZ).date().isoformat()
    page.get_by_label("Datum").fill(yesterday)
    page.get_by_label("Locatie").fill("Stadhuis, zaal 3")
    _submit(page, page.get_by_role("button", name="Wijzigingen opslaan"))
    expect(page.get_by_role("alert")).to_contain_text("verleden")
    expect(page.get_by_label("Locatie")).to_have_value("Stadhuis, zaal 3")
    _seen(page, "meeting-edit-error")
    page.get_by_label("Datum").fill(meeting_day.isoformat())
    _submit(page, page.get_by_role("button", name="Wijzigingen opslaan"))
    expect(page.get_by_role("status")).to_contain_text("Het overleg is gewijzigd")
    _log_out(page)

    # 3. Each invited organisation's user sees only that item; an uninvited one gets 404.
    item_url = reverse("cases:item", args=[item.public_id])
    for username in ("aanmelder", "aanmelder-gemeente"):
        log_in(username)
        page.goto(reverse("home"))  # one role lands on its work list; the home page has the cards
        expect(page.get_by_role("link", name=re.compile(case.reference))).to_be_visible()
        page.goto(item_url)
        expect(page.locator(".shared")).to_contain_text("Korte samenvatting.")
        expect(page.get_by_role("heading", name="Uitnodigingen")).to_have_count(0)
        expect(page.get_by_text("Samenwerking stagneert.")).to_have_count(0)
        _seen(page, f"item-{username}")
        page.get_by_label("Ik kom", exact=True).check()
        _submit(page, page.get_by_role("button", name="Verstuur mijn antwoord"))
        _log_out(page)
    log_in("ggz-medewerker")
    response = page.goto(item_url)
    assert response.status == 404
    page.goto(reverse("home"))
    _log_out(page)

    # 4. The minute-taker drafts the minutes with two agreements.
    log_in("screener")
    page.goto(item_url)
    page.get_by_label("Situatie").fill("Situatie besproken.")
    page.get_by_label("Conclusies").fill("De politie en de gemeente pakken het op.")
    _submit(page, page.get_by_role("button", name="Sla het concept op"))
    due = (meeting_day + timedelta(days=14)).isoformat()
    for action, organisation, owner in (
        ("Huisbezoek afleggen", "Politie (demo)", "Anna Aanmelder"),
        ("Woonbegeleiding regelen", "Gemeente Maastricht (demo)", "Gijs Gemeente"),
    ):
        page.get_by_label("Actie").fill(action)
        page.get_by_label("Organisatie van de eigenaar").select_option(label=organisation)
        page.get_by_label("Eigenaar", exact=True).select_option(label=owner)
        page.get_by_label("Uiterste datum").fill(due)
        _submit(page, page.get_by_role("button", name="Voeg de afspraak toe"))
        expect(page.get_by_role("status")).to_contain_text("De afspraak is toegevoegd.")
    _seen(page, "item-minute-taker")
    _log_out(page)

    # 5. The chair finalises.
    log_in("regisseur")
    page.goto(item_url)
    _submit(page, page.get_by_role("button", name="Stel het verslag vast"))
    expect(page.get_by_role("status")).to_contain_text("Het verslag is vastgesteld.")
    _log_out(page)

    # 6. An owner marks their action done.
    log_in("aanmelder")
    page.goto(reverse("cases:actions"))
    _seen(page, "actions")
    row = page.locator("tr", has_text="Huisbezoek afleggen")
    row.get_by_label("Wat er is gedaan").fill("Huisbezoek afgelegd.")
    _submit(page, row.get_by_role("button", name="Markeer als gereed"))
    expect(page.get_by_role("status")).to_contain_text("De actie is als gereed gemarkeerd.")
    page.goto(item_url)
    expect(page.locator(".minutes")).to_contain_text("Situatie besproken.")
    # Printed for the meeting room: the minutes and agreements, without forms or navigation.
    page.emulate_media(media="print")
    expect(page.locator(".minutes")).to_be_visible()
    expect(page.get_by_role("button", name="Verstuur mijn antwoord")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    page.emulate_media(media="screen")
    _log_out(page)

    # 7. The chair closes the case.
    log_in("regisseur")
    page.goto(item_url)
    outcome = page.get_by_role("group", name="Uitkomst")
    outcome.get_by_role("radio", name="Casus afsluiten").check()
    page.get_by_label("Reden van afsluiten").select_option(label="Doelen bereikt")
    _submit(page, page.get_by_role("button", name="Leg de uitkomst vast"))
    expect(page.get_by_role("status")).to_contain_text("De uitkomst is vastgelegd")
    _seen(page, "item-closed")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    registration.refresh_from_db()
    assert registration.status == Status.CLOSED  # the registration follows its case

    # 8. The case is reopened, with a reason (required); its page lists the history.
    page.goto(reverse("cases:case", args=[case.public_id]))
    _seen(page, "case-closed")
    page.get_by_role("link", name="Casus heropenen").click()
    _seen(page, "case-reopen")
    _submit(page, page.get_by_role("button", name="Casus heropenen"))
    expect(page.get_by_role("alert")).to_contain_text("Geef de reden om de casus te heropenen.")
    _seen(page, "case-reopen-error")
    page.get_by_label("Reden om te heropenen").fill("Nieuwe zorgen van de wijkagent.")
    _submit(page, page.get_by_role("button", name="Casus heropenen"))
    expect(page.get_by_role("status")).to_contain_text("De casus is heropend.")
    expect(page.get_by_role("table")).to_contain_text("Nieuwe zorgen van de wijkagent.")
    _seen(page, "case-reopened")
    case.refresh_from_db()
    registration.refresh_from_db()
    assert (case.status, registration.status) == (CaseStatus.OPEN, Status.DECIDED)
