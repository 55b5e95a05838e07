"""Issue 13 point 3: plan disclosures are rows of the case's one sharing record
(``casework.SharingRecord``, kinds ``plan_shared`` and ``plan_viewed``, no meeting, the plan
version), beside the consultations' rows; the privacy officer reads and exports them all.
Migration approach 0004 moves the old ``PlanDisclosure`` rows into it."""

import csv
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from zvh.access_log.enums import Purpose
from zvh.approach.services.plans import plan_version_create
from zvh.approach.services.sharing import plan_part_viewed, plan_share
from zvh.casework.models import SharingRecord

from .conftest import NOW, domains_of, two_by_two


def _share(case, regisseur, probation, domains):
    return plan_share(
        case=case,
        organisation_id=probation.organisation_id,
        life_domain_ids=[domain.pk for domain in domains],
        by=regisseur,
        now=NOW,
    )


def test_sharing_and_viewing_the_plan_are_rows_of_the_one_record(
    first_version, approach_case, demo_users, partner_users
):
    regisseur, probation = demo_users["regisseur"], partner_users["probation"]
    domains = domains_of(approach_case)
    _share(approach_case, regisseur, probation, domains[:1])
    plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case, score=3),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    plan_part_viewed(
        case=approach_case,
        domain_names=[domains[0].name],
        agreements=0,
        by=probation,
        now=NOW,
        plan_version=2,
    )
    rows = list(
        SharingRecord.objects.filter(case=approach_case).values_list(
            "kind", "meeting", "item", "plan_version", "purpose", "shared_by"
        )
    )
    assert rows == [
        ("plan_shared", None, None, 1, Purpose.PROCESS_DIRECTION, regisseur.pk),
        ("plan_viewed", None, None, 2, Purpose.PROCESS_DIRECTION, probation.pk),
    ]


def test_a_record_of_its_kind_needs_its_meeting_or_its_plan_version(
    approach_case, demo_users, partner_users
):
    common = {
        "case": approach_case,
        "organisation_id": partner_users["probation"].organisation_id,
        "shared_at": NOW,
        "shared_by": demo_users["regisseur"],
        "purpose": Purpose.PROCESS_DIRECTION,
        "shared": "plan van aanpak",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingRecord.objects.create(kind=SharingRecord.Kind.CONSULTATION, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingRecord.objects.create(kind=SharingRecord.Kind.PLAN_SHARED, **common)
    assert not SharingRecord.objects.exists()


def test_the_privacy_officer_reads_and_exports_the_plan_rows(
    first_version, approach_case, demo_users, partner_users, login
):
    regisseur, probation = demo_users["regisseur"], partner_users["probation"]
    _share(approach_case, regisseur, probation, domains_of(approach_case)[:1])
    client = login(demo_users["privacy"])
    page = client.get(reverse("cases:sharing", args=[approach_case.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Plan van aanpak, versie 1" in body
    assert probation.organisation.name in body
    export = client.get(reverse("cases:sharing_export", args=[approach_case.public_id]))
    header, row = list(csv.reader(io.StringIO(export.content.decode())))
    assert header[3:6] == ["kind", "meeting", "plan_version"]
    assert row[3:6] == ["plan_shared", "", "1"]
    plan_page = client.get(reverse("approach:disclosures", args=[approach_case.public_id]))
    assert plan_page.status_code == 200
    assert "versie 1" in plan_page.content.decode()


# --- the migration -----------------------------------------------------------------------------

BEFORE = [("approach", "0003_monitoring_escalation_aftercare")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_plan_disclosures_into_the_sharing_record(
    first_version, approach_case, demo_users, partner_users
):
    regisseur, probation = demo_users["regisseur"], partner_users["probation"]
    _share(approach_case, regisseur, probation, domains_of(approach_case)[:2])
    try:
        executor = _migrate(BEFORE)
        # backwards: the plan row went back into PlanDisclosure
        old = executor.loader.project_state(BEFORE).apps
        PlanDisclosure = old.get_model("approach", "PlanDisclosure")
        assert list(PlanDisclosure.objects.values_list("kind", "by_id")) == [
            ("shared", regisseur.pk)
        ]
        assert not SharingRecord.objects.filter(case=approach_case).exists()
        PlanDisclosure.objects.create(
            case_id=approach_case.pk,
            organisation_id=probation.organisation_id,
            kind="viewed",
            at=NOW,
            by_id=probation.pk,
            purpose=Purpose.PROCESS_DIRECTION,
            shared="eigen afspraken: 1",
        )
        _migrate(executor.loader.graph.leaf_nodes())
        rows = list(
            SharingRecord.objects.filter(case=approach_case)
            .order_by("pk")
            .values_list("kind", "meeting", "plan_version", "shared_by", "shared")
        )
        assert rows[0][:4] == ("plan_shared", None, 1, regisseur.pk)
        assert rows[1] == ("plan_viewed", None, 1, probation.pk, "eigen afspraken: 1")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
