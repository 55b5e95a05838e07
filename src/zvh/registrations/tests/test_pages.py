"""The registrant's own pages: the list, the detail page, answering questions; and who may see
what."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from zvh.network.enums import Outcome
from zvh.network.models import Organisation
from zvh.registrations.services import registration_submit
from zvh.triage.models import ScreeningAnswer
from zvh.triage.services import (
    DecisionInput,
    information_request_create,
    registration_decide,
    screening_start,
)
from zvh.triage.tests.conftest import answer_every_criterion

from .conftest import NOW

pytestmark = pytest.mark.django_db

LIST = reverse("registrations:list")


@pytest.fixture
def submitted(make_draft, registrant):
    return registration_submit(registration=make_draft(), by=registrant, now=NOW)


def _detail(registration) -> str:
    return reverse("registrations:detail", args=[registration.public_id])


def test_the_list_shows_the_organisations_registrations(
    login, registrant, make_draft, submitted, demo_users
):
    draft = make_draft(complete=False)
    registration_submit(
        registration=make_draft(by=demo_users["aanmelder-gemeente"]),
        by=demo_users["aanmelder-gemeente"],
        now=NOW,
    )
    page = login(registrant).get(LIST)
    assert page.status_code == 200
    assert [r.pk for r in page.context["page"].object_list] == [draft.pk, submitted.pk]
    assert submitted.reference in page.text
    assert "MST-2026-00002" not in page.text  # the municipality's registration
    assert "30 november 2026" in page.text  # the reply deadline
    assert reverse("registrations:check", args=[draft.public_id]) in page.text


@pytest.mark.parametrize("rows", [1, 12])
def test_the_list_takes_the_same_few_queries_for_any_number_of_rows(
    login, registrant, make_draft, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        registration_submit(registration=make_draft(), by=registrant, now=NOW)
    browser = login(registrant)
    # session, user, second-factor device, roles, count, page, main persons, the user's
    # organisation, the access log entry (chain head, entry, its subjects, head update: 4 for
    # any number of rows), session save (3)
    with django_assert_max_num_queries(16):  # + the questions waiting for an answer (issue 14)
        page = browser.get(LIST)
    assert len(page.context["page"].object_list) == rows


def test_another_organisations_registration_is_not_found(login, demo_users, submitted):
    browser = login(demo_users["aanmelder-gemeente"])
    assert browser.get(_detail(submitted)).status_code == 404
    edit = reverse("registrations:edit", args=[submitted.public_id])
    assert browser.get(edit).status_code == 404
    assert browser.post(edit, {"action": "submit"}).status_code == 404


def test_another_organisations_draft_cannot_be_edited(login, demo_users, make_draft):
    draft = make_draft(complete=False)
    edit = reverse("registrations:edit", args=[draft.public_id])
    assert login(demo_users["aanmelder-gemeente"]).get(edit).status_code == 404


@pytest.mark.parametrize("username", ["screener", "regisseur", "manager", "privacy"])
def test_staff_cannot_use_the_registrant_pages(login, demo_users, submitted, username):
    browser = login(demo_users[username])
    assert browser.get(LIST).status_code == 403
    assert browser.get(reverse("registrations:start")).status_code == 403
    assert browser.get(_detail(submitted)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, submitted):
    response = client.get(_detail(submitted))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_detail_page_shows_the_registrants_own_data(login, registrant, submitted):
    page = login(registrant).get(_detail(submitted))
    main = submitted.persons.get()
    assert main.surname in page.text
    assert submitted.reason in page.text
    assert "Ontvangen" in page.text
    assert "maandag 30 november 2026" in page.text


def test_a_draft_opens_on_its_check_page(login, registrant, make_draft):
    draft = make_draft(complete=False)
    response = login(registrant).get(_detail(draft))
    assert response.url == reverse("registrations:check", args=[draft.public_id])


def test_the_outcome_is_shown_but_never_the_internal_screening(
    login, registrant, submitted, demo_users, houses
):
    screener = demo_users["screener"]
    registration = screening_start(registration=submitted, by=screener, now=NOW)
    for criterion in houses["MST"].criteria.all():
        ScreeningAnswer.objects.create(
            registration=registration,
            criterion=criterion,
            answer=True,
            motivation=f"INTERNE-SCREENINGSNOTITIE-{criterion.position}",
            answered_by=screener,
            answered_at=NOW,
        )
    registration_decide(
        registration=registration,
        by=screener,
        decision=DecisionInput(
            outcome=Outcome.REFER_BACK,
            motivation="INTERNE-MOTIVATIE",
            message_to_registrant="Wij verwijzen terug met advies.",
            advice="Schakel het buurtteam in.",
        ),
        now=NOW + timedelta(days=2),
        expected_version=registration.version,
    )
    page = login(registrant).get(_detail(submitted))
    assert page.context["outcome"].label == str(Outcome.REFER_BACK.label)
    assert page.context["outcome"].label in page.text
    assert "Wij verwijzen terug met advies." in page.text
    assert "Schakel het buurtteam in." in page.text
    assert "INTERNE-MOTIVATIE" not in page.text
    assert "INTERNE-SCREENINGSNOTITIE" not in page.text
    for change in submitted.history.all():
        if change.why:
            assert change.why not in page.text
    assert "bekend" not in page.text.lower()  # nothing about persons already known
    listing = login(registrant).get(LIST)
    assert page.context["outcome"].label in listing.text


def test_the_consultation_date_is_shown_to_the_registrant(login, registrant, submitted, demo_users):
    screener = demo_users["screener"]
    answer_every_criterion(submitted, by=screener)
    registration_decide(
        registration=submitted,
        by=screener,
        decision=DecisionInput(
            outcome=Outcome.CONSULTATION_AGENDA,
            motivation="INTERNE-MOTIVATIE",
            consultation_date=date(2026, 12, 8),
            consultation_partners=(Organisation.objects.get(name="GGZ-instelling (demo)"),),
        ),
        now=NOW + timedelta(days=1),
        expected_version=submitted.version,
    )
    page = login(registrant).get(_detail(submitted))
    assert "dinsdag 8 december 2026" in page.text
    assert "INTERNE-MOTIVATIE" not in page.text


def test_the_registrant_answers_a_question_of_the_meldpunt(
    login, registrant, submitted, demo_users, django_capture_on_commit_callbacks, mailoutbox
):
    question = information_request_create(
        registration=submitted,
        by=demo_users["screener"],
        question="Is er al contact met de huisarts?",
        now=NOW + timedelta(days=1),
    )
    browser = login(registrant)
    page = browser.get(_detail(submitted))
    assert "Is er al contact met de huisarts?" in page.text
    answer_url = reverse("registrations:answer", args=[submitted.public_id, question.pk])
    assert answer_url in page.text
    empty = browser.post(answer_url, {f"q{question.pk}-answer": ""})
    assert empty.status_code == 200
    assert empty.context["questions"][0][1].errors == {"answer": ["Vul uw antwoord in."]}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(
            answer_url, {f"q{question.pk}-answer": "Ja, sinds vorige week."}, follow=True
        )
    assert "Uw antwoord is naar het meldpunt gestuurd." in done.text
    assert "Ja, sinds vorige week." in done.text
    question.refresh_from_db()
    assert question.answered_by == registrant
    assert question.registration.status == "screening"
    assert len(mailoutbox) >= 1  # the meldpunt is told


def test_another_organisation_cannot_answer(login, demo_users, submitted):
    question = information_request_create(
        registration=submitted,
        by=demo_users["screener"],
        question="Vraag?",
        now=NOW + timedelta(days=1),
    )
    answer_url = reverse("registrations:answer", args=[submitted.public_id, question.pk])
    response = login(demo_users["aanmelder-gemeente"]).post(answer_url, {"answer": "x"})
    assert response.status_code == 404
