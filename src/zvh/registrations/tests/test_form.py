"""The registration form in the browser's place: step 1, step 2, saving, submitting."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from zvh.common.bsn import generate_bsn
from zvh.network.models import Municipality
from zvh.registrations.models import Person, Registration
from zvh.registrations.status import Status

from .conftest import fake, rng

pytestmark = pytest.mark.django_db

START = reverse("registrations:start")


@pytest.fixture
def browser(login, registrant):
    return login(registrant)


def _start(browser, municipality: Municipality, token: str | None = None):
    return browser.post(
        START, {"municipality": municipality.pk, "token": token or str(uuid.uuid4())}
    )


def _draft(browser, municipality: Municipality) -> Registration:
    response = _start(browser, municipality)
    assert response.status_code == 302
    return Registration.objects.get(public_id=response.url.split("/")[2])


def _edit_data(registration: Registration, **overrides) -> dict:
    """What the browser posts for a filled-in step 2 (one person, no partners)."""
    main = registration.persons.get()
    vh = registration.veiligheidshuis
    target_group = vh.target_groups.filter(municipalities=main.municipality).first()
    data = {
        "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "1",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "1000",
        "persons-0-id": str(main.pk),
        "persons-0-given_names": fake.first_name(),
        "persons-0-surname_prefix": "van",
        "persons-0-surname": fake.last_name(),
        "persons-0-date_of_birth": "1988-03-14",
        "persons-0-bsn": generate_bsn(rng),
        "persons-0-street": fake.street_address(),
        "persons-0-postal_code": "6211ab",
        "persons-0-city": main.municipality.name,
        "persons-0-municipality": str(main.municipality_id),
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
        "target_group": str(target_group.pk) if target_group else "",
        "reason": "Zorgen over veiligheid in het gezin.",
        "situation": fake.paragraph(),
        "life_domains": [str(d.pk) for d in vh.life_domains.all()[:3]],
        "urgency": "normal",
        "urgency_explanation": "",
        "client_informed": "yes",
        "client_informed_on": "2026-11-20",
        "client_informed_how": "In een gesprek thuis",
        "not_informed_reason": "",
        "not_informed_explanation": "",
        "contact_name": "Anna Aanmelder",
        "contact_phone": "",
        "contact_email": "aanmelder@demo.invalid",
        "action": "save",
    }
    data.update(overrides)
    return data


def _edit_url(registration: Registration) -> str:
    return reverse("registrations:edit", args=[registration.public_id])


# --- step 1 --------------------------------------------------------------------------------------


def test_step_one_offers_a_token_and_creates_the_draft(browser, municipalities):
    page = browser.get(START)
    assert page.status_code == 200
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page.text).group(1)
    response = _start(browser, municipalities["Maastricht"], token)
    registration = Registration.objects.get()
    # The registrant's form starts on its first question page.
    assert response.url == reverse(
        "registrations:question", args=[registration.public_id, "personen"]
    )
    assert registration.veiligheidshuis.code == "MST"
    assert registration.persons.get().municipality == municipalities["Maastricht"]


def test_step_one_twice_with_the_same_token_is_one_draft(browser, municipalities):
    token = str(uuid.uuid4())
    first = _start(browser, municipalities["Maastricht"], token)
    second = _start(browser, municipalities["Maastricht"], token)
    assert first.url == second.url
    assert Registration.objects.count() == 1


def test_sittard_takes_no_web_form_registrations_and_says_where_to_mail(browser, municipalities):
    response = _start(browser, municipalities["Sittard-Geleen"])
    assert response.status_code == 200
    assert (
        "Veiligheidshuis district Sittard neemt geen aanmeldingen via dit webformulier aan."
        in response.text
    )
    assert "meldpuntveiligheidshuis@sittard-geleen.nl" in response.text
    assert 'class="error-summary"' in response.text
    assert not Registration.objects.exists()


def test_an_unserved_municipality_gets_a_stop_page_naming_the_house_to_contact(browser, houses):
    # (the demo set-up loads it from the data file; as an administrator would add it otherwise)
    heerlen, _ = Municipality.objects.get_or_create(cbs_code="GM0917", defaults={"name": "Heerlen"})
    response = _start(browser, heerlen)
    assert response.status_code == 200
    assert response.templates[0].name == "registrations/elsewhere.html"
    text = response.text
    assert "Inwoners van Heerlen elders aanmelden" in text
    assert "Geen Veiligheidshuis in zvh bedient Heerlen" in text
    assert "Zorg- en Veiligheidshuis Parkstad" in text
    assert "Werkgebied: Parkstad Limburg." in text
    assert not Registration.objects.exists()


def test_an_unserved_municipality_unknown_to_the_data_file_says_to_contact_its_region(
    browser, houses
):
    elsewhere, _ = Municipality.objects.get_or_create(cbs_code="GM0448", defaults={"name": "Texel"})
    response = _start(browser, elsewhere)
    assert "Geen Veiligheidshuis in zvh bedient Texel" in response.text
    assert "Neem contact op met het Zorg- en Veiligheidshuis van de regio" in response.text
    assert 'href="https://www.zorgenveiligheidshuizen.nl"' in response.text
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("code", "name"),
    [("GM0363", "Amsterdam"), ("GM0014", "Groningen"), ("GM1992", "Voorne aan Zee")],
)
def test_every_dutch_municipality_can_be_chosen_and_an_unserved_one_stops(
    browser, municipalities, code, name
):
    """Issue 14: the full list is offered; a municipality no house in zvh serves gets the stop
    page, pointing to the national overview where no source names its house."""
    from zvh.network.elsewhere import municipalities_elsewhere_load

    municipalities_elsewhere_load()
    offered = browser.get(START).text
    select = re.search(r'<select name="municipality".*?</select>', offered, re.S).group(0)
    assert select.count("<option") == Municipality.objects.count() + 1 == 342 + 1
    response = _start(browser, Municipality.objects.get(cbs_code=code))
    assert response.templates[0].name == "registrations/elsewhere.html"
    assert f"Geen Veiligheidshuis in zvh bedient {name}" in response.text
    assert "https://www.zorgenveiligheidshuizen.nl" in response.text
    assert not Registration.objects.exists()
    served = _start(browser, municipalities["Maastricht"])
    assert served.status_code == 302  # a served municipality leads on to the form, as before


# --- step 2: lists that depend on the municipality ------------------------------------------


def _offered_target_groups(browser, registration) -> set[str]:
    form = browser.get(_edit_url(registration)).context["form"]
    return set(form.fields["target_group"].queryset.values_list("code", flat=True))


def test_a_maastricht_resident_may_be_proposed_for_every_maastricht_target_group(
    browser, municipalities
):
    draft = _draft(browser, municipalities["Maastricht"])
    assert _offered_target_groups(browser, draft) == {
        "veelplegers",
        "huiselijk-geweld",
        "nazorg-gedetineerden",
        "multiproblematiek-oggz",
        "risicojeugd-cjg",
    }


@pytest.mark.parametrize("place", ["Meerssen", "Valkenburg aan de Geul"])
def test_residents_outside_the_city_are_offered_only_the_district_wide_groups(
    browser, municipalities, place
):
    draft = _draft(browser, municipalities[place])
    assert _offered_target_groups(browser, draft) == {"veelplegers", "huiselijk-geweld"}


def test_a_meerssen_resident_cannot_be_proposed_for_aftercare_for_detainees(
    browser, municipalities, houses
):
    draft = _draft(browser, municipalities["Meerssen"])
    aftercare = houses["MST"].target_groups.get(code="nazorg-gedetineerden")
    response = browser.post(
        _edit_url(draft), _edit_data(draft, target_group=str(aftercare.pk), action="submit")
    )
    assert response.status_code == 200
    assert "target_group" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.target_group is None
    assert draft.status == Status.DRAFT
    assert draft.reason == "Zorgen over veiligheid in het gezin."  # the rest was saved


def test_life_domains_are_the_veiligheidshuis_own_list(browser, municipalities, houses):
    draft = _draft(browser, municipalities["Maastricht"])
    page = browser.get(_edit_url(draft))
    offered = list(page.context["form"].fields["life_domains"].queryset)
    assert offered == list(houses["MST"].life_domains.order_by("position"))
    assert 'type="checkbox" name="life_domains"' in page.text


# --- step 2: saving and submitting ---------------------------------------------------------


@freeze_time("2026-11-23 09:00:00")
def test_a_complete_form_is_submitted_and_acknowledged(
    browser, municipalities, mailoutbox, django_capture_on_commit_callbacks
):
    draft = _draft(browser, municipalities["Maastricht"])
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(_edit_url(draft), _edit_data(draft, action="submit"))
    assert response.status_code == 302
    assert response.url == reverse("registrations:acknowledgement", args=[draft.public_id])
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED
    assert draft.reference == "MST-2026-00001"
    main = draft.persons.get()
    assert main.surname_prefix == "van"
    assert main.postal_code == "6211AB"
    assert draft.life_domains.count() == 3
    page = browser.get(response.url)
    assert "MST-2026-00001" in page.text
    assert "maandag 30 november 2026" in page.text  # one week later, in Dutch
    assert len(mailoutbox) == 2


def test_posting_the_submitted_page_again_changes_nothing(
    browser, municipalities, mailoutbox, django_capture_on_commit_callbacks
):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(draft, action="submit")
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(_edit_url(draft), data)
    with django_capture_on_commit_callbacks(execute=True):
        again = browser.post(_edit_url(draft), data)  # double click / back-and-resubmit
    assert again.status_code == 302
    assert again.url == reverse("registrations:acknowledgement", args=[draft.public_id])
    assert Registration.objects.count() == 1
    assert Registration.objects.get().reference.endswith("-00001")
    assert len(mailoutbox) == 2


def test_an_incomplete_submission_keeps_what_was_typed_and_lists_the_errors(
    browser, municipalities
):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(
        draft,
        action="submit",
        **{"persons-0-surname": "", "situation": "", "client_informed": "no"},
    )
    data["reason"] = "Eigen tekst van de aanmelder die niet verloren mag gaan."
    response = browser.post(_edit_url(draft), data)
    assert response.status_code == 200
    text = response.text
    assert "Eigen tekst van de aanmelder die niet verloren mag gaan." in text
    assert data["persons-0-given_names"] in text
    summary = re.search(r'<div class="error-summary".*?</div>', text, re.S).group(0)
    assert 'href="#id_persons-0-surname"' in summary
    assert "Aangemelde persoon, Achternaam: Vul de achternaam in." in summary
    assert 'href="#id_situation"' in summary
    assert 'href="#id_not_informed_reason_0"' in summary
    assert "Kies waarom de cliënt niet is geïnformeerd." in summary
    assert 'aria-describedby="id_persons-0-surname_error"' in text
    assert 'id="id_persons-0-surname_error"' in text
    assert "<title>Fout: " in text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.reason == data["reason"]  # the draft kept it too


def test_a_bsn_failing_the_elfproef_is_an_error_and_the_rest_is_saved(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    response = browser.post(_edit_url(draft), _edit_data(draft, **{"persons-0-bsn": "123456789"}))
    assert response.status_code == 200
    errors = response.context["persons"].forms[0].errors
    assert errors["bsn"] == [
        "Dit is geen geldig BSN: het moet 9 cijfers hebben en de elfproef doorstaan."
    ]
    assert 'value="123456789"' in response.text
    main = Person.objects.get(registration=draft)
    assert main.bsn == ""
    assert main.surname  # valid fields of the same person were saved


def test_a_bsn_may_be_typed_with_spaces(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    bsn = generate_bsn(rng)
    spaced = f"{bsn[:4]} {bsn[4:6]} {bsn[6:]}"
    response = browser.post(_edit_url(draft), _edit_data(draft, **{"persons-0-bsn": spaced}))
    assert response.status_code == 302
    assert Person.objects.get(registration=draft).bsn == bsn


def test_save_as_draft_accepts_an_incomplete_form(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(draft, reason="Alleen een reden", situation="", target_group="")
    response = browser.post(_edit_url(draft), data, follow=True)
    assert response.redirect_chain == [(_edit_url(draft), 302)]
    assert "Het concept is opgeslagen." in response.text
    assert "Alleen een reden" in response.text
    draft.refresh_from_db()
    assert (draft.status, draft.reason, draft.situation) == (Status.DRAFT, "Alleen een reden", "")


def test_adding_a_family_member_without_javascript(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    response = browser.post(_edit_url(draft), _edit_data(draft, action="add_person"))
    assert response.status_code == 200
    assert 'name="persons-TOTAL_FORMS" value="2"' in response.text
    assert 'id="id_persons-1-relation"' in response.text
    data = _edit_data(draft)
    data.update(
        {
            "persons-TOTAL_FORMS": "2",
            "persons-1-id": "",
            "persons-1-relation": "child",
            "persons-1-given_names": fake.first_name(),
            "persons-1-surname": fake.last_name(),
            "persons-1-date_of_birth": "31-12-2014",
            "action": "add_person",
        }
    )
    browser.post(_edit_url(draft), data)
    # the page is bound again with the new person's id: saving twice creates it once
    again = browser.post(_edit_url(draft), data)
    assert 'name="persons-TOTAL_FORMS" value="3"' in again.text
    child = draft.persons.get(relation="child")
    assert f'name="persons-1-id" value="{child.pk}"' in again.text
    assert draft.persons.count() == 2
    assert str(child.date_of_birth) == "2014-12-31"


def test_removing_a_family_member(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(draft)
    data.update(
        {
            "persons-TOTAL_FORMS": "2",
            "persons-1-relation": "partner",
            "persons-1-given_names": fake.first_name(),
            "persons-1-surname": fake.last_name(),
        }
    )
    browser.post(_edit_url(draft), data)
    partner = draft.persons.get(relation="partner")
    data.update({"persons-INITIAL_FORMS": "2", "persons-1-id": str(partner.pk)})
    data["persons-1-DELETE"] = "on"
    browser.post(_edit_url(draft), data)
    assert list(draft.persons.values_list("relation", flat=True)) == ["main"]


def test_involved_partners_are_added_and_checked_on_submission(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(draft, action="submit")
    data.update(
        {
            "partners-TOTAL_FORMS": "1",
            "partners-0-organisation_name": "Buurtteam Noord",
            "partners-0-contact_name": "",
            "partners-0-contact_email": "geen-adres",
        }
    )
    response = browser.post(_edit_url(draft), data)
    assert response.status_code == 200
    errors = response.context["partners"].forms[0].errors
    assert errors["contact_email"] == ["Voer een geldig e-mailadres in."]
    data["partners-0-contact_email"] = "buurtteam@example.org"
    response = browser.post(_edit_url(draft), data)
    errors = response.context["partners"].forms[0].errors
    assert errors == {"contact_name": ["Vul de contactpersoon bij deze organisatie in."]}
    assert draft.involved_partners.get().organisation_name == "Buurtteam Noord"


def test_not_informing_the_client_needs_a_reason_in_the_form(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(
        draft,
        action="submit",
        client_informed="no",
        not_informed_reason="safety",
        not_informed_explanation="",
    )
    response = browser.post(_edit_url(draft), data)
    assert response.context["form"].errors == {
        "not_informed_explanation": ["Licht toe waarom de cliënt niet is geïnformeerd."]
    }
    data["not_informed_explanation"] = "Dreiging richting de melder."
    response = browser.post(_edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.client_informed, draft.not_informed_reason) == (False, "safety")


def test_a_disguised_attachment_is_refused_and_the_typed_text_stays(
    browser, municipalities, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(draft, action="upload", reason="Tekst die moet blijven staan.")
    data["attachment"] = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00program")
    response = browser.post(_edit_url(draft), data)
    assert response.status_code == 200
    assert "De inhoud van rapport.pdf is niet die van een .pdf-bestand." in response.text
    assert 'href="#id_attachment"' in response.text
    assert "Tekst die moet blijven staan." in response.text
    assert not draft.attachments.exists()
    data["attachment"] = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n%%EOF\n")
    response = browser.post(_edit_url(draft), data, follow=True)
    assert "De bijlage is toegevoegd." in response.text
    attachment = draft.attachments.get()
    assert "rapport.pdf" in response.text
    response = browser.post(
        _edit_url(draft), _edit_data(draft, remove_attachment=str(attachment.pk)), follow=True
    )
    assert "De bijlage is verwijderd." in response.text
    assert not draft.attachments.exists()


def test_the_form_has_no_inline_script_or_style(browser, municipalities):
    """Its only script is a static file, carrying the response's CSP nonce."""
    draft = _draft(browser, municipalities["Maastricht"])
    response = browser.get(_edit_url(draft))
    text = response.text
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", text, re.S)
    assert scripts
    assert all(body.strip() == "" for body in scripts)
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script[^>]*>", text))
    assert "style=" not in text
    assert "registrations.css" in text


def test_submitting_with_a_typing_error_also_lists_what_is_still_missing(browser, municipalities):
    draft = _draft(browser, municipalities["Maastricht"])
    data = _edit_data(draft, action="submit", situation="", contact_email="geen-adres")
    response = browser.post(_edit_url(draft), data)
    form = response.context["form"]
    assert form.errors["contact_email"] == ["Voer een geldig e-mailadres in."]
    assert form.errors["situation"] == ["Beschrijf de situatie."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
