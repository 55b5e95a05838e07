"""Two screeners decide the same registration at the same moment: one wins, one gets a conflict."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from zvh.network.enums import Outcome
from zvh.registrations.models import Registration, StatusChange
from zvh.registrations.workflow import TransitionError
from zvh.triage.models import Decision
from zvh.triage.services import DecisionInput, registration_decide

from .conftest import RECEIVED_AT, answer_every_criterion


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_one_wins_the_other_is_a_conflict(make_submitted, demo_users):
    registration = make_submitted()
    version = registration.version
    screener = demo_users["screener"]
    answer_every_criterion(registration, by=screener)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def decide(advice: str) -> None:
        try:
            page = Registration.objects.get(pk=registration.pk)  # each screener's own page
            barrier.wait(timeout=10)
            registration_decide(
                registration=page,
                by=screener,
                decision=DecisionInput(
                    outcome=Outcome.REFER_BACK, motivation="Motivatie", advice=advice
                ),
                now=RECEIVED_AT + timedelta(days=1),
                expected_version=version,
            )
            outcomes.append("decided")
        except TransitionError as error:
            outcomes.append(error.code)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(f"Advies {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == ["conflict", "decided"]
    assert Decision.objects.count() == 1
    assert StatusChange.objects.filter(registration_id=registration.pk).count() == 1
    registration.refresh_from_db()
    assert registration.version == version + 1
