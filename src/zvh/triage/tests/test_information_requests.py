"""Requests for information: the deadline waits while the registrant answers."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from zvh.registrations.models import StatusChange
from zvh.registrations.status import Status
from zvh.registrations.workflow import TransitionError
from zvh.triage.services import information_request_answer, information_request_create

from .conftest import RECEIVED_AT

pytestmark = pytest.mark.django_db


def test_waiting_time_is_added_to_the_deadline_and_both_events_are_in_the_history(
    make_submitted, demo_users, mailoutbox, django_capture_on_commit_callbacks
):
    registration = make_submitted(vh="MST")
    original_deadline = registration.deadline_at
    asked_at = RECEIVED_AT + timedelta(days=2, hours=3)
    answered_at = RECEIVED_AT + timedelta(days=5, hours=1, minutes=30)

    with freeze_time(asked_at), django_capture_on_commit_callbacks(execute=True):
        request = information_request_create(
            registration=registration,
            by=demo_users["screener"],
            question="Welke partners zijn al betrokken?",
            now=asked_at,
        )
    registration.refresh_from_db()
    assert registration.status == Status.WAITING_FOR_INFORMATION
    assert registration.waiting_since == asked_at
    assert registration.deadline_at == original_deadline
    assert len(mailoutbox) == 1
    assert registration.reference in mailoutbox[0].body

    with freeze_time(answered_at), django_capture_on_commit_callbacks(execute=True):
        answered = information_request_answer(
            information_request=request,
            by=demo_users["aanmelder"],
            answer="De wijkagent en de woningcorporatie.",
            now=answered_at,
        )
    registration.refresh_from_db()
    assert answered.answered_at == answered_at
    assert answered.answered_by == demo_users["aanmelder"]
    assert registration.status == Status.SCREENING
    assert registration.waiting_since is None
    assert registration.suspended == answered_at - asked_at
    assert registration.deadline_at == original_deadline + (answered_at - asked_at)
    history = list(
        StatusChange.objects.filter(registration=registration).values_list(
            "from_status", "to_status", "at"
        )
    )
    assert history == [
        (Status.RECEIVED, Status.WAITING_FOR_INFORMATION, asked_at),
        (Status.WAITING_FOR_INFORMATION, Status.SCREENING, answered_at),
    ]
    assert len(mailoutbox) == 2


def test_two_waits_add_up(make_submitted, demo_users):
    registration = make_submitted(vh="STD", registrant="aanmelder")
    deadline = registration.deadline_at
    for start, length in ((1, 2), (6, 1)):
        asked = RECEIVED_AT + timedelta(days=start)
        request = information_request_create(
            registration=registration, by=demo_users["screener-sittard"], question="?", now=asked
        )
        information_request_answer(
            information_request=request,
            by=demo_users["aanmelder"],
            answer="Antwoord",
            now=asked + timedelta(days=length),
        )
    registration.refresh_from_db()
    assert registration.deadline_at == deadline + timedelta(days=3)


def test_only_the_registering_organisation_answers_and_only_once(make_submitted, demo_users):
    registration = make_submitted()
    request = information_request_create(
        registration=registration, by=demo_users["screener"], question="Vraag", now=RECEIVED_AT
    )
    for other in ("aanmelder-gemeente", "screener"):
        with pytest.raises(PermissionDenied):
            information_request_answer(
                information_request=request, by=demo_users[other], answer="x", now=RECEIVED_AT
            )
    with pytest.raises(ValidationError):
        information_request_answer(
            information_request=request, by=demo_users["aanmelder"], answer="  ", now=RECEIVED_AT
        )
    information_request_answer(
        information_request=request, by=demo_users["aanmelder"], answer="Ja", now=RECEIVED_AT
    )
    with pytest.raises(ValidationError) as error:
        information_request_answer(
            information_request=request,
            by=demo_users["aanmelder"],
            answer="Nog eens",
            now=RECEIVED_AT,
        )
    assert error.value.code == "answered"
    request.refresh_from_db()
    assert request.answer == "Ja"


def test_requests_need_a_question_a_screener_of_this_house_and_an_open_status(
    make_submitted, demo_users
):
    registration = make_submitted()
    with pytest.raises(ValidationError):
        information_request_create(
            registration=registration, by=demo_users["screener"], question=" ", now=RECEIVED_AT
        )
    for other in ("screener-sittard", "aanmelder", "regisseur"):
        with pytest.raises(PermissionDenied):
            information_request_create(
                registration=registration, by=demo_users[other], question="?", now=RECEIVED_AT
            )
    decided = make_submitted(status=Status.DECIDED)
    with pytest.raises(TransitionError):
        information_request_create(
            registration=decided, by=demo_users["screener"], question="?", now=RECEIVED_AT
        )
    assert not StatusChange.objects.exists()
