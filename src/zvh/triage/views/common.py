"""What the meldpunt's pages share: the guard and the error summary."""

from collections.abc import Callable
from dataclasses import dataclass

from django.forms import Form

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_use_meldpunt
from zvh.registrations.access import guarded


def meldpunt_only(*, event_type: EventType) -> Callable[[Callable], Callable]:
    """Log in first; then only screeners of a Veiligheidshuis pass (403 for everyone else).
    Refusals (403, 404) are logged as denied ``event_type`` for purpose triage."""
    return guarded(allowed=may_use_meldpunt, event_type=event_type, purpose=Purpose.TRIAGE)


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryItem:
    href: str
    text: str


def error_summary(form: Form | None) -> list[SummaryItem]:
    """The form's errors as links to the fields they concern (for the summary at the top)."""
    if form is None or not form.is_bound or not form.errors:
        return []
    items = [SummaryItem(href="#errors", text=str(e)) for e in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            if bound.is_hidden:
                items.append(SummaryItem(href="#errors", text=str(message)))
                continue
            target = bound.auto_id + ("_0" if bound.use_fieldset else "")
            items.append(SummaryItem(href=f"#{target}", text=f"{bound.label}: {message}"))
    return items
