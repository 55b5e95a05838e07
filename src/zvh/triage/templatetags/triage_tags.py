"""Template tags of the meldpunt's pages: ``d|deadline_label``, the label of a deadline state
(``table.deadline_label``), for ``triage/_deadline.html``."""

from django import template

from ..selectors import DeadlineState
from ..table import DeadlineLabel
from ..table import deadline_label as label_of

register = template.Library()


@register.filter
def deadline_label(d: DeadlineState) -> DeadlineLabel:
    """How the registration stands against its deadline (rendered by
    ``triage/_deadline_label.html``)."""
    return label_of(d)
