"""Closing became the case workflow's. Every decision that opens a case ("agenda for a
consultation", "integrated approach") and has none gets one: opened at the decision (a history
row "opened by decision"), moved to the integrated approach for that outcome, and closed at the
decision's ``closed_at`` when the procesregisseur had closed it (a history row "case closed").
Existing cases agree with their registrations: a case whose registration's decision was closed
is closed at that moment; a closed case's decided registrations become closed, with their
history row. Backwards: nothing (the cases stay; ``Decision.closed_at`` was never changed)."""

from django.db import migrations
from django.db.models import F

OPENING = ("consultation_agenda", "integrated_approach")
CLOSED_WHY = "case closed"


def _next_reference(Case, code, year, counters):
    prefix = f"{code}-C-{year}-"
    if prefix not in counters:
        last = (
            Case.objects.filter(reference__startswith=prefix)
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        counters[prefix] = int(last.rsplit("-", 1)[1]) if last else 0
    counters[prefix] += 1
    return f"{prefix}{counters[prefix]:05d}"


def _close(Case, CaseStatusChange, case, *, at):
    CaseStatusChange.objects.create(
        case=case, from_status=case.status, to_status="closed", at=at, by=None, why=CLOSED_WHY
    )
    Case.objects.filter(pk=case.pk).update(
        status="closed", closed_at=at, version=F("version") + 1
    )


def _registrations_follow(Registration, StatusChange, case):
    for registration in Registration.objects.filter(case_link__case=case, status="decided"):
        StatusChange.objects.create(
            registration=registration,
            from_status="decided",
            to_status="closed",
            at=case.closed_at,
            by=None,
            why=CLOSED_WHY,
        )
        Registration.objects.filter(pk=registration.pk).update(
            status="closed", version=F("version") + 1
        )


def cases_for_decisions(apps, schema_editor):
    Decision = apps.get_model("triage", "Decision")
    Case = apps.get_model("casework", "Case")
    CaseRegistration = apps.get_model("casework", "CaseRegistration")
    CaseStatusChange = apps.get_model("casework", "CaseStatusChange")
    Registration = apps.get_model("registrations", "Registration")
    StatusChange = apps.get_model("registrations", "StatusChange")
    counters: dict[str, int] = {}
    without_case = (
        Decision.objects.filter(outcome__in=OPENING, registration__case_link__isnull=True)
        .select_related("registration__veiligheidshuis")
        .order_by("decided_at", "pk")
    )
    for decision in without_case.iterator():
        registration = decision.registration
        vh = registration.veiligheidshuis
        if vh is None:
            continue
        case = Case.objects.create(
            reference=_next_reference(Case, vh.code, decision.decided_at.year, counters),
            veiligheidshuis=vh,
            status="open",
            opened_at=decision.decided_at,
            opened_by_id=decision.decided_by_id,
        )
        CaseStatusChange.objects.create(
            case=case,
            from_status="",
            to_status="open",
            at=decision.decided_at,
            by_id=decision.decided_by_id,
            why="opened by decision",
        )
        CaseRegistration.objects.create(
            case=case,
            registration=registration,
            joined_at=decision.decided_at,
            joined_by_id=decision.decided_by_id,
            opened_case=True,
        )
        if decision.outcome == "integrated_approach":
            CaseStatusChange.objects.create(
                case=case,
                from_status="open",
                to_status="integrated_approach",
                at=decision.decided_at,
                by_id=decision.decided_by_id,
                why="prioritised for the integrated approach",
            )
            Case.objects.filter(pk=case.pk).update(status="integrated_approach")
    # every case whose registration's decision was closed is closed (at that moment)
    closed_decisions = Decision.objects.filter(
        closed_at__isnull=False, registration__case_link__isnull=False
    ).select_related("registration__case_link__case")
    for decision in closed_decisions.iterator():
        case = Case.objects.get(pk=decision.registration.case_link.case_id)
        if case.status != "closed":
            _close(Case, CaseStatusChange, case, at=decision.closed_at)
    # a closed case's decided registrations are closed too
    for case in Case.objects.filter(status="closed").iterator():
        _registrations_follow(Registration, StatusChange, case)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_agreement_item_optional"),
        ("triage", "0004_closed_cases_get_status_closed"),
        ("registrations", "0005_attachment_information_request"),
    ]

    operations = [migrations.RunPython(cases_for_decisions, migrations.RunPython.noop)]
