"""Mail templates: a restricted Django template engine, validation and rendering.

Rules:
- A template uses only the tags and filters of ``template_library`` and only the variables its
  key allows (``keys.VARIABLES``); anything else is refused with a message naming it.
- The context handed to a template holds strings, numbers, dates and lists of those, never model
  instances, so even a permitted variable cannot reach a name, a BSN or a problem.
- Dates are shown in Dutch local time, in the mail's language.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.template import Context, Engine, Node, TemplateSyntaxError
from django.template.base import FilterExpression, Variable, VariableNode
from django.template.defaulttags import ForNode, IfNode
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zvh.deadlines.calculation import LOCAL_TZ

from .keys import VARIABLES

log = structlog.get_logger(__name__)


class _MailEngine(Engine):
    default_builtins: list[str] = []  # not Django's full tag set: only our library


ENGINE = _MailEngine(
    builtins=["zvh.notifications.template_library"], libraries={}, autoescape=False
)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str


def _condition_expressions(condition: Any) -> Iterator[FilterExpression]:
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        yield value
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if part is not None:
            yield from _condition_expressions(part)


def _variables(expression: FilterExpression) -> Iterator[Variable]:
    if isinstance(expression.var, Variable):
        yield expression.var
    for _filter, arguments in expression.filters:
        for is_lookup, argument in arguments:
            if is_lookup and isinstance(argument, Variable):
                yield argument


def _names_used(nodes: list[Node]) -> tuple[set[str], set[str]]:
    """(variable roots used, loop variables defined) in the compiled template."""
    used: set[str] = set()
    loop_names: set[str] = {"forloop"}
    for node in nodes:
        expressions: list[FilterExpression] = []
        if isinstance(node, VariableNode):
            expressions.append(node.filter_expression)
        elif isinstance(node, IfNode):
            for condition, _nodelist in node.conditions_nodelists:
                expressions.extend(_condition_expressions(condition))
        elif isinstance(node, ForNode):
            expressions.append(node.sequence)
            loop_names.update(node.loopvars)
        for expression in expressions:
            for variable in _variables(expression):
                if variable.lookups:
                    used.add(variable.lookups[0])
    return used, loop_names


def validate_template_source(*, key: str, source: str) -> None:
    """Compile ``source`` with the mail engine and refuse syntax errors, tags and filters outside
    the allowed set, and variables the key does not offer."""
    try:
        compiled = ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        message = re.sub(r"\s+", " ", str(error)).strip()
        raise ValidationError(
            _("The template has an error: %(error)s"), code="syntax", params={"error": message}
        ) from None
    used, loop_names = _names_used(compiled.nodelist.get_nodes_by_type(Node))
    unknown = sorted(used - VARIABLES[key] - loop_names)
    if unknown:
        raise ValidationError(
            _("The template uses %(names)s, which this mail does not offer. Allowed: %(allowed)s."),
            code="variable",
            params={
                "names": ", ".join(unknown),
                "allowed": ", ".join(sorted(VARIABLES[key])),
            },
        )


def _tidy_body(text: str) -> str:
    """Templates leave blank lines where tags were: at most one empty line between paragraphs.
    Trailing blanks go, except in the signature delimiter "-- "."""
    lines = [line if line == "-- " else line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _render(source: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language), timezone.override(LOCAL_TZ):
        return ENGINE.from_string(source).render(Context(context, autoescape=False))


def render_source(
    *, key: str, subject: str, body: str, context: dict[str, Any], language: str
) -> RenderedMail:
    """Render a subject and body (validated first) with ``context`` in ``language``."""
    validate_template_source(key=key, source=subject)
    validate_template_source(key=key, source=body)
    allowed = {name: value for name, value in context.items() if name in VARIABLES[key]}
    return RenderedMail(
        subject=" ".join(_render(subject, allowed, language).split()),
        body=_tidy_body(_render(body, allowed, language)),
    )


EXAMPLE_MOMENT = datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TZ)


def example_context(*, veiligheidshuis_name: str, base_url: str) -> dict[str, Any]:
    """Made-up values for the preview: a reference, dates, links and counts."""
    base = base_url.rstrip("/")
    deadline = datetime(2026, 12, 7, 18, 0, tzinfo=LOCAL_TZ)
    return {
        "reference": "VBD-2026-00042",
        "veiligheidshuis": veiligheidshuis_name,
        "url": f"{base}/aanmeldingen/00000000-0000-0000-0000-000000000000/",
        "received_at": EXAMPLE_MOMENT,
        "deadline_at": deadline,
        "asked_at": EXAMPLE_MOMENT,
        "answered_at": EXAMPLE_MOMENT,
        "decided_at": EXAMPLE_MOMENT,
        "working_days_left": 2,
        "working_days_overdue": 1,
        "today": EXAMPLE_MOMENT,
        "open_count": 7,
        "due_soon_count": 2,
        "overdue_count": 1,
        "waiting_count": 1,
        "drafts_count": 2,
        "urgent": True,
        "urgent_count": 1,
        "case_reference": "VBD-C-2026-00007",
        "meeting_at": EXAMPLE_MOMENT,
        "due_on": deadline.date(),
        "days_left": 7,
        "days_overdue": 1,
        "items": [
            {
                "reference": "VBD-2026-00041",
                "deadline_at": deadline,
                "working_days_left": 2,
                "urgent": True,
                "url": f"{base}/meldpunt/00000000-0000-0000-0000-000000000001/",
            },
            {
                "reference": "VBD-2026-00042",
                "deadline_at": deadline,
                "working_days_left": 2,
                "urgent": False,
                "url": f"{base}/meldpunt/00000000-0000-0000-0000-000000000002/",
            },
        ],
    }
