"""Which registrations have outlived their retention period."""

import datetime as dt

from django.db.models import Q, QuerySet

from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration
from zvh.registrations.status import Status

from .models import RetentionPolicy
from .periods import Periods, months_before


def periods_for(veiligheidshuis: Veiligheidshuis) -> Periods:
    policy = RetentionPolicy.objects.filter(veiligheidshuis=veiligheidshuis).first()
    return Periods.of(policy)


def _due_in(vh: Veiligheidshuis | None, periods: Periods, now: dt.datetime) -> Q:
    in_vh = Q(veiligheidshuis=vh) if vh is not None else Q(veiligheidshuis__isnull=True)
    due = Q(status=Status.DRAFT, updated_at__lt=now - dt.timedelta(days=periods.draft_days))
    for outcome, months in periods.months.items():
        due |= Q(
            status=Status.DECIDED,
            decision__outcome=outcome,
            decided_at__lt=months_before(now, months),
        )
    return in_vh & due


def registrations_due(
    *, now: dt.datetime, veiligheidshuis: Veiligheidshuis | None = None
) -> QuerySet[Registration]:
    """The registrations whose period has passed at ``now``, oldest first.

    Rules:
    - A draft that was never submitted: ``draft_days`` after its last change.
    - A decided registration: the months of its outcome after the decision.
    - Received, screening or waiting registrations are never due: they are still being handled.
    - Each Veiligheidshuis's own periods (``RetentionPolicy``), else the shipped defaults; a
      draft that has no Veiligheidshuis yet follows the defaults (only in a run over all).
    """
    houses = [veiligheidshuis] if veiligheidshuis else list(Veiligheidshuis.objects.all())
    policies = {p.veiligheidshuis_id: p for p in RetentionPolicy.objects.all()}
    condition = Q(pk__in=[])
    for vh in houses:
        condition |= _due_in(vh, Periods.of(policies.get(vh.pk)), now)
    if veiligheidshuis is None:
        condition |= _due_in(None, Periods.defaults(), now)
    return (
        Registration.objects.filter(condition)
        .select_related("veiligheidshuis", "decision")
        .order_by("created_at", "pk")
    )
