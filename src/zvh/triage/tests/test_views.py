"""The meldpunt's pages: who reaches them, what they show, and forms that keep what was typed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zvh.network.enums import Outcome
from zvh.network.models import SelectionCriterion
from zvh.registrations.models import Attachment
from zvh.registrations.status import Status
from zvh.triage.models import Decision, InformationRequest, ScreeningAnswer

from .conftest import answer_every_criterion

pytestmark = pytest.mark.django_db

#: A script written into the page (only static files with a src are allowed).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)")


@pytest.fixture
def fresh(make_submitted):
    """A registration received just now (so its deadline is ahead)."""
    now = timezone.now()

    def _make(**kwargs):
        return make_submitted(received_at=now - timedelta(hours=1), **kwargs)

    return _make


def detail_url(registration, name="detail"):
    return reverse(f"triage:{name}", args=[registration.public_id])


SIGNED = re.compile(r'name="decision" value="([^"]+)"')


def decide_through_check(client, registration, data):
    """Decide as a screener does: the form leads to the check page, which is confirmed."""
    check = client.post(detail_url(registration, "decide"), data)
    if check.status_code != 200:
        return check
    signed = SIGNED.search(check.content.decode()).group(1)
    return client.post(
        detail_url(registration, "decide_confirm"), {"decision": signed, "action": "confirm"}
    )


def test_anonymous_users_are_sent_to_the_login(client, fresh):
    registration = fresh()
    for url in (reverse("triage:queue"), detail_url(registration)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["aanmelder", "regisseur", "manager", "privacy"])
def test_non_screeners_get_403(login, demo_users, fresh, username):
    registration = fresh()
    client = login(demo_users[username])
    assert client.get(reverse("triage:queue")).status_code == 403
    assert client.get(detail_url(registration)).status_code == 403
    assert client.post(detail_url(registration, "decide"), {}).status_code == 403


def test_another_houses_registration_is_404(login, demo_users, fresh):
    maastricht = fresh(vh="MST")
    client = login(demo_users["screener-sittard"])
    assert client.get(detail_url(maastricht)).status_code == 404
    assert (
        client.post(detail_url(maastricht, "request"), {"request-question": "?"}).status_code == 404
    )
    response = client.get(reverse("triage:queue"))
    assert maastricht.reference not in response.content.decode()


def test_a_draft_is_404(login, demo_users, fresh):
    draft = fresh()
    draft.status = Status.DRAFT
    draft.save()
    assert login(demo_users["screener"]).get(detail_url(draft)).status_code == 404


def test_queue_page_lists_filters_and_searches(login, demo_users, fresh, make_submitted):
    soon = fresh(person={"surname": "Jansen"})
    overdue = make_submitted(received_at=timezone.now() - timedelta(days=9))
    client = login(demo_users["screener"])
    page = client.get(reverse("triage:queue")).content.decode()
    assert 'lang="nl"' in page
    assert "Te screenen aanmeldingen" in page
    assert soon.reference in page
    assert overdue.reference in page
    assert page.index(overdue.reference) < page.index(soon.reference)
    assert "over de termijn" in page
    assert 'for="id_q"' in page
    page = client.get(reverse("triage:queue"), {"q": "JANSEN"}).content.decode()
    assert soon.reference in page
    page = client.get(reverse("triage:queue"), {"status": "nonsense"}).content.decode()
    assert "Er is een probleem" in page


def test_queue_page_uses_a_constant_number_of_queries(
    login, demo_users, fresh, django_assert_max_num_queries
):
    client = login(demo_users["screener"])
    for _ in range(3):
        fresh()
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("triage:queue"))
    for _ in range(15):
        fresh()
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("triage:queue"))


def test_detail_shows_what_was_registered_and_known_hints(login, demo_users, fresh, make_submitted):
    earlier = make_submitted(
        received_at=timezone.now() - timedelta(days=60), person={"bsn": "111222333"}
    )
    registration = fresh(person={"bsn": "111222333"})
    Attachment.objects.create(
        registration=registration,
        file="attachments/x",
        original_name="verslag.pdf",
        content_type="application/pdf",
        size=2048,
        uploaded_by=demo_users["aanmelder"],
    )
    page = login(demo_users["screener"]).get(detail_url(registration)).content.decode()
    assert registration.reason in page
    assert registration.persons.get().full_name in page
    assert "verslag.pdf" in page
    assert "Al bekend in dit Veiligheidshuis" in page
    assert earlier.reference in page
    assert f'name="decision-version" value="{registration.version}"' in page
    # Maastricht's form offers only Maastricht's outcomes
    assert 'value="refer_back"' in page
    assert 'value="refer_elsewhere"' not in page
    assert "style=" not in page
    assert not INLINE_SCRIPT.search(page)  # scripts only as static files


def test_request_information_then_the_page_shows_it(login, demo_users, fresh, mailoutbox):
    registration = fresh()
    client = login(demo_users["screener"])
    response = client.post(detail_url(registration, "request"), {"request-question": ""})
    assert response.status_code == 400
    assert "Vul de vraag aan de aanmelder in." in response.content.decode()
    response = client.post(
        detail_url(registration, "request"), {"request-question": "Wie is de huisarts?"}
    )
    assert response.status_code == 302
    assert (
        InformationRequest.objects.get(registration=registration).question == "Wie is de huisarts?"
    )
    page = client.get(detail_url(registration)).content.decode()
    assert "Wie is de huisarts?" in page
    assert "Termijn staat stil" in page


def test_screening_form_keeps_what_was_typed(login, demo_users, fresh):
    registration = fresh()
    criteria = list(SelectionCriterion.objects.filter(veiligheidshuis=registration.veiligheidshuis))
    client = login(demo_users["screener"])
    data = {f"screening-answer_{c.pk}": "yes" for c in criteria}
    data |= {f"screening-motivation_{c.pk}": f"Omdat {c.position}" for c in criteria[:2]}
    response = client.post(detail_url(registration, "screening"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is een probleem" in page
    assert f'href="#id_screening-motivation_{criteria[2].pk}"' in page
    assert "Omdat 1" in page
    assert "Omdat 2" in page
    assert 'aria-invalid="true"' in page
    assert not ScreeningAnswer.objects.exists()
    data[f"screening-motivation_{criteria[2].pk}"] = "Omdat 3"
    assert client.post(detail_url(registration, "screening"), data).status_code == 302
    assert ScreeningAnswer.objects.filter(registration=registration).count() == 3


def test_decision_form_errors_keep_input_and_a_decision_is_shown(login, demo_users, fresh):
    registration = fresh()
    answer_every_criterion(registration, by=demo_users["screener"])
    client = login(demo_users["screener"])
    data = {
        "decision-version": registration.version,
        "decision-outcome": Outcome.CONSULTATION_AGENDA,
        "decision-motivation": "Samenwerking stagneert",
    }
    response = client.post(detail_url(registration, "decide"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul de datum van het overleg in." in page
    assert "Samenwerking stagneert" in page
    data["decision-consultation_date"] = (timezone.localdate() + timedelta(days=7)).isoformat()
    data["decision-consultation_partners"] = [demo_users["aanmelder"].organisation_id]
    response = decide_through_check(client, registration, data)
    assert response.status_code == 302
    assert Decision.objects.get().outcome == Outcome.CONSULTATION_AGENDA
    page = client.get(detail_url(registration)).content.decode()
    assert "Op tijd besloten" in page


def test_a_second_decision_from_a_stale_page_is_a_conflict(login, demo_users, fresh):
    registration = fresh()
    answer_every_criterion(registration, by=demo_users["screener"])
    client = login(demo_users["screener"])
    data = {
        "decision-version": registration.version,
        "decision-outcome": Outcome.REFER_BACK,
        "decision-motivation": "Motivatie",
        "decision-advice": "Eerste advies",
    }
    assert decide_through_check(client, registration, data).status_code == 302
    data["decision-advice"] = "Tweede advies"
    response = client.post(detail_url(registration, "decide"), data)
    assert response.status_code == 409
    assert "Iemand anders heeft deze aanmelding intussen gewijzigd" in response.content.decode()
    assert Decision.objects.get().advice == "Eerste advies"


def test_a_late_decision_is_marked_late(login, demo_users, make_submitted):
    registration = make_submitted(received_at=timezone.now() - timedelta(days=10))
    answer_every_criterion(registration, by=demo_users["screener"])
    client = login(demo_users["screener"])
    decide_through_check(
        client,
        registration,
        {
            "decision-version": registration.version,
            "decision-outcome": Outcome.REFER_BACK,
            "decision-motivation": "Motivatie",
            "decision-advice": "Advies",
        },
    )
    registration.refresh_from_db()
    assert registration.decided_late is True
    assert "Te laat besloten" in client.get(detail_url(registration)).content.decode()


def test_start_screening(login, demo_users, fresh):
    registration = fresh()
    client = login(demo_users["screener"])
    assert client.post(detail_url(registration, "start")).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.SCREENING
