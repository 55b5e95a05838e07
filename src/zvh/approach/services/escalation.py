"""Escalation and de-escalation: escalate (e.g. to the Levensloopaanpak, or from voluntary to
drang or dwang: a new plan version with the form changed) or hand back to a local team or
organisation, each along one of the house's routes (``EscalationRoute``, configuration per
Veiligheidshuis), with a motivation and the receiving party, in the case's history."""

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

from ..models import Escalation, EscalationRoute, PlanEntry, PlanVersion
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
    #: The house's route (``EscalationRoute``); its kind must be ``kind``.
    route_id: int | None = None


def routes_for(veiligheidshuis_id: int) -> list[EscalationRoute]:
    """The active routes of a house, escalations first, in their order."""
    return list(
        EscalationRoute.objects.filter(veiligheidshuis_id=veiligheidshuis_id, active=True).order_by(
            "-kind", "position", "name"
        )
    )


def _route(*, case: Case, data: EscalationInput, errors: dict[str, str]) -> EscalationRoute | None:
    """The route chosen: one of the house's active routes, of the kind chosen."""
    if data.route_id is None:
        errors["route"] = _("Choose the route of this Veiligheidshuis the case takes.")
        return None
    route = EscalationRoute.objects.filter(
        pk=data.route_id, veiligheidshuis_id=case.veiligheidshuis_id, active=True
    ).first()
    if route is None:
        errors["route"] = _(
            "This route is not one of the routes of this Veiligheidshuis; choose one from the list."
        )
    elif data.kind in Escalation.Kind.values and route.kind != data.kind:
        errors["route"] = (
            _("This route is a handing back, not an escalation.")
            if route.kind == Escalation.Kind.DEESCALATE
            else _("This route is an escalation, not a handing back.")
        )
    return route


def _party_errors(
    *, case: Case, data: EscalationInput, route: EscalationRoute | None = None
) -> dict[str, str]:
    """The receiving party: an organisation of the network (or the house) or a name (e.g. the
    Levensloopaanpak), not both (the route's receiving party when neither); a motivation."""
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
    elif not data.to_name.strip() and not (route and route.receiving_party):
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
    case in the integrated approach; one of the house's active routes of the kind chosen (an
    unknown one is refused); a motivation; the receiving party (``_party_errors``). A new form
    of the approach (chosen, or the one the route leads to) makes a new plan version from
    ``base_version`` (a stale one is a conflict) with the same goals, checked like any plan (a
    measure for drang/dwang, dwang's end date). All or nothing."""
    ensure(
        may_edit_plan(by, case), _("Only a procesregisseur of this Veiligheidshuis may do this.")
    )
    route_errors: dict[str, str] = {}
    route = _route(case=case, data=data, errors=route_errors)
    errors = _party_errors(case=case, data=data, route=route) | route_errors
    form = data.form or (route.form if route else "")
    to_name = data.to_name.strip() or (
        route.receiving_party if route and not data.to_organisation_id else ""
    )
    with transaction.atomic():
        locked, plan = _locked_plan(case, now)
        ensure_integrated(locked)
        version: PlanVersion | None = None
        current = plan.versions.filter(number=plan.current_number).first()
        if form and (current is None or form != current.form or data.measure_id):
            if current is None:
                errors["form"] = _("Write the plan before changing its form.")
            else:
                plan_input = PlanInput(
                    form=form,
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
            to_name=to_name[:200],
            route=route,
            motivation=data.motivation.strip(),
            plan_version=version,
            at=now,
            by=by,
        )
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("escalation_recorded", case_id=case.pk, kind=data.kind)
    return escalation
