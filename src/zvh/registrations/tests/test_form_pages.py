"""The registrant's form as question pages, "check your answers" and autosave (issue 14.5)."""

import json
import re

import pytest
from django.urls import reverse

from zvh.common.bsn import generate_bsn
from zvh.registrations.models import Registration
from zvh.registrations.status import Status

from .conftest import fake, rng

pytestmark = pytest.mark.django_db

START = reverse("registrations:start")


@pytest.fixture
def browser(login, registrant):
    return login(registrant)


@pytest.fixture
def draft(browser, municipalities) -> Registration:
    response = browser.post(
        START, {"municipality": municipalities["Maastricht"].pk, "token": "", "action": ""}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert response.url == _page(registration, "personen")
    return registration


def _page(registration: Registration, slug: str) -> str:
    return reverse("registrations:question", args=[registration.public_id, slug])


def _check(registration: Registration) -> str:
    return reverse("registrations:check", args=[registration.public_id])


def _persons_data(registration: Registration, *, total: int = 1, **overrides) -> dict:
    main = registration.persons.get(position=0)
    data = {
        "persons-TOTAL_FORMS": str(total),
        "persons-INITIAL_FORMS": "1",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "1000",
        "persons-0-id": str(main.pk),
        "persons-0-given_names": fake.first_name(),
        "persons-0-surname": fake.last_name(),
        "persons-0-date_of_birth": "1988-03-14",
        "persons-0-bsn": generate_bsn(rng),
        "persons-0-municipality": str(main.municipality_id),
        "action": "continue",
    }
    data.update(overrides)
    return data


def _fill_every_page(browser, registration: Registration) -> None:
    vh = registration.veiligheidshuis
    main = registration.persons.get()
    target_group = vh.target_groups.filter(municipalities=main.municipality).first()
    pages = {
        "personen": _persons_data(registration),
        "doelgroep": {"target_group": str(target_group.pk), "action": "continue"},
        "zorgen": {
            "reason": "Zorgen over veiligheid in het gezin.",
            "situation": fake.paragraph(),
            "life_domains": [str(d.pk) for d in vh.life_domains.all()[:2]],
            "urgency": "normal",
            "action": "continue",
        },
        "informeren": {
            "client_informed": "yes",
            "client_informed_on": "2026-11-20",
            "client_informed_how": "In een gesprek thuis",
            "action": "continue",
        },
        "partners": {
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
            "partners-MIN_NUM_FORMS": "0",
            "partners-MAX_NUM_FORMS": "1000",
            "action": "continue",
        },
        "bijlagen": {"action": "continue"},
        "contact": {
            "contact_name": "Anna Aanmelder",
            "contact_email": "aanmelder@demo.invalid",
            "action": "continue",
        },
    }
    slugs = list(pages)
    for index, slug in enumerate(slugs):
        response = browser.post(_page(registration, slug), pages[slug])
        assert response.status_code == 302, (slug, response.content[:2000])
        following = _page(registration, slugs[index + 1]) if index + 1 < len(slugs) else None
        assert response.url == (following or _check(registration))


def test_the_pages_lead_one_by_one_to_the_check_and_the_registration_is_submitted(
    browser, draft, mailoutbox
):
    _fill_every_page(browser, draft)
    check = browser.get(_check(draft))
    assert check.status_code == 200
    assert "Zorgen over veiligheid in het gezin." in check.text
    assert f"{_page(draft, 'zorgen')}?terug=1#id_reason" in check.text
    response = browser.post(_check(draft))
    assert response.status_code == 302
    assert response.url == reverse("registrations:acknowledgement", args=[draft.public_id])
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED
    assert draft.reference


def test_a_page_saves_only_its_own_questions(browser, draft):
    draft.contact_name = "Blijft staan"
    draft.reason = "Oude reden"
    draft.save()
    response = browser.post(
        _page(draft, "zorgen"), {"reason": "Nieuwe reden", "urgency": "normal", "action": "save"}
    )
    assert response.status_code == 302
    assert response.url == reverse("registrations:list")
    draft.refresh_from_db()
    assert draft.reason == "Nieuwe reden"
    assert draft.contact_name == "Blijft staan"
    assert draft.persons.count() == 1


def test_a_change_link_returns_to_the_check(browser, draft):
    response = browser.post(
        _page(draft, "zorgen") + "?terug=1", {"reason": "Anders", "action": "continue"}
    )
    assert response.url == _check(draft)


def test_add_another_person_puts_the_focus_on_the_new_person(browser, draft):
    response = browser.post(_page(draft, "personen"), _persons_data(draft, action="add_person"))
    assert response.status_code == 200
    assert 'id="person-2"' in response.text
    relation = re.search(r'<select name="persons-1-relation"[^>]*>', response.text).group(0)
    assert "autofocus" in relation
    assert 'name="persons-0-given_names"' in response.text
    assert draft.persons.count() == 1  # the empty new person is not stored


def test_autosave_answers_the_ids_so_saving_again_adds_nobody_twice(browser, draft):
    data = _persons_data(
        draft,
        total=2,
        action="autosave",
        **{"persons-1-relation": "child", "persons-1-given_names": "Kim"},
    )
    response = browser.post(_page(draft, "personen"), data)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["saved"] is True
    assert "Automatisch bewaard om" in answer["message"]
    child = draft.persons.get(position=1)
    assert answer["ids"]["persons-1-id"] == str(child.pk)
    data["persons-1-id"] = answer["ids"]["persons-1-id"]
    data["persons-1-given_names"] = "Kim Jan"
    browser.post(_page(draft, "personen"), data)
    assert draft.persons.count() == 2
    assert draft.persons.get(position=1).given_names == "Kim Jan"


def test_an_autosave_removes_nobody(browser, draft):
    data = _persons_data(
        draft, total=2, **{"persons-1-relation": "child", "persons-1-surname": "X"}
    )
    browser.post(_page(draft, "personen"), {**data, "action": "save"})
    child = draft.persons.get(position=1)
    data.update({"persons-1-id": str(child.pk), "persons-1-DELETE": "on", "action": "autosave"})
    browser.post(_page(draft, "personen"), data)
    assert draft.persons.count() == 2
    browser.post(_page(draft, "personen"), {**data, "action": "save"})
    assert draft.persons.count() == 1


def test_a_format_error_keeps_the_page_and_the_summary_follows_the_page(browser, draft):
    data = _persons_data(
        draft,
        total=2,
        **{
            "persons-0-bsn": "123456789",
            "persons-0-date_of_birth": "geen datum",
            "persons-1-relation": "child",
            "persons-1-bsn": "111",
        },
    )
    response = browser.post(_page(draft, "personen"), data)
    assert response.status_code == 200
    hrefs = [item.href for item in response.context["summary"]]
    assert hrefs == ["#id_persons-0-date_of_birth", "#id_persons-0-bsn", "#id_persons-1-bsn"]
    assert 'class="error-summary"' in response.text
    assert response.text.index('class="error-summary"') < response.text.index(
        'class="form registration-form'
    )


def test_a_refused_submission_lists_what_is_missing_in_page_order(browser, draft):
    response = browser.post(_check(draft))
    assert response.status_code == 200
    items = response.context["summary"]
    hrefs = [item.href.split("?")[0] + "#" + item.href.split("#")[1] for item in items]
    order = ["personen", "doelgroep", "zorgen", "informeren", "contact"]
    pages = [href.split("/")[-2] for href in (h.split("#")[0] for h in hrefs)]
    assert pages == sorted(pages, key=order.index)
    assert f"{_page(draft, 'personen')}#id_persons-0-given_names" in hrefs
    assert f"{_page(draft, 'doelgroep')}#id_target_group_0" in hrefs
    assert f"{_page(draft, 'zorgen')}#id_life_domains_0" in hrefs
    assert all("?terug=1#" in item.href for item in items)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_unknown_page_is_not_found(browser, draft):
    assert browser.get(_page(draft, "bestaat-niet")).status_code == 404


def test_a_submitted_registration_has_no_question_pages(browser, draft):
    _fill_every_page(browser, draft)
    browser.post(_check(draft))
    response = browser.get(_page(draft, "zorgen"))
    assert response.url == reverse("registrations:detail", args=[draft.public_id])
