"""Which registrations have outlived their retention period."""

import datetime as dt

from django.db.models import Q, QuerySet

from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration
from zvh.registrations.status import DECIDED_STATUSES, Status
from zvh.subject_requests.extensions import kept_registrations

from .models import RetentionPolicy
from .periods import Periods, months_before


def periods_for(veiligheidshuis: Veiligheidshuis) -> Periods:
    policy = RetentionPolicy.objects.filter(veiligheidshuis=veiligheidshuis).first()
    return Periods.of(policy)


def _in(vh: Veiligheidshuis | None) -> Q:
    return Q(veiligheidshuis=vh) if vh is not None else Q(veiligheidshuis__isnull=True)


def _due_in(vh: Veiligheidshuis | None, periods: Periods, now: dt.datetime) -> Q:
    due = Q(status=Status.DRAFT, updated_at__lt=now - dt.timedelta(days=periods.draft_days))
    for outcome, months in periods.months.items():
        # from the case's closing (empty while it runs or once reopened), else the decision
        start = "case_link__case__closed_at" if outcome in periods.after_closure else "decided_at"
        due |= Q(
            status__in=DECIDED_STATUSES,
            decision__outcome=outcome,
            **{f"{start}__lt": months_before(now, months)},
        )
    return _in(vh) & due


def _waiting_in(vh: Veiligheidshuis | None, periods: Periods, now: dt.datetime) -> Q:
    waiting = Q(pk__in=[])
    for outcome in periods.after_closure:
        # still running: decided, not closed
        waiting |= Q(
            status=Status.DECIDED,
            decision__outcome=outcome,
            case_link__case__closed_at__isnull=True,
            decided_at__lt=months_before(now, periods.months[outcome]),
        )
    return _in(vh) & waiting


def _houses(veiligheidshuis: Veiligheidshuis | None) -> list[tuple[Veiligheidshuis, Periods]]:
    houses = [veiligheidshuis] if veiligheidshuis else list(Veiligheidshuis.objects.all())
    policies = {p.veiligheidshuis_id: p for p in RetentionPolicy.objects.all()}
    return [(vh, Periods.of(policies.get(vh.pk))) for vh in houses]


def registrations_due(
    *, now: dt.datetime, veiligheidshuis: Veiligheidshuis | None = None
) -> QuerySet[Registration]:
    """The registrations whose period has passed at ``now``, oldest first.

    Rules:
    - A draft that was never submitted: ``draft_days`` after its last change.
    - A decided registration: the months of its outcome after the decision, or after the
      closing of the case for the outcomes the policy counts from there (``after_closure``: the
      integrated approach by default): the case's final closing (``Case.closed_at``, set by the
      case workflow, cleared when the case is reopened); a case that is not closed is never due.
    - Received, screening or waiting registrations are never due: they are still being handled.
    - Each Veiligheidshuis's own periods (``RetentionPolicy``), else the shipped defaults; a
      draft that has no Veiligheidshuis yet follows the defaults (only in a run over all).
    - A registration kept by a running retention extension (approved by the privacy officer,
      end date not passed: ``subject_requests.extensions``) is never due.
    """
    condition = Q(pk__in=[])
    for vh, periods in _houses(veiligheidshuis):
        condition |= _due_in(vh, periods, now)
    if veiligheidshuis is None:
        condition |= _due_in(None, Periods.defaults(), now)
    return (
        Registration.objects.filter(condition)
        .exclude(kept_registrations(now=now))
        .select_related("veiligheidshuis", "decision")
        .order_by("created_at", "pk")
    )


def registrations_waiting_for_closure(
    *, now: dt.datetime, veiligheidshuis: Veiligheidshuis | None = None
) -> QuerySet[Registration]:
    """Cases whose period counts from their closing, that are not closed although the period
    has passed since the decision: they stay until the procesregisseur closes them (listed in
    the dry run so the functional administrator can ask after them), oldest first."""
    condition = Q(pk__in=[])
    for vh, periods in _houses(veiligheidshuis):
        condition |= _waiting_in(vh, periods, now)
    return (
        Registration.objects.filter(condition)
        .select_related("veiligheidshuis", "decision")
        .order_by("decided_at", "pk")
    )
