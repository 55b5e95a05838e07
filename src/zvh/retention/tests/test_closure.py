"""The integrated approach's period counts from the closing of the case: an unclosed case stays
(and the dry run says it waits for its closing); a closed one goes its period after closing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from zvh.casework.models import Case, CaseStatus
from zvh.casework.services.cases import case_open_for_decision
from zvh.casework.workflow import case_transition
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.enums import Outcome
from zvh.registrations.models import Registration
from zvh.retention.models import RegistrationTombstone, RetentionPolicy
from zvh.retention.services import retention_apply
from zvh.triage.models import Decision

pytestmark = pytest.mark.django_db

#: The decision, and the closing 14 months later; the shipped default keeps 60 months.
DECIDED = dt.datetime(2020, 1, 10, 12, tzinfo=LOCAL_TZ)
CLOSED = dt.datetime(2021, 3, 1, tzinfo=LOCAL_TZ)
#: Just before and just after 60 months after the closing.
BEFORE = dt.datetime(2026, 2, 28, 23, tzinfo=LOCAL_TZ)
AFTER = dt.datetime(2026, 3, 1, 0, 1, tzinfo=LOCAL_TZ)


@pytest.fixture
def now() -> dt.datetime:
    """``make_registration`` dates its registrations back from this moment."""
    return AFTER


@pytest.fixture
def prioritised(make_registration, demo_users):
    """Two cases decided at ``DECIDED``: one closed at ``CLOSED``, one still running."""

    def make(closed_at):
        registration = make_registration(outcome=Outcome.INTEGRATED_APPROACH, age=AFTER - DECIDED)
        case = case_open_for_decision(
            decision=Decision.objects.get(registration=registration),
            by=demo_users["screener"],
            now=DECIDED,
        )
        if closed_at is not None:
            case_transition(case=case, to=CaseStatus.CLOSED, by=None, at=closed_at)
        return registration

    return {"closed": make(CLOSED), "running": make(None)}


def case_of(registration) -> Case:
    return Case.objects.get(links__registration=registration)


def labels(report) -> set[str]:
    return {removal.label for removal in report.removals}


def dry_run() -> str:
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    return out.getvalue()


def test_a_closed_case_goes_its_period_after_closing_not_after_the_decision(prioritised):
    closed, running = prioritised["closed"], prioritised["running"]
    with freeze_time(BEFORE):  # 73 months after the decision, 59 after the closing
        text = dry_run()
        assert closed.reference not in text  # neither removed nor waiting
        assert running.reference in text  # waiting
        assert "would remove 0" in text
    with freeze_time(AFTER):
        text = dry_run()
        assert f"{closed.reference} [MST] closed / integrated_approach" in text
        assert "would remove 1" in text
        report = retention_apply(now=AFTER, dry_run=False)
    assert labels(report) == {closed.reference}
    assert list(Registration.objects.all()) == [running]
    tombstone = RegistrationTombstone.objects.get()
    assert tombstone.closed_on == dt.date(2021, 3, 1)
    assert tombstone.decided_on == dt.date(2020, 1, 10)


def test_a_case_that_is_not_closed_stays_and_waits_for_its_closing(prioritised):
    running = prioritised["running"]
    later = dt.datetime(2040, 1, 1, tzinfo=LOCAL_TZ)
    with freeze_time(later):
        text = dry_run()
        report = retention_apply(now=later, dry_run=False)
    assert f"{running.reference} [MST] waiting for closure (decided 2020-01-10)" in text
    assert "Waiting for closure: 1 (kept until closed)." in text
    assert running.reference not in labels(report)
    assert [waiting.label for waiting in report.waiting_for_closure] == [running.reference]
    assert Registration.objects.filter(pk=running.pk).exists()


def test_a_case_decided_within_its_period_is_not_yet_waiting(make_registration):
    recent = make_registration(outcome=Outcome.INTEGRATED_APPROACH, age=dt.timedelta(days=400))
    report = retention_apply(now=AFTER, dry_run=True)
    assert recent.reference not in {waiting.label for waiting in report.waiting_for_closure}


def test_a_policy_may_count_from_the_decision_instead(prioritised, houses):
    RetentionPolicy.objects.create(
        veiligheidshuis=houses["MST"], integrated_approach_after_closure=False
    )
    report = retention_apply(now=BEFORE, dry_run=True)
    assert labels(report) == {prioritised["closed"].reference, prioritised["running"].reference}
    assert report.waiting_for_closure == ()


def test_the_admin_dry_run_lists_the_cases_waiting_for_closure(prioritised, demo_users, login):
    with freeze_time(BEFORE):
        page = login(demo_users["beheerder"]).get(reverse("admin:retention_apply")).text
    assert "Wacht op afsluiting" in page
    assert prioritised["running"].reference in page
    assert prioritised["closed"].reference not in page


def test_a_reopened_case_is_not_closed_and_stays(prioritised, demo_users):
    """Reopening clears the closing: the period no longer runs, the case waits again."""
    closed = prioritised["closed"]
    case_transition(
        case=case_of(closed),
        to=CaseStatus.OPEN,
        by=demo_users["regisseur"],
        at=CLOSED,
        why="Nieuwe zorgen",
    )
    with freeze_time(AFTER):
        report = retention_apply(now=AFTER, dry_run=False)
    assert closed.reference not in labels(report)
    assert closed.reference in {waiting.label for waiting in report.waiting_for_closure}
    assert Registration.objects.filter(pk=closed.pk).exists()


def test_the_period_counts_from_the_final_closing(prioritised, demo_users):
    """Closed, reopened and closed again a year later: the period runs from the last closing."""
    closed = prioritised["closed"]
    case = case_transition(
        case=case_of(closed),
        to=CaseStatus.OPEN,
        by=demo_users["regisseur"],
        at=CLOSED,
        why="Nieuwe zorgen",
    )
    final = CLOSED + dt.timedelta(days=365)
    case_transition(case=case, to=CaseStatus.CLOSED, by=demo_users["regisseur"], at=final)
    with freeze_time(AFTER):  # 60 months after the first closing, 48 after the final one
        assert closed.reference not in labels(retention_apply(now=AFTER, dry_run=True))
    later = final + dt.timedelta(days=61 * 31)
    with freeze_time(later):
        assert closed.reference in labels(retention_apply(now=later, dry_run=True))
