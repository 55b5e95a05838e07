"""Sharing parts of the plan with partners, and the record of it (WGS): what went to which
organisation, when and why, in the case's one sharing record (``casework.SharingRecord``, the
plan kinds). Records are only appended."""

from collections.abc import Iterable
from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_edit_plan
from zvh.casework.models import Case, SharingRecord
from zvh.casework.services.invitations import in_network
from zvh.casework.services.sharing import plan_record_append
from zvh.network.models import LifeDomain, Organisation

from ..models import Plan, PlanShare
from .common import ensure_in_approach, log_direction

log = structlog.get_logger(__name__)


def described(domain_names: Iterable[str], *, agreements: int = 0) -> str:
    """What a partner was given, in words (names only, never content)."""
    parts = []
    names = list(domain_names)
    if names:
        parts.append("plan van aanpak, leefgebieden: " + ", ".join(names))
    if agreements:
        parts.append(f"eigen afspraken: {agreements}")
    return "; ".join(parts) or "geen onderdelen"


def plan_share(
    *,
    case: Case,
    organisation_id: int | None,
    life_domain_ids: Iterable[int],
    by: User,
    now: datetime,
    client_address: str = "",
) -> list[PlanShare]:
    """Set the life domains of the plan shared with a partner organisation (an empty choice
    stops sharing). Rules: a procesregisseur of the case's house; a plan exists; the
    organisation a partner in the house's network; the domains the house's. The sharing
    record gets a row with what is shared from now on."""
    ensure(
        may_edit_plan(by, case),
        _("Only a procesregisseur of this Veiligheidshuis may change the plan."),
    )
    organisation = Organisation.objects.filter(pk=organisation_id or 0).first()
    if organisation is None or not in_network(
        organisation=organisation, veiligheidshuis_id=case.veiligheidshuis_id
    ):
        raise ValidationError(
            {"organisation": _("Choose a partner in the network of this Veiligheidshuis.")}
        )
    domains = list(
        LifeDomain.objects.filter(
            veiligheidshuis_id=case.veiligheidshuis_id, pk__in=list(life_domain_ids)
        ).order_by("position")
    )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        ensure_in_approach(locked)
        plan = Plan.objects.filter(case=locked).first()
        if plan is None or plan.current_number == 0:
            raise ValidationError({"plan": _("Write the plan before sharing it.")})
        PlanShare.objects.filter(plan=plan, organisation=organisation).delete()
        shares = PlanShare.objects.bulk_create(
            PlanShare(
                plan=plan,
                organisation=organisation,
                life_domain=domain,
                shared_at=now,
                shared_by=by,
            )
            for domain in domains
        )
        plan_record_append(
            case=locked,
            organisation=organisation,
            kind=SharingRecord.Kind.PLAN_SHARED,
            plan_version=plan.current_number,
            by=by,
            now=now,
            shared=described(domain.name for domain in domains),
        )
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("plan_shared", case_id=case.pk, domains=len(shares))
    return shares


def plan_part_viewed(
    *,
    case: Case,
    domain_names: list[str],
    agreements: int,
    by: User,
    now: datetime,
    client_address: str = "",
    plan_version: int | None = None,
) -> SharingRecord:
    """A partner viewed the parts shared with their organisation and their own agreements:
    logged in the access log (a view, purpose process direction) and recorded in the case's
    sharing record with the number of the version shown (``plan_version``; the plan's current
    one if not given). Called by the page before it renders (the caller checked the access)."""
    assert by.organisation is not None
    if plan_version is None:
        plan_version = (
            Plan.objects.filter(case=case).values_list("current_number", flat=True).first() or 0
        )
    with transaction.atomic():
        record = plan_record_append(
            case=case,
            organisation=by.organisation,
            kind=SharingRecord.Kind.PLAN_VIEWED,
            plan_version=plan_version,
            by=by,
            now=now,
            shared=described(domain_names, agreements=agreements),
        )
        log_direction(by=by, case=case, client_address=client_address, event_type=EventType.VIEW)
    return record
