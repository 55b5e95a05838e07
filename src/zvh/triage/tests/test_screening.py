"""Screening: the criteria of the registration's own Veiligheidshuis, yes/no with motivation,
each saved on its own."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zvh.network.models import SelectionCriterion
from zvh.registrations.models import StatusChange
from zvh.registrations.status import Status
from zvh.registrations.workflow import TransitionError
from zvh.triage.models import ScreeningAnswer
from zvh.triage.services import (
    CriterionAnswer,
    screening_answers_save,
    screening_start,
    unanswered_criteria_errors,
)

from .conftest import RECEIVED_AT

pytestmark = pytest.mark.django_db
NOW = RECEIVED_AT + timedelta(hours=2)


def all_yes(house):
    return {
        c.pk: CriterionAnswer(answer=True, motivation=f"Motivatie {c.position}")
        for c in SelectionCriterion.objects.filter(veiligheidshuis=house)
    }


def test_start_moves_received_to_screening_once(make_submitted, demo_users):
    registration = make_submitted()
    moved = screening_start(registration=registration, by=demo_users["screener"], now=NOW)
    assert moved.status == Status.SCREENING
    with pytest.raises(TransitionError):
        screening_start(registration=registration, by=demo_users["screener"], now=NOW)
    assert StatusChange.objects.filter(registration=registration).count() == 1


def test_answers_are_saved_and_saving_starts_screening(make_submitted, demo_users, houses):
    registration = make_submitted()
    saved = screening_answers_save(
        registration=registration,
        by=demo_users["screener"],
        answers=all_yes(houses["MST"]),
        now=NOW,
    )
    assert len(saved) == 3
    registration.refresh_from_db()
    assert registration.status == Status.SCREENING
    # answers can be changed until the decision
    answers = all_yes(houses["MST"])
    first = min(answers)
    answers[first] = CriterionAnswer(answer=False, motivation="Toch niet")
    screening_answers_save(
        registration=registration, by=demo_users["screener"], answers=answers, now=NOW
    )
    assert ScreeningAnswer.objects.filter(registration=registration).count() == 3
    assert ScreeningAnswer.objects.get(criterion_id=first).answer is False


def test_an_answer_needs_yes_or_no_and_a_motivation(make_submitted, demo_users, houses):
    registration = make_submitted()
    answers = all_yes(houses["MST"])
    ids = sorted(answers)
    answers[ids[0]] = CriterionAnswer(answer=None, motivation="x")
    answers[ids[1]] = CriterionAnswer(answer=True, motivation="  ")
    del answers[ids[2]]
    with pytest.raises(ValidationError) as error:
        screening_answers_save(
            registration=registration, by=demo_users["screener"], answers=answers, now=NOW
        )
    # keyed by domain names, not by the web form's field names; the criterion left out is
    # simply not answered yet
    assert set(error.value.message_dict) == {
        f"criteria.{ids[0]}.answer",
        f"criteria.{ids[1]}.motivation",
    }
    assert not ScreeningAnswer.objects.exists()
    registration.refresh_from_db()
    assert registration.status == Status.RECEIVED


def test_each_criterion_is_saved_on_its_own(make_submitted, demo_users, houses):
    """Issue 14: the answered criteria are saved, the blank ones keep what they had."""
    registration = make_submitted()
    screener = demo_users["screener"]
    answers = all_yes(houses["MST"])
    ids = sorted(answers)
    blank = CriterionAnswer(answer=None, motivation="")
    first = {ids[0]: answers[ids[0]], ids[1]: blank}
    saved = screening_answers_save(registration=registration, by=screener, answers=first, now=NOW)
    assert [a.criterion_id for a in saved] == [ids[0]]
    registration.refresh_from_db()
    assert registration.status == Status.SCREENING
    assert set(unanswered_criteria_errors(registration)) == {
        f"criteria.{ids[1]}.answer",
        f"criteria.{ids[2]}.answer",
    }
    later = {ids[0]: blank, ids[1]: answers[ids[1]], ids[2]: answers[ids[2]]}
    screening_answers_save(registration=registration, by=screener, answers=later, now=NOW)
    assert ScreeningAnswer.objects.filter(registration=registration).count() == 3
    assert ScreeningAnswer.objects.get(criterion_id=ids[0]).motivation == "Motivatie 1"
    assert unanswered_criteria_errors(registration) == {}


def test_a_save_that_answers_nothing_is_refused(make_submitted, demo_users):
    registration = make_submitted()
    with pytest.raises(ValidationError) as error:
        screening_answers_save(
            registration=registration, by=demo_users["screener"], answers={}, now=NOW
        )
    assert set(error.value.message_dict) == {"criteria"}
    registration.refresh_from_db()
    assert registration.status == Status.RECEIVED


def test_criteria_of_another_house_are_refused(make_submitted, demo_users, houses):
    registration = make_submitted()
    answers = {**all_yes(houses["MST"]), **all_yes(houses["STD"])}
    with pytest.raises(ValidationError) as error:
        screening_answers_save(
            registration=registration, by=demo_users["screener"], answers=answers, now=NOW
        )
    assert set(error.value.message_dict) == {"criteria"}
    with pytest.raises(PermissionDenied):
        screening_answers_save(
            registration=registration,
            by=demo_users["screener-sittard"],
            answers=all_yes(houses["MST"]),
            now=NOW,
        )


def test_a_decided_screening_cannot_change(make_submitted, demo_users, houses):
    registration = make_submitted(status=Status.DECIDED)
    with pytest.raises(TransitionError):
        screening_answers_save(
            registration=registration,
            by=demo_users["screener"],
            answers=all_yes(houses["MST"]),
            now=NOW,
        )


def test_every_save_of_the_answers_bumps_the_version_once(make_submitted, demo_users, houses):
    """The answers are part of the registration: a change must change the API's ETag, also
    when the status stays the same (the rule lives in the service, not in the API view)."""
    registration = make_submitted()
    screener = demo_users["screener"]
    start = registration.version
    screening_answers_save(
        registration=registration, by=screener, answers=all_yes(houses["MST"]), now=NOW
    )
    registration.refresh_from_db()
    assert (registration.status, registration.version) == (Status.SCREENING, start + 1)
    screening_answers_save(
        registration=registration, by=screener, answers=all_yes(houses["MST"]), now=NOW
    )
    registration.refresh_from_db()
    assert (registration.status, registration.version) == (Status.SCREENING, start + 2)


def test_a_screening_edit_on_the_page_changes_the_version(
    make_submitted, demo_users, houses, login
):
    from django.urls import reverse

    registration = make_submitted(status=Status.SCREENING)
    data = {}
    for criterion in SelectionCriterion.objects.filter(veiligheidshuis=houses["MST"]):
        data[f"screening-answer_{criterion.pk}"] = "yes"
        data[f"screening-motivation_{criterion.pk}"] = "Gemotiveerd"
    before = registration.version
    client = login(demo_users["screener"])
    response = client.post(reverse("triage:screening", args=[registration.public_id]), data)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.version == before + 1
