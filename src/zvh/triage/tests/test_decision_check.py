"""Issue 14, point 8: the guard-rails of deciding. Every criterion answered before a decision
(the service's rule, on the page and in the API), each criterion saved on its own, only the
chosen outcome's fields, a check step before the registrant is told, and a dd-mm-jjjj hint."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zvh.network.enums import Outcome
from zvh.network.models import SelectionCriterion
from zvh.registrations.status import Status
from zvh.triage.forms import DecisionForm
from zvh.triage.models import Decision, ScreeningAnswer
from zvh.triage.services import DecisionInput, registration_decide

from .conftest import RECEIVED_AT, answer_every_criterion

pytestmark = pytest.mark.django_db
SIGNED = re.compile(r'name="decision" value="([^"]+)"')


def url(registration, name="detail"):
    return reverse(f"triage:{name}", args=[registration.public_id])


def refer_back(registration, **overrides):
    return {
        "decision-version": registration.version,
        "decision-outcome": Outcome.REFER_BACK,
        "decision-motivation": "INTERNE-MOTIVATIE",
        "decision-advice": "Schakel het wijkteam in.",
        "decision-message_to_registrant": "Wij verwijzen terug.",
        **overrides,
    }


def criteria(registration):
    return list(
        SelectionCriterion.objects.filter(veiligheidshuis=registration.veiligheidshuis).order_by(
            "position"
        )
    )


def test_the_service_refuses_a_decision_while_a_criterion_is_unanswered(make_submitted, demo_users):
    registration = make_submitted()
    screener = demo_users["screener"]
    first, *rest = criteria(registration)
    ScreeningAnswer.objects.create(
        registration=registration,
        criterion=first,
        answer=True,
        motivation="Overlast",
        answered_by=screener,
        answered_at=RECEIVED_AT,
    )
    decision = DecisionInput(outcome=Outcome.REFER_BACK, motivation="m", advice="a")
    with pytest.raises(ValidationError) as error:
        registration_decide(
            registration=registration,
            by=screener,
            decision=decision,
            now=RECEIVED_AT + timedelta(days=1),
            expected_version=registration.version,
        )
    assert set(error.value.message_dict) == {f"criteria.{c.pk}.answer" for c in rest}
    assert not Decision.objects.exists()
    registration.refresh_from_db()
    assert registration.status == Status.RECEIVED


def test_the_page_refuses_with_the_summary_linking_to_the_unanswered_questions(
    login, demo_users, make_submitted
):
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    client = login(demo_users["screener"])
    response = client.post(url(registration, "decide"), refer_back(registration))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is een probleem" in page
    for criterion in criteria(registration):
        assert f'href="#id_screening-answer_{criterion.pk}_0"' in page
        assert f"Beantwoord vraag {criterion.position} van de screening" in page
    assert "INTERNE-MOTIVATIE" in page  # what was typed stays
    assert not Decision.objects.exists()


@pytest.fixture
def checked(login, demo_users, make_submitted):
    """A registration with every criterion answered, the screener's client, and the check page
    the decision form led to."""
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    answer_every_criterion(registration, by=demo_users["screener"])
    client = login(demo_users["screener"])
    check = client.post(url(registration, "decide"), refer_back(registration))
    assert check.status_code == 200
    page = check.content.decode()
    return client, registration, page, SIGNED.search(page).group(1)


def test_the_check_page_shows_the_decision_and_confirming_decides(checked, mailoutbox):
    client, registration, page, signed = checked
    assert "Controleer uw besluit" in page
    assert "Wat de aanmelder te horen krijgt" in page
    assert "Schakel het wijkteam in." in page
    assert "Wij verwijzen terug." in page
    assert not Decision.objects.exists()  # nothing saved or sent yet
    assert not mailoutbox
    done = client.post(
        url(registration, "decide_confirm"), {"decision": signed, "action": "confirm"}
    )
    assert done.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.advice) == (Outcome.REFER_BACK, "Schakel het wijkteam in.")


def test_change_brings_back_what_was_typed(checked):
    client, registration, _page, signed = checked
    back = client.post(
        url(registration, "decide_confirm"), {"decision": signed, "action": "change"}
    )
    assert back.status_code == 200
    page = back.content.decode()
    assert "INTERNE-MOTIVATIE" in page
    assert "Schakel het wijkteam in." in page
    assert re.search(r'value="refer_back"[^>]*checked', page)
    assert not Decision.objects.exists()


def test_a_tampered_or_foreign_check_value_is_refused(checked, make_submitted):
    client, registration, _page, signed = checked
    other = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    for target, value in ((registration, signed + "x"), (other, signed)):
        response = client.post(url(target, "decide_confirm"), {"decision": value})
        assert response.status_code == 400
    assert not Decision.objects.exists()


def test_the_check_step_sees_a_registration_changed_meanwhile(checked):
    client, registration, _page, signed = checked
    client.post(url(registration, "request"), {"request-question": "Wie is de huisarts?"})
    response = client.post(url(registration, "decide_confirm"), {"decision": signed})
    assert response.status_code == 409
    assert not Decision.objects.exists()


def test_the_screening_form_saves_the_answered_questions_only(login, demo_users, make_submitted):
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    first, second, third = criteria(registration)
    client = login(demo_users["screener"])
    data = {f"screening-answer_{first.pk}": "yes", f"screening-motivation_{first.pk}": "Overlast"}
    response = client.post(url(registration, "screening"), data)
    assert response.status_code == 302
    assert list(ScreeningAnswer.objects.values_list("criterion_id", flat=True)) == [first.pk]
    page = client.get(response["Location"]).content.decode()
    assert "Nog 2 vragen te beantwoorden" in page
    # half an answer to one question: refused there, and the others typed are kept on the page
    data = {
        f"screening-answer_{second.pk}": "no",
        f"screening-motivation_{second.pk}": "Geen stagnatie",
        f"screening-answer_{third.pk}": "yes",
    }
    response = client.post(url(registration, "screening"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#id_screening-motivation_{third.pk}"' in page
    assert "Geen stagnatie" in page
    assert ScreeningAnswer.objects.count() == 1


def test_each_outcome_group_is_marked_for_the_script_and_visible_without_it(
    login, demo_users, make_submitted
):
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    page = login(demo_users["screener"]).get(url(registration)).content.decode()
    assert "data-outcome-form" in page
    for value in ("refer_back", "consultation_agenda", "integrated_approach"):
        assert f'data-outcome="{value}"' in page
    assert not re.search(r"<fieldset[^>]*\shidden", page)  # hidden only by the script
    assert "zvh/js/outcome_fields" in page


def test_the_date_hint_is_in_the_format_of_the_field(houses):
    form = DecisionForm(prefix="decision", veiligheidshuis=houses["MST"])
    hint = str(form.fields["consultation_date"].help_text)
    assert re.search(r"\b\d{2}-\d{2}-\d{4}\b", hint), hint
    assert not re.search(r"\d{4}-\d{2}-\d{2}", hint)
