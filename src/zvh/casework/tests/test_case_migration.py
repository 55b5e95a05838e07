"""Migration 0004: every decision that opens a case gets one (closed at the decision's
``closed_at`` when it was closed), and existing cases agree with their registrations."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zvh.casework.models import Case, CaseRegistration, CaseStatus, CaseStatusChange
from zvh.network.enums import Outcome
from zvh.registrations.models import Registration, StatusChange
from zvh.registrations.status import Status
from zvh.triage.models import Decision

BEFORE = [("casework", "0003_agreement_item_optional")]
AFTER = [("casework", "0004_cases_for_decisions")]


def migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def without_case(registration) -> None:
    Case.objects.filter(links__registration=registration).delete()


@pytest.mark.django_db(transaction=True)
def test_decisions_get_their_case_closed_at_their_closing(make_decided, demo_users):
    closed_at = timezone.now() - timedelta(days=1)
    # closed by the procesregisseur before closing was the case's: no case, status closed
    old_closed = make_decided(days_ago=5)
    without_case(old_closed)
    Decision.objects.filter(registration=old_closed).update(closed_at=closed_at)
    Registration.objects.filter(pk=old_closed.pk).update(status=Status.CLOSED)
    # running, no case
    old_running = make_decided(Outcome.CONSULTATION_AGENDA, days_ago=4)
    without_case(old_running)
    # a case that is open although its decision was closed
    disagreeing = make_decided(days_ago=3)
    Decision.objects.filter(registration=disagreeing).update(closed_at=closed_at)
    # a closed case whose registration is still decided
    behind = make_decided(days_ago=2)
    Case.objects.filter(links__registration=behind).update(
        status=CaseStatus.CLOSED, closed_at=closed_at
    )
    referred = make_decided(Outcome.REFER_BACK)
    try:
        migrate(BEFORE)
        migrate(AFTER)
        case = Case.objects.get(links__registration=old_closed)
        assert (case.status, case.closed_at) == (CaseStatus.CLOSED, closed_at)
        decision = Decision.objects.get(registration=old_closed)
        assert case.opened_at == decision.decided_at
        assert list(
            CaseStatusChange.objects.filter(case=case)
            .order_by("pk")
            .values_list("from_status", "to_status", "why")
        ) == [
            ("", "open", "opened by decision"),
            ("open", "integrated_approach", "prioritised for the integrated approach"),
            ("integrated_approach", "closed", "case closed"),
        ]
        assert case.reference.startswith(f"MST-C-{decision.decided_at.year}-")
        running = Case.objects.get(links__registration=old_running)
        assert (running.status, running.closed_at) == (CaseStatus.OPEN, None)
        assert CaseRegistration.objects.get(registration=old_running).opened_case
        agreed = Case.objects.get(links__registration=disagreeing)
        assert (agreed.status, agreed.closed_at) == (CaseStatus.CLOSED, closed_at)
        assert Registration.objects.get(pk=behind.pk).status == Status.CLOSED
        row = StatusChange.objects.filter(registration=behind).latest("pk")
        assert (row.from_status, row.to_status, row.why) == ("decided", "closed", "case closed")
        assert not Case.objects.filter(links__registration=referred).exists()
        references = list(Case.objects.values_list("reference", flat=True))
        assert len(references) == len(set(references))
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
