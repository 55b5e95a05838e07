"""The error summary at the top of a page with a form (issue 15): one list of linked lines,
shown by the one include ``common/_error_summary.html``.

Each line links to the field it concerns (a radio or checkbox question to its first option, so
its legend scrolls along); errors of the form as a whole, and of hidden fields, link to the
summary itself (``#errors``).
"""

from dataclasses import dataclass

from django.forms import BoundField, Form


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryItem:
    href: str
    text: str


def field_href(bound: BoundField) -> str:
    """The link to a field: its input, or the first option of a question with a fieldset."""
    return "#" + bound.auto_id + ("_0" if bound.use_fieldset else "")


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
            items.append(SummaryItem(href=field_href(bound), text=f"{bound.label}: {message}"))
    return items
