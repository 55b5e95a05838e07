"""Escalation and de-escalation: escalate (e.g. to the Levensloopaanpak, or from voluntary to
drang or dwang: a new plan version with the form changed) or hand back to a local team or
organisation, each with a motivation and the receiving party, in the case's history."""

from dataclasses import dataclass
from datetime import date, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_edit_plan
from zvh.casework.models import Case
from zvh.casework.services.invitations import in_network
from zvh.network.models import Organisation

from ..models import Escalation, PlanEntry, PlanVersion
from .common import log_direction
from .monitoring import ensure_integrated
from .plans import EntryInput, PlanInput, _append_version, _form_errors, _locked_plan, conflict

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationInput:
    kind: str
    motivation: str
    to_organisation_id: int | None = None
    to_name: str = ""
    #: A new form of the approach ("" keeps it), with its measure for drang or dwang.
    form: str = ""
    measure_id: int | None = None
    measure_ends_on: date | None = None


def _party_errors(*, case: Case, data: EscalationInput) -> dict[str, str]:
    """The receiving party: an organisation of the network (or the house) or a name (e.g. the
    Levensloopaanpak), not both; a motivation."""
    errors: dict[str, str] = {}
    if data.kind not in Escalation.Kind.values:
        errors["kind"] = _("Choose escalation or handing back.")
    if not data.motivation.strip():
        errors["motivation"] = _("Give the motivation.")
    if data.to_organisation_id and data.to_name.strip():
        errors["to_name"] = _("Choose an organisation or write the receiving party, not both.")
    elif data.to_organisation_id:
        organisation = Organisation.objects.filter(pk=data.to_organisation_id).first()
        if organisation is None or not (
            organisation.veiligheidshuis_id == case.veiligheidshuis_id
            or in_network(organisation=organisation, veiligheidshuis_id=case.veiligheidshuis_id)
        ):
            errors["to_organisation"] = _(
                "Choose a partner in the network of this Veiligheidshuis."
            )
    elif not data.to_name.strip():
        errors["to_name"] = _("Choose the receiving organisation or write the receiving party.")
    return errors


def escalation_record(
    *,
    case: Case,
    data: EscalationInput,
    base_version: int,
    by: User,
    now: datetime,
    client_address: str = "",
) -> Escalation:
    """Record an escalation or a handing back. Rules: a procesregisseur of the case's house; the
    case in the integrated approach; a motivation; the receiving party (``_party_errors``). A
    new form of the approach makes a new plan version from ``base_version`` (a stale one is a
    conflict) with the same goals, checked like any plan (a measure for drang/dwang, dwang's
    end date). All or nothing."""
    ensure(
        may_edit_plan(by, case), _("Only a procesregisseur of this Veiligheidshuis may do this.")
    )
    errors = _party_errors(case=case, data=data)
    with transaction.atomic():
        locked, plan = _locked_plan(case, now)
        ensure_integrated(locked)
        version: PlanVersion | None = None
        current = plan.versions.filter(number=plan.current_number).first()
        if data.form and (current is None or data.form != current.form or data.measure_id):
            if current is None:
                errors["form"] = _("Write the plan before changing its form.")
            else:
                plan_input = PlanInput(
                    form=data.form,
                    entries=[
                        EntryInput(
                            person_id=entry.person_id,
                            life_domain_id=entry.life_domain_id,
                            situation=entry.situation,
                            goal=entry.goal,
                            start_score=entry.start_score,
                        )
                        for entry in PlanEntry.objects.filter(version=current)
                    ],
                    measure_id=data.measure_id,
                    measure_ends_on=data.measure_ends_on,
                    next_evaluation_on=current.next_evaluation_on,
                    change_note=gettext_noop("form changed at an escalation")
                    if data.kind == Escalation.Kind.ESCALATE
                    else gettext_noop("form changed at a handing back"),
                )
                errors.update(_form_errors(case=locked, data=plan_input, today=now.date()))
                if not errors:
                    if plan.current_number != base_version:
                        raise conflict()
                    version = _append_version(plan=plan, data=plan_input, by=by, now=now)
        if errors:
            raise ValidationError(errors)
        escalation = Escalation.objects.create(
            case=locked,
            kind=data.kind,
            to_organisation_id=data.to_organisation_id or None,
            to_name=data.to_name.strip()[:200],
            motivation=data.motivation.strip(),
            plan_version=version,
            at=now,
            by=by,
        )
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("escalation_recorded", case_id=case.pk, kind=data.kind)
    return escalation
