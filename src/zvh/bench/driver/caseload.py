"""The caseload scenario's data (issue 13): bench procesregisseurs of the bench Veiligheidshuis
(``bench-regisseur-NN``, the bench password, a confirmed second factor), each directing
``BENCH_CASELOAD`` cases in the integrated approach with a plan (its next evaluation spread
around today, so some are due or overdue) and two agreements per case (one overdue). Made once
per bench database, bulk-loaded; found again on later runs.

Made here rather than by ``generate_data`` so that a bench database generated before the
caseload existed gets it too (``run_bench`` reads the inputs before the accounts).
"""

import datetime as dt
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.approach.models import ApproachForm, Direction, Plan, PlanVersion
from zvh.casework.models import Agreement, Case, CaseStatus, CaseStatusChange
from zvh.network.models import Veiligheidshuis

from ..generator.network import bench_totp_key
from ..generator.plan import BENCH_ACCOUNTS_PER_ROLE

#: How many cases each bench procesregisseur directs.
BENCH_CASELOAD = 30
PREFIX = "bench-regisseur-"


def _regisseurs(*, screener: User) -> list[User]:
    """The bench procesregisseurs, made when missing (the screener's password hash and
    organisation: the same bench password, the bench house's staff)."""
    names = [f"{PREFIX}{n + 1:02d}" for n in range(BENCH_ACCOUNTS_PER_ROLE)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [
        User(
            username=name,
            first_name="Bench",
            last_name=f"Regisseur {name[-2:]}",
            email=f"{name}@zvh.invalid",
            organisation_id=screener.organisation_id,
            password=screener.password,
        )
        for name in names
        if name not in existing
    ]
    if missing:
        User.objects.bulk_create(missing)
        made = list(User.objects.filter(username__in=[u.username for u in missing]))
        User.roles.through.objects.bulk_create(
            User.roles.through(user_id=u.pk, role_id=RoleCode.PROCESREGISSEUR) for u in made
        )
        TOTPDevice.objects.bulk_create(
            TOTPDevice(
                user=u,
                name="default",
                confirmed=True,
                key=bench_totp_key(seed=0, username=u.username),
            )
            for u in made
        )
    return list(User.objects.filter(username__in=names).order_by("username"))


def _caseload(
    *, veiligheidshuis: Veiligheidshuis, regisseur: User, screener: User, now: dt.datetime
) -> None:
    today = now.date()
    cases = Case.objects.bulk_create(
        Case(
            reference=f"{veiligheidshuis.code}-C-{regisseur.username[-2:]}-{n:04d}",
            veiligheidshuis=veiligheidshuis,
            status=CaseStatus.INTEGRATED_APPROACH,
            opened_at=now - dt.timedelta(days=60 + n),
            opened_by=screener,
        )
        for n in range(BENCH_CASELOAD)
    )
    CaseStatusChange.objects.bulk_create(
        CaseStatusChange(
            case=case,
            from_status=CaseStatus.OPEN,
            to_status=CaseStatus.INTEGRATED_APPROACH,
            at=case.opened_at,
            by=screener,
        )
        for case in cases
    )
    Direction.objects.bulk_create(
        Direction(
            case=case,
            procesregisseur=regisseur,
            assigned_at=case.opened_at,
            assigned_by=screener,
        )
        for case in cases
    )
    plans = Plan.objects.bulk_create(
        Plan(case=case, current_number=1, created_at=case.opened_at) for case in cases
    )
    PlanVersion.objects.bulk_create(
        PlanVersion(
            plan=plan,
            number=1,
            created_at=plan.created_at,
            created_by=regisseur,
            form=ApproachForm.VOLUNTARY,
            next_evaluation_on=today + dt.timedelta(days=n % 30 - 10),
        )
        for n, plan in enumerate(plans)
    )
    Agreement.objects.bulk_create(
        Agreement(
            case=case,
            action=f"Actie {due}",
            owner_organisation=screener.organisation,
            owner=screener,
            due_on=today + dt.timedelta(days=due),
        )
        for case in cases
        for due in (-7, 14)
    )


def caseload_inputs(*, veiligheidshuis: Veiligheidshuis, now: dt.datetime) -> dict[str, Any]:
    """Make the caseload data when missing; the number of cases each bench procesregisseur
    directs."""
    screener = User.objects.select_related("organisation").get(username="bench-screener-01")
    for regisseur in _regisseurs(screener=screener):
        if not Direction.objects.filter(procesregisseur=regisseur, ended_at=None).exists():
            _caseload(
                veiligheidshuis=veiligheidshuis, regisseur=regisseur, screener=screener, now=now
            )
    first = User.objects.get(username=f"{PREFIX}01")
    return {
        "caseload_cases": Direction.objects.filter(procesregisseur=first, ended_at=None).count()
    }
