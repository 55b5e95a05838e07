"""The procesregisseur's caseload: its signals with a frozen day, its settings, and a constant
number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zvh.approach.models import ApproachSettings
from zvh.approach.selectors import caseload
from zvh.approach.services.direction import direction_assign
from zvh.approach.services.plans import plan_agreement_add, plan_version_create
from zvh.casework.models import CaseStatus
from zvh.casework.workflow import case_transition

from .conftest import NOW, two_by_two
from .test_rules import _agreement

pytestmark = pytest.mark.django_db


def _plan(case, regisseur, **changes):
    return plan_version_create(
        case=case, data=two_by_two(case, **changes), base_version=0, by=regisseur, now=NOW
    )


def _rows(user, today):
    return {row.case.pk: row for row in caseload(user=user, today=today)}


def test_the_signals(make_case, demo_users, partner_users, second_regisseur):
    regisseur = demo_users["regisseur"]
    today = timezone.localdate() + timedelta(days=1)
    overdue, due, late, aftercare, calm = (make_case() for _ in range(5))
    _plan(overdue, regisseur, next_evaluation_on=today - timedelta(days=1))
    _plan(due, regisseur, next_evaluation_on=today + timedelta(days=3))
    _plan(late, regisseur, next_evaluation_on=today + timedelta(days=60))
    plan_agreement_add(
        case=late,
        data=_agreement(late, partner_users["probation"], due_on=today - timedelta(days=1)),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    case_transition(case=aftercare, to=CaseStatus.AFTERCARE, by=regisseur, at=NOW)
    handed = make_case()
    direction_assign(
        case=handed, procesregisseur_id=second_regisseur.pk, reason="Verlof", by=regisseur, now=NOW
    )

    rows = _rows(regisseur, today)
    assert handed.pk not in rows  # handed over: on the colleague's caseload
    assert set(_rows(second_regisseur, today)) == {handed.pk}
    assert rows[overdue.pk].evaluation == "overdue"
    assert rows[due.pk].evaluation == "due"
    assert rows[late.pk].evaluation == ""
    assert rows[late.pk].overdue_agreements == 1
    assert rows[aftercare.pk].aftercare
    assert rows[aftercare.pk].evaluation == ""
    assert not rows[calm.pk].needs_attention
    assert not any(row.inactive for row in rows.values())

    # Five weeks later without activity every case is quiet (the default is four weeks) ...
    later = today + timedelta(weeks=5)
    assert all(row.inactive for row in _rows(regisseur, later).values())
    # ... unless the house waits longer.
    ApproachSettings.objects.create(veiligheidshuis=calm.veiligheidshuis, inactivity_weeks=8)
    assert not any(row.inactive for row in _rows(regisseur, later).values())


def test_only_a_procesregisseur_has_a_caseload(approach_case, demo_users):
    assert caseload(user=demo_users["screener"], today=timezone.localdate()) == []
    assert caseload(user=demo_users["aanmelder"], today=timezone.localdate()) == []


def test_the_number_of_queries_does_not_grow_with_the_cases(make_case, demo_users, partner_users):
    regisseur = demo_users["regisseur"]
    today = timezone.localdate()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            caseload(user=regisseur, today=today)
        return len(queries)

    first = make_case()
    _plan(first, regisseur)
    caseload(user=regisseur, today=today)  # the user's roles are cached on the instance
    one = count()
    for _ in range(3):
        case = make_case()
        _plan(case, regisseur)
        plan_agreement_add(
            case=case,
            data=_agreement(case, partner_users["probation"]),
            base_version=1,
            by=regisseur,
            now=NOW,
        )
    assert len(caseload(user=regisseur, today=today)) == 4
    assert count() == one <= 3
