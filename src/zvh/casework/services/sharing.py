"""The sharing record (WGS): what was shared with which organisation, when, for which meeting
and purpose. Rows are only appended."""

from datetime import datetime

from zvh.access_log.enums import Purpose
from zvh.accounts.models import User
from zvh.network.models import Organisation

from ..models import AgendaItem, SharingRecord


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
        purpose=Purpose.CONSULTATION,
        shared=shared_description(item),
    )
