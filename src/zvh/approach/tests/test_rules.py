"""The rules of the integrated approach's services: direction, plan versions, agreements and
sharing, each with its bad input."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zvh.access_log.models import AccessLogEntry
from zvh.approach.models import (
    Direction,
    Measure,
    PlanEntry,
    PlanShare,
    PlanVersion,
)
from zvh.approach.selectors import partner_view
from zvh.approach.services.direction import direction_assign
from zvh.approach.services.plans import (
    AgreementInput,
    EntryInput,
    plan_agreement_add,
    plan_version_create,
)
from zvh.approach.services.sharing import plan_part_viewed, plan_share
from zvh.casework.models import Agreement, Case, SharingRecord
from zvh.casework.tests.conftest import decide_agenda
from zvh.network.models import LifeDomain, Organisation

from .conftest import NOW, domains_of, persons_of, two_by_two

pytestmark = pytest.mark.django_db


def _keys(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# --- direction ---------------------------------------------------------------------------------


def test_the_decisions_procesregisseur_directs_the_new_case(approach_case, demo_users):
    current = Direction.objects.get(case=approach_case, ended_at=None)
    assert current.procesregisseur == demo_users["regisseur"]
    assert current.reason == "named in the decision"


def test_a_handover_keeps_the_history(approach_case, demo_users, second_regisseur):
    direction_assign(
        case=approach_case,
        procesregisseur_id=second_regisseur.pk,
        reason="Verlof",
        by=demo_users["screener"],
        now=NOW,
    )
    rows = list(Direction.objects.filter(case=approach_case).order_by("pk"))
    assert [row.procesregisseur for row in rows] == [demo_users["regisseur"], second_regisseur]
    assert rows[0].ended_at == NOW
    assert rows[1].ended_at is None
    assert rows[1].assigned_by == demo_users["screener"]
    assert rows[1].reason == "Verlof"


def test_a_handover_needs_a_reason_and_another_person(approach_case, demo_users, second_regisseur):
    with pytest.raises(ValidationError) as excinfo:
        direction_assign(
            case=approach_case,
            procesregisseur_id=second_regisseur.pk,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {"reason"}
    with pytest.raises(ValidationError) as excinfo:
        direction_assign(
            case=approach_case,
            procesregisseur_id=demo_users["regisseur"].pk,
            reason="x",
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {"procesregisseur"}
    assert Direction.objects.filter(case=approach_case).count() == 1


@pytest.mark.parametrize("assignee", ["screener", "aanmelder", "sittard"])
def test_only_a_procesregisseur_of_the_house_is_assigned(
    approach_case, demo_users, sittard_regisseur, assignee
):
    user = sittard_regisseur if assignee == "sittard" else demo_users[assignee]
    with pytest.raises(ValidationError) as excinfo:
        direction_assign(
            case=approach_case,
            procesregisseur_id=user.pk,
            reason="x",
            by=demo_users["screener"],
            now=NOW,
        )
    assert _keys(excinfo) == {"procesregisseur"}


@pytest.mark.parametrize("by", ["aanmelder", "screener-sittard", "manager", "privacy"])
def test_only_the_houses_meldpunt_and_procesregisseurs_assign(
    approach_case, demo_users, second_regisseur, by
):
    with pytest.raises(PermissionDenied):
        direction_assign(
            case=approach_case,
            procesregisseur_id=second_regisseur.pk,
            reason="x",
            by=demo_users[by],
            now=NOW,
        )


def test_a_case_outside_the_integrated_approach_gets_no_procesregisseur(make_submitted, demo_users):
    registration = make_submitted()
    decide_agenda(registration, demo_users["screener"])
    case = Case.objects.get(links__registration=registration)
    with pytest.raises(ValidationError) as excinfo:
        direction_assign(
            case=case,
            procesregisseur_id=demo_users["regisseur"].pk,
            by=demo_users["screener"],
            now=NOW,
        )
    assert _keys(excinfo) == {"case"}


# --- plan versions -----------------------------------------------------------------------------


def test_a_plan_for_two_persons_in_two_life_domains(first_version, approach_case):
    assert first_version.number == 1
    entries = PlanEntry.objects.filter(version=first_version)
    assert entries.count() == 4
    assert {e.person_id for e in entries} == {p.pk for p in persons_of(approach_case)}


def test_every_change_makes_a_new_version_and_keeps_the_old(
    first_version, approach_case, demo_users
):
    second = plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case, score=4),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert second.number == 2
    assert set(first_version.entries.values_list("start_score", flat=True)) == {2}
    assert set(second.entries.values_list("start_score", flat=True)) == {4}


def test_a_stale_version_is_refused_and_nothing_is_saved(
    first_version, approach_case, demo_users, second_regisseur
):
    plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case, score=3),
        base_version=1,
        by=second_regisseur,
        now=NOW,
    )
    with pytest.raises(ValidationError) as excinfo:
        plan_version_create(
            case=approach_case,
            data=two_by_two(approach_case, score=5),
            base_version=1,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert excinfo.value.code == "conflict"
    assert PlanVersion.objects.filter(plan__case=approach_case).count() == 2
    assert not PlanEntry.objects.filter(version__plan__case=approach_case, start_score=5).exists()


@pytest.mark.parametrize("score", [0, 6, None])
def test_a_score_outside_the_scale_is_refused(approach_case, demo_users, score):
    with pytest.raises(ValidationError) as excinfo:
        plan_version_create(
            case=approach_case,
            data=two_by_two(approach_case, score=score),
            base_version=0,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert "entries.0.start_score" in _keys(excinfo)
    assert not PlanVersion.objects.exists()


def test_entries_need_a_goal_a_person_of_the_case_and_a_domain_of_the_house(
    approach_case, demo_users, houses, make_submitted
):
    other_person = make_submitted().persons.first()
    sittard_domain = LifeDomain.objects.filter(veiligheidshuis=houses["STD"]).first()
    person, domain = persons_of(approach_case)[0], domains_of(approach_case)[0]
    entries = [
        EntryInput(person_id=person.pk, life_domain_id=domain.pk, goal="", start_score=3),
        EntryInput(person_id=other_person.pk, life_domain_id=domain.pk, goal="x", start_score=3),
        EntryInput(person_id=person.pk, life_domain_id=sittard_domain.pk, goal="x", start_score=3),
        EntryInput(person_id=person.pk, life_domain_id=domain.pk, goal="x", start_score=3),
    ]
    with pytest.raises(ValidationError) as excinfo:
        plan_version_create(
            case=approach_case,
            data=two_by_two(approach_case, entries=entries),
            base_version=0,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {
        "entries.0.goal",
        "entries.1.person",
        "entries.2.life_domain",
        "entries.3.life_domain",
    }
    with pytest.raises(ValidationError) as excinfo:
        plan_version_create(
            case=approach_case,
            data=two_by_two(approach_case, entries=[]),
            base_version=0,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {"entries"}


def _measure(case: Case) -> Measure:
    return Measure.objects.filter(veiligheidshuis=case.veiligheidshuis).first()


@pytest.mark.parametrize(
    ("form", "with_measure", "ends_on", "refused"),
    [
        ("dwang", False, date(2027, 6, 1), {"measure"}),
        ("dwang", True, None, {"measure_ends_on"}),
        ("dwang", True, date(2026, 1, 1), {"measure_ends_on"}),
        ("drang", False, None, {"measure"}),
        ("other", False, None, {"form"}),
        ("drang", True, None, set()),
        ("dwang", True, date(2027, 6, 1), set()),
    ],
)
def test_drang_and_dwang_need_their_measure_and_dwang_its_end_date(
    approach_case, demo_users, form, with_measure, ends_on, refused
):
    data = two_by_two(
        approach_case,
        form=form,
        measure_id=_measure(approach_case).pk if with_measure else None,
        measure_ends_on=ends_on,
    )

    def save():
        return plan_version_create(
            case=approach_case, data=data, base_version=0, by=demo_users["regisseur"], now=NOW
        )

    if refused:
        with pytest.raises(ValidationError) as excinfo:
            save()
        assert _keys(excinfo) == refused
        assert not PlanVersion.objects.exists()
    else:
        version = save()
        assert version.measure == _measure(approach_case)
        assert version.measure_ends_on == ends_on


def test_another_houses_measure_is_refused(approach_case, demo_users, houses):
    sittard = Measure.objects.filter(veiligheidshuis=houses["STD"]).first()
    with pytest.raises(ValidationError) as excinfo:
        plan_version_create(
            case=approach_case,
            data=two_by_two(approach_case, form="drang", measure_id=sittard.pk),
            base_version=0,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {"measure"}


@pytest.mark.parametrize("by", ["screener", "aanmelder", "screener-sittard", "manager"])
def test_only_a_procesregisseur_of_the_house_writes_the_plan(approach_case, demo_users, by):
    with pytest.raises(PermissionDenied):
        plan_version_create(
            case=approach_case,
            data=two_by_two(approach_case),
            base_version=0,
            by=demo_users[by],
            now=NOW,
        )


def test_the_plan_is_logged(approach_case, demo_users):
    before = AccessLogEntry.objects.count()
    plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case),
        base_version=0,
        by=demo_users["regisseur"],
        now=NOW,
    )
    entry = AccessLogEntry.objects.order_by("pk").last()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.purpose == "process_direction"


# --- agreements --------------------------------------------------------------------------------


def _agreement(case: Case, owner, **changes) -> AgreementInput:
    person, domain = persons_of(case)[0], domains_of(case)[0]
    fields = {
        "person_id": person.pk,
        "life_domain_id": domain.pk,
        "action": "Schuldhulpverlening starten",
        "owner_organisation_id": owner.organisation_id,
        "owner_id": owner.pk,
        "due_on": date(2026, 12, 31),
    }
    fields.update(changes)
    return AgreementInput(**fields)


def test_an_agreement_towards_a_goal_is_a_casework_agreement_and_a_new_version(
    first_version, approach_case, demo_users, partner_users
):
    owner = partner_users["probation"]
    link = plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, owner),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    agreement = Agreement.objects.get(pk=link.agreement_id)
    assert agreement.item is None
    assert agreement.case == approach_case
    assert agreement.owner == owner
    assert agreement.state == Agreement.State.OPEN
    assert link.added_in.number == 2
    assert link.added_in.change_note == "agreement added"
    assert link.added_in.entries.count() == 4


def test_bad_agreements_are_refused(first_version, approach_case, demo_users, partner_users):
    owner = partner_users["probation"]
    outsider = (
        Organisation.objects.exclude(memberships__veiligheidshuis=approach_case.veiligheidshuis)
        .exclude(veiligheidshuis__isnull=False)
        .first()
    )
    other_domain = domains_of(approach_case)[5]
    cases = [
        (_agreement(approach_case, owner, due_on=None), {"due_on"}),
        (_agreement(approach_case, owner, action=" "), {"action"}),
        (_agreement(approach_case, owner, life_domain_id=other_domain.pk), {"goal"}),
        (_agreement(approach_case, owner, owner_id=partner_users["police"].pk), {"owner"}),
    ]
    if outsider is not None:
        cases.append(
            (
                _agreement(approach_case, owner, owner_organisation_id=outsider.pk),
                {"owner_organisation"},
            )
        )
    for data, refused in cases:
        with pytest.raises(ValidationError) as excinfo:
            plan_agreement_add(
                case=approach_case, data=data, base_version=1, by=demo_users["regisseur"], now=NOW
            )
        assert _keys(excinfo) == refused, data
    with pytest.raises(ValidationError) as excinfo:
        plan_agreement_add(
            case=approach_case,
            data=_agreement(approach_case, owner, due_on=NOW.date() - timedelta(days=1)),
            base_version=1,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _keys(excinfo) == {"due_on"}
    with pytest.raises(ValidationError) as excinfo:
        plan_agreement_add(
            case=approach_case,
            data=_agreement(approach_case, owner),
            base_version=0,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert excinfo.value.code == "conflict"
    assert not Agreement.objects.filter(case=approach_case).exists()
    assert PlanVersion.objects.filter(plan__case=approach_case).count() == 1


# --- sharing -----------------------------------------------------------------------------------


def test_a_partner_sees_only_the_shared_domains_and_their_own_agreements(
    first_version, approach_case, demo_users, partner_users
):
    regisseur = demo_users["regisseur"]
    probation, mental_health = partner_users["probation"], partner_users["mental_health"]
    domains = domains_of(approach_case)
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, probation),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, mental_health, life_domain_id=domains[1].pk),
        base_version=2,
        by=regisseur,
        now=NOW,
    )
    plan_share(
        case=approach_case,
        organisation_id=probation.organisation_id,
        life_domain_ids=[domains[0].pk],
        by=regisseur,
        now=NOW,
    )
    view = partner_view(user=probation, public_id=approach_case.public_id)
    assert view.domain_names == [domains[0].name]
    assert {entry.life_domain_id for goals in view.goals for entry in goals.entries} == {
        domains[0].pk
    }
    assert [link.agreement.owner_organisation_id for link in view.agreements] == [
        probation.organisation_id
    ]
    # The GGZ owns an agreement but nothing was shared with it: only its own agreement.
    view = partner_view(user=mental_health, public_id=approach_case.public_id)
    assert view.goals == []
    assert len(view.agreements) == 1
    # The police have no role in the plan.
    from django.http import Http404

    with pytest.raises(Http404):
        partner_view(user=partner_users["police"], public_id=approach_case.public_id)
    shared = SharingRecord.objects.get(case=approach_case, kind="plan_shared")
    assert shared.organisation_id == probation.organisation_id
    assert domains[0].name in shared.shared
    approach_case.plan.refresh_from_db()
    assert (shared.meeting, shared.item) == (None, None)
    assert shared.plan_version == approach_case.plan.current_number > 1


def test_a_partners_view_is_logged_and_recorded(
    first_version, approach_case, demo_users, partner_users
):
    probation = partner_users["probation"]
    before = AccessLogEntry.objects.count()
    plan_part_viewed(
        case=approach_case, domain_names=["Financiën"], agreements=1, by=probation, now=NOW
    )
    assert AccessLogEntry.objects.count() == before + 1
    record = SharingRecord.objects.get(case=approach_case, kind="plan_viewed")
    assert record.organisation_id == probation.organisation_id
    assert record.shared_by == probation
    assert record.plan_version == 1  # the current version, as the caller named none
    assert record.shared == "plan van aanpak, leefgebieden: Financiën; eigen afspraken: 1"


def test_sharing_is_for_partners_in_the_network_and_the_procesregisseur(
    first_version, approach_case, demo_users, partner_users
):
    outsider = Organisation.objects.exclude(
        memberships__veiligheidshuis=approach_case.veiligheidshuis
    ).first()
    with pytest.raises(ValidationError):
        plan_share(
            case=approach_case,
            organisation_id=outsider.pk,
            life_domain_ids=[],
            by=demo_users["regisseur"],
            now=NOW,
        )
    with pytest.raises(PermissionDenied):
        plan_share(
            case=approach_case,
            organisation_id=partner_users["probation"].organisation_id,
            life_domain_ids=[],
            by=demo_users["screener"],
            now=NOW,
        )
    assert not PlanShare.objects.exists()


def test_a_plan_agreement_is_reminded_and_signalled_like_any_other(
    first_version, approach_case, demo_users, partner_users
):
    """Casework's scheduled notices take agreements without an agenda item (no chair: the
    procesregisseurs are told)."""
    from zvh.casework.jobs import agreement_notices_send
    from zvh.notifications.models import OutgoingMail

    owner = partner_users["probation"]
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, owner, due_on=(NOW + timedelta(days=10)).date()),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert agreement_notices_send(now=NOW + timedelta(days=8)) == 1
    assert agreement_notices_send(now=NOW + timedelta(days=11)) == 1
    signal = OutgoingMail.objects.get(template_key="agreement_overdue")
    assert demo_users["regisseur"].email in signal.recipients
