"""The case's one sharing record (WGS): what was shared with which organisation, when, for
which meeting or which version of the plan of approach, and why. Rows are only appended."""

from datetime import datetime

from zvh.access_log.enums import Purpose
from zvh.accounts.models import User
from zvh.network.models import Organisation

from ..models import AgendaItem, Case, SharingRecord


def shared_description(item: AgendaItem) -> str:
    """What an item shares, in words: the agenda question, the summary if written, the life
    domains chosen (by name). Never a person's data beyond what the chair wrote."""
    parts = ["agendavraag"]
    if item.summary:
        parts.append("samenvatting voor het overleg")
    domains = [domain.name for domain in item.shared_life_domains.all()]
    if domains:
        parts.append("leefgebieden: " + ", ".join(domains))
    return "; ".join(parts)


def sharing_record_append(
    *, item: AgendaItem, organisation: Organisation, by: User, now: datetime
) -> SharingRecord:
    """Record that ``organisation`` was given access to what ``item`` shares, now."""
    return SharingRecord.objects.create(
        case=item.case,
        organisation=organisation,
        meeting=item.meeting,
        item=item,
        shared_at=now,
        shared_by=by,
        kind=SharingRecord.Kind.CONSULTATION,
        purpose=Purpose.CONSULTATION,
        shared=shared_description(item),
    )


def plan_record_append(
    *,
    case: Case,
    organisation: Organisation,
    kind: str,
    plan_version: int,
    by: User,
    now: datetime,
    shared: str,
    purpose: str = Purpose.PROCESS_DIRECTION,
) -> SharingRecord:
    """Record that parts of version ``plan_version`` of the case's plan of approach were shared
    with ``organisation`` (``PLAN_SHARED``) or viewed by one of its people (``PLAN_VIEWED``),
    now; ``shared`` says what, in words (names of life domains, never content)."""
    if kind not in (SharingRecord.Kind.PLAN_SHARED, SharingRecord.Kind.PLAN_VIEWED):
        raise ValueError(f"not a plan kind: {kind}")
    return SharingRecord.objects.create(
        case=case,
        organisation=organisation,
        kind=kind,
        plan_version=plan_version,
        shared_at=now,
        shared_by=by,
        purpose=purpose,
        shared=shared,
    )
