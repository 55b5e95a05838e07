"""Monitoring, escalation and closure (issue 13, items 4-6): evaluations with a new score per
goal and reviewed agreements, the chart's data, escalation and handing back, closing into
aftercare and the checks, each rule with its bad input, under a frozen clock."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from zvh.approach.models import (
    AftercareCheck,
    ApproachSettings,
    Escalation,
    Evaluation,
    EvaluationAgreement,
    PlanVersion,
)
from zvh.approach.selectors import caseload, course_of_case, plan_page
from zvh.approach.services.closure import (
    aftercare_check_record,
    case_close_into_aftercare,
    months_after,
)
from zvh.approach.services.escalation import EscalationInput, escalation_record
from zvh.approach.services.monitoring import (
    EvaluationInput,
    ReviewInput,
    ScoreInput,
    evaluation_record,
)
from zvh.approach.services.plans import plan_agreement_add
from zvh.casework.models import Agreement, Case, CaseStatus, CaseStatusChange, CloseReason
from zvh.casework.services.minutes import agreement_done
from zvh.network.models import Organisation

from .conftest import NOW, TODAY, domains_of, persons_of
from .test_rules import _agreement

pytestmark = pytest.mark.django_db


def _keys(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def _scores(case, score=3, result=""):
    return [
        ScoreInput(person_id=p.pk, life_domain_id=d.pk, score=score, note="Gaat", result=result)
        for p in persons_of(case)[:2]
        for d in domains_of(case)[:2]
    ]


def _evaluation(case, score=3, *, held_on=TODAY, reviews=(), result="", next_on=None):
    return EvaluationInput(
        held_on=held_on,
        scores=_scores(case, score, result),
        reviews=list(reviews),
        note="Evaluatie",
        next_evaluation_on=next_on or TODAY + timedelta(weeks=6),
    )


def _evaluate(case, user, score=3, *, now=NOW, **kwargs):
    return evaluation_record(case=case, data=_evaluation(case, score, **kwargs), by=user, now=now)


def _reason(case) -> CloseReason:
    return CloseReason.objects.filter(veiligheidshuis=case.veiligheidshuis).first()


# --- evaluations -------------------------------------------------------------------------------


@freeze_time(NOW)
def test_an_evaluation_records_a_score_per_goal(first_version, approach_case, demo_users):
    evaluation = _evaluate(approach_case, demo_users["regisseur"], 4)
    assert evaluation.version == first_version
    assert evaluation.scores.count() == 4
    assert set(evaluation.scores.values_list("score", flat=True)) == {4}


@freeze_time(NOW)
def test_an_evaluation_before_the_plan_is_refused(approach_case, demo_users):
    with pytest.raises(ValidationError) as excinfo:
        _evaluate(approach_case, demo_users["regisseur"])
    assert _keys(excinfo) == {"plan"}
    assert not Evaluation.objects.exists()


@freeze_time(NOW)
@pytest.mark.parametrize("score", [0, 6, None])
def test_a_score_outside_the_scale_is_refused(first_version, approach_case, demo_users, score):
    person, domain = persons_of(approach_case)[0], domains_of(approach_case)[0]
    data = _evaluation(approach_case)
    scores = [
        s
        if (s.person_id, s.life_domain_id) != (person.pk, domain.pk)
        else ScoreInput(person_id=person.pk, life_domain_id=domain.pk, score=score)
        for s in data.scores
    ]
    bad = EvaluationInput(held_on=TODAY, scores=scores)
    with pytest.raises(ValidationError) as excinfo:
        evaluation_record(case=approach_case, data=bad, by=demo_users["regisseur"], now=NOW)
    assert _keys(excinfo) == {f"scores.{person.pk}_{domain.pk}.score"}
    assert not Evaluation.objects.exists()


@freeze_time(NOW)
def test_every_goal_needs_a_score_and_dates_make_sense(first_version, approach_case, demo_users):
    data = EvaluationInput(
        held_on=TODAY + timedelta(days=1),
        scores=_scores(approach_case)[:3],
        next_evaluation_on=TODAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        evaluation_record(case=approach_case, data=data, by=demo_users["regisseur"], now=NOW)
    keys = _keys(excinfo)
    assert {"held_on", "next_evaluation_on"} <= keys
    assert len([k for k in keys if k.startswith("scores.")]) == 1


@freeze_time(NOW)
@pytest.mark.parametrize("who", ["screener", "aanmelder"])
def test_only_a_procesregisseur_evaluates(first_version, approach_case, demo_users, who):
    with pytest.raises(PermissionDenied):
        _evaluate(approach_case, demo_users[who])


@freeze_time(NOW)
def test_reviewed_agreements_are_done_through_casework(
    first_version, approach_case, demo_users, partner_users
):
    regisseur = demo_users["regisseur"]
    link = plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, partner_users["probation"]),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    # Done without a note: refused, nothing saved.
    review = ReviewInput(agreement_id=link.agreement_id, done=True, note="")
    with pytest.raises(ValidationError) as excinfo:
        _evaluate(approach_case, regisseur, reviews=[review])
    assert _keys(excinfo) == {f"agreements.{link.agreement_id}.note"}
    assert not Evaluation.objects.exists()
    review = ReviewInput(agreement_id=link.agreement_id, done=True, note="Coaching loopt")
    evaluation = _evaluate(approach_case, regisseur, reviews=[review])
    agreement = Agreement.objects.get(pk=link.agreement_id)
    assert agreement.state == Agreement.State.DONE
    assert agreement.done_by == regisseur
    reviewed = EvaluationAgreement.objects.get(evaluation=evaluation)
    assert (reviewed.state, reviewed.note) == (Agreement.State.DONE, "Coaching loopt")


@freeze_time(NOW)
def test_the_evaluation_sets_the_next_date_on_the_caseload(
    first_version, approach_case, demo_users
):
    regisseur = demo_users["regisseur"]
    ApproachSettings.objects.create(veiligheidshuis=approach_case.veiligheidshuis)
    _evaluate(approach_case, regisseur, next_on=TODAY + timedelta(days=3))
    (row,) = caseload(user=regisseur, today=TODAY)
    assert row.next_evaluation_on == TODAY + timedelta(days=3)
    assert row.evaluation == "due"
    (row,) = caseload(user=regisseur, today=TODAY + timedelta(days=4))
    assert row.evaluation == "overdue"


@freeze_time(NOW)
def test_the_chart_has_the_start_and_every_evaluation(first_version, approach_case, demo_users):
    regisseur = demo_users["regisseur"]
    _evaluate(approach_case, regisseur, 3)
    _evaluate(approach_case, regisseur, 4, held_on=TODAY)
    chart = course_of_case(plan_page(approach_case)).chart
    assert len(chart.moments) == 3
    assert len(chart.series) == 4
    assert all(line.scores == [2, 3, 4] for line in chart.series)
    first = chart.series[0]
    ys = [point.y for point in first.points]
    assert ys[0] > ys[1] > ys[2]  # a higher score is drawn higher


# --- escalation --------------------------------------------------------------------------------


def route(case, name: str) -> int:
    """The pk of one of the house's (shipped) escalation routes."""
    from zvh.approach.models import EscalationRoute

    return EscalationRoute.objects.get(veiligheidshuis=case.veiligheidshuis, name=name).pk


@freeze_time(NOW)
def test_escalating_to_drang_makes_a_new_version(first_version, approach_case, demo_users):
    from zvh.approach.models import Measure

    measure = Measure.objects.filter(veiligheidshuis=approach_case.veiligheidshuis).first()
    escalation = escalation_record(
        case=approach_case,
        data=EscalationInput(
            kind="escalate",
            motivation="Geen voortgang in vrijwillig kader.",
            to_name="Levensloopaanpak",
            form="drang",
            measure_id=measure.pk,
            route_id=route(approach_case, "Naar de Levensloopaanpak"),
        ),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert escalation.plan_version.number == 2
    assert escalation.plan_version.form == "drang"
    assert escalation.plan_version.entries.count() == 4
    assert escalation.receiving_party == "Levensloopaanpak"
    assert escalation.route.name == "Naar de Levensloopaanpak"


@freeze_time(NOW)
def test_a_route_brings_its_form_and_its_receiving_party(first_version, approach_case, demo_users):
    from zvh.approach.models import Measure

    measure = Measure.objects.filter(veiligheidshuis=approach_case.veiligheidshuis).first()
    to_drang = escalation_record(
        case=approach_case,
        data=EscalationInput(
            kind="escalate",
            motivation="Afspraken niet nagekomen.",
            to_name="Openbaar Ministerie",
            measure_id=measure.pk,
            route_id=route(approach_case, "Van vrijwillig naar drang"),
        ),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert to_drang.plan_version.form == "drang"
    back = escalation_record(
        case=approach_case,
        data=EscalationInput(
            kind="deescalate",
            motivation="Stabiel, het wijkteam neemt het over.",
            route_id=route(approach_case, "Terug naar het lokale team"),
        ),
        base_version=2,
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert back.plan_version is None
    assert back.receiving_party == "Lokaal (wijk)team van de gemeente"


@freeze_time(NOW)
def test_an_unknown_route_is_refused_in_dutch(first_version, approach_case, demo_users, houses):
    from django.utils import translation

    from zvh.approach.models import EscalationRoute

    sittards = EscalationRoute.objects.filter(veiligheidshuis=houses["STD"]).first()
    inactive = EscalationRoute.objects.get(pk=route(approach_case, "Van drang naar dwang"))
    inactive.active = False
    inactive.save()

    def refused(**changes) -> str:
        data = EscalationInput(kind="escalate", motivation="x", to_name="OM")
        with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
            escalation_record(
                case=approach_case,
                data=replace(data, **changes),
                base_version=1,
                by=demo_users["regisseur"],
                now=NOW,
            )
        return " ".join(excinfo.value.message_dict["route"])

    assert "Kies de route" in refused()
    for unknown in (sittards.pk, inactive.pk, 999_999):
        assert "geen route van dit Veiligheidshuis" in refused(route_id=unknown)
    handing_back = route(approach_case, "Terug naar het lokale team")
    assert "teruggeven" in refused(route_id=handing_back)
    assert not Escalation.objects.exists()


@freeze_time(NOW)
def test_handing_back_to_an_organisation_of_the_network(first_version, approach_case, demo_users):
    organisation = Organisation.objects.get(name="GGZ-instelling (demo)")
    escalation = escalation_record(
        case=approach_case,
        data=EscalationInput(
            kind="deescalate",
            motivation="Stabiel.",
            to_organisation_id=organisation.pk,
            route_id=route(approach_case, "Terug naar een organisatie in het netwerk"),
        ),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert escalation.plan_version is None
    assert escalation.receiving_party == organisation.name
    assert PlanVersion.objects.filter(plan__case=approach_case).count() == 1


@freeze_time(NOW)
def test_bad_escalations_are_refused(first_version, approach_case, demo_users, houses):
    regisseur = demo_users["regisseur"]
    foreign = Organisation.objects.filter(veiligheidshuis=houses["STD"]).first()

    def refused(data, base_version=1) -> set[str]:
        with pytest.raises(ValidationError) as excinfo:
            escalation_record(
                case=approach_case, data=data, base_version=base_version, by=regisseur, now=NOW
            )
        return _keys(excinfo) if hasattr(excinfo.value, "error_dict") else {"conflict"}

    partner = route(approach_case, "Naar een partner in het netwerk")
    assert refused(EscalationInput(kind="up", motivation="", route_id=partner)) == {
        "kind",
        "motivation",
        "to_name",
    }
    assert refused(
        EscalationInput(
            kind="escalate", motivation="x", to_name="a", to_organisation_id=1, route_id=partner
        )
    ) == {"to_name"}
    data = EscalationInput(
        kind="escalate", motivation="x", to_organisation_id=foreign.pk, route_id=partner
    )
    assert refused(data) == {"to_organisation"}
    dwang = EscalationInput(
        kind="escalate", motivation="x", to_name="OM", form="dwang", route_id=partner
    )
    assert refused(dwang) == {"measure", "measure_ends_on"}
    drang = EscalationInput(
        kind="escalate", motivation="x", to_name="OM", form="drang", route_id=partner
    )
    assert refused(drang) == {"measure"}
    assert not Escalation.objects.exists()


# --- closure and aftercare ---------------------------------------------------------------------


def _close(case, user, **kwargs):
    return case_close_into_aftercare(
        case=case,
        data=_evaluation(case, 5, result="achieved", **kwargs),
        close_reason_id=_reason(case).pk,
        by=user,
        now=NOW,
    )


@freeze_time(NOW)
def test_closing_with_open_agreements_is_refused(
    first_version, approach_case, demo_users, partner_users
):
    regisseur = demo_users["regisseur"]
    link = plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, partner_users["probation"]),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    with pytest.raises(ValidationError) as excinfo:
        _close(approach_case, regisseur)
    assert _keys(excinfo) == {"agreements"}
    (message,) = excinfo.value.messages
    assert link.agreement.action[:20] in message
    assert "transfer" in message or "draag ze over" in message
    approach_case.refresh_from_db()
    assert approach_case.status == CaseStatus.INTEGRATED_APPROACH
    assert not Evaluation.objects.exists()
    # Marking it done at the closing evaluation itself lets the case close.
    review = ReviewInput(agreement_id=link.agreement_id, done=True, note="Afgerond")
    _close(approach_case, regisseur, reviews=[review])
    approach_case.refresh_from_db()
    assert approach_case.status == CaseStatus.AFTERCARE


@freeze_time(NOW)
def test_closing_needs_a_result_per_goal_and_a_reason(first_version, approach_case, demo_users):
    with pytest.raises(ValidationError) as excinfo:
        case_close_into_aftercare(
            case=approach_case,
            data=_evaluation(approach_case, 4),
            close_reason_id=None,
            by=demo_users["regisseur"],
            now=NOW,
        )
    keys = _keys(excinfo)
    assert "close_reason" in keys
    assert len([k for k in keys if k.endswith(".result")]) == 4
    assert not Evaluation.objects.exists()


@freeze_time(NOW)
def test_closing_goes_to_aftercare_with_the_houses_check_dates(
    first_version, approach_case, demo_users
):
    ApproachSettings.objects.create(
        veiligheidshuis=approach_case.veiligheidshuis, aftercare_check_months="6, 3"
    )
    evaluation = _close(approach_case, demo_users["regisseur"])
    approach_case.refresh_from_db()
    assert approach_case.status == CaseStatus.AFTERCARE
    assert approach_case.closed_at is None  # not the final closure yet
    assert evaluation.closing
    assert list(
        AftercareCheck.objects.filter(case=approach_case).values_list("due_on", flat=True)
    ) == [months_after(TODAY, 3), months_after(TODAY, 6)]
    # no more evaluations in aftercare
    with pytest.raises(ValidationError):
        _evaluate(approach_case, demo_users["regisseur"])


def test_months_after_keeps_the_day_or_the_months_last():
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert months_after(date(2026, 1, 15), 6) == date(2026, 7, 15)


@freeze_time(NOW)
def test_the_caseload_shows_the_aftercare_check_due(first_version, approach_case, demo_users):
    regisseur = demo_users["regisseur"]
    _close(approach_case, regisseur)
    (row,) = caseload(user=regisseur, today=TODAY)
    assert row.aftercare
    assert not row.check_due
    (row,) = caseload(user=regisseur, today=months_after(TODAY, 3) - timedelta(days=2))
    assert row.check_due
    assert row.evaluation == ""


@freeze_time(NOW)
def test_a_check_ends_the_case_and_retention_counts_from_then(
    first_version, approach_case, demo_users
):
    regisseur = demo_users["regisseur"]
    _close(approach_case, regisseur)
    later = NOW + timedelta(days=92)
    with pytest.raises(ValidationError) as excinfo:
        aftercare_check_record(
            case=approach_case, how_things_are="", outcome="x", by=regisseur, now=later
        )
    assert _keys(excinfo) == {"how_things_are", "outcome"}
    # first check: stays in aftercare
    aftercare_check_record(
        case=approach_case, how_things_are="Stabiel", outcome="continue", by=regisseur, now=later
    )
    # the last check cannot continue
    with pytest.raises(ValidationError) as excinfo:
        aftercare_check_record(
            case=approach_case, how_things_are="Goed", outcome="continue", by=regisseur, now=later
        )
    assert _keys(excinfo) == {"outcome"}
    end = NOW + timedelta(days=183)
    aftercare_check_record(
        case=approach_case, how_things_are="Goed", outcome="end", by=regisseur, now=end
    )
    case = Case.objects.get(pk=approach_case.pk)
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at == end  # retention counts from the final closure
    assert case.close_reason == _reason(case)
    last = CaseStatusChange.objects.filter(case=case).latest("at", "pk")
    assert (last.from_status, last.to_status) == (CaseStatus.AFTERCARE, CaseStatus.CLOSED)


@freeze_time(NOW)
def test_a_check_reopens_the_approach_with_a_reason(first_version, approach_case, demo_users):
    regisseur = demo_users["regisseur"]
    _close(approach_case, regisseur)
    with pytest.raises(ValidationError) as excinfo:
        aftercare_check_record(
            case=approach_case, how_things_are="Terugval", outcome="reopen", by=regisseur, now=NOW
        )
    assert _keys(excinfo) == {"reason"}
    aftercare_check_record(
        case=approach_case,
        how_things_are="Terugval",
        outcome="reopen",
        reason="Nieuwe schulden",
        by=regisseur,
        now=NOW,
    )
    case = Case.objects.get(pk=approach_case.pk)
    assert case.status == CaseStatus.INTEGRATED_APPROACH
    last = CaseStatusChange.objects.filter(case=case).latest("at", "pk")
    assert last.why == "Nieuwe schulden"
    checks = AftercareCheck.objects.filter(case=case).order_by("due_on")
    assert [c.outcome for c in checks] == ["reopen", ""]
    assert checks[1].cancelled
    # evaluating is possible again
    _evaluate(case, regisseur, 3)


@freeze_time(NOW)
def test_a_check_needs_aftercare(first_version, approach_case, demo_users):
    with pytest.raises(ValidationError) as excinfo:
        aftercare_check_record(
            case=approach_case,
            how_things_are="Goed",
            outcome="end",
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {"case"}
    with pytest.raises(PermissionDenied):
        aftercare_check_record(
            case=approach_case,
            how_things_are="Goed",
            outcome="end",
            by=demo_users["screener"],
            now=NOW,
        )


__all__ = ["agreement_done"]


def test_the_aftercare_months_are_checked(houses):
    from zvh.approach.models import ApproachSettings

    settings = ApproachSettings(veiligheidshuis=houses["MST"], aftercare_check_months="3,zes")
    with pytest.raises(ValidationError) as excinfo:
        settings.clean()
    assert _keys(excinfo) == {"aftercare_check_months"}
    settings.aftercare_check_months = "6, 3"
    settings.clean()
    assert settings.check_months() == [3, 6]


def test_every_shipped_house_gets_the_default_routes(houses):
    """The houses of the shipped configuration documents (0001) get the default routes when
    they are created; each edits its own list afterwards."""
    from zvh.approach.defaults import ROUTES
    from zvh.approach.models import EscalationRoute

    for code in ("MST", "STD"):
        routes = EscalationRoute.objects.filter(veiligheidshuis=houses[code])
        assert [(r.kind, r.name, r.form) for r in routes.order_by("position")] == [
            (kind, name, form) for kind, name, form, _party in ROUTES
        ]
    EscalationRoute.objects.filter(veiligheidshuis=houses["STD"]).update(active=False)
    assert EscalationRoute.objects.filter(veiligheidshuis=houses["MST"], active=True).count() == 7
