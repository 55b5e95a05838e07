"""``triage/_deadline.html`` (the label worked out by ``table.deadline_label``, rendered by
``triage/_deadline_label.html``) renders exactly what the include did before issues 7 and 15."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from zvh.triage.selectors import DeadlineState
from zvh.triage.table import deadline_label

#: The include's template as it was (one line, without the trailing newline).
FORMER_INCLUDE = (
    '{% load i18n %}{% if d.decided %}{% if d.late %}<strong class="deadline deadline-late">'
    '{% translate "Decided late" %}</strong>{% else %}<span class="deadline deadline-ok">'
    '{% translate "Decided on time" %}</span>{% endif %}{% elif d.deadline_at is None %}'
    '<span class="deadline">{% translate "No deadline" %}</span>{% elif d.paused %}'
    '<span class="deadline deadline-paused">'
    '{% translate "Clock stopped: waiting for information" %}</span>{% elif d.overdue %}'
    '<strong class="deadline deadline-overdue">{% blocktranslate count '
    "days=d.days_overdue %}Overdue by {{ days }} day{% plural %}Overdue by {{ days }} days"
    '{% endblocktranslate %}</strong>{% elif d.days_left == 0 %}<strong class="deadline '
    'deadline-soon">{% translate "Due today" %}</strong>{% else %}<span class="deadline'
    '{% if d.due_soon %} deadline-soon{% endif %}">{% blocktranslate count days=d.days_left %}'
    "{{ days }} day left{% plural %}{{ days }} days left{% endblocktranslate %}</span>{% endif %}"
)
AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def state(**changes) -> DeadlineState:
    values = {
        "deadline_at": AT,
        "days_left": 3,
        "working_days_left": 3,
        "overdue": False,
        "due_soon": False,
        "paused": False,
        "decided": False,
        "late": False,
    }
    return DeadlineState(**(values | changes))


STATES = [
    state(),
    state(days_left=1, due_soon=True),
    state(days_left=0, due_soon=True),
    state(days_left=-1, overdue=True),
    state(days_left=-12, overdue=True),
    state(paused=True),
    state(deadline_at=None, days_left=None, working_days_left=None),
    state(decided=True),
    state(decided=True, late=True),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("d", STATES)
def test_the_include_renders_what_it_rendered(d, language):
    with translation.override(language):
        expected = Template(FORMER_INCLUDE).render(Context({"d": d}))
        assert render_to_string("triage/_deadline.html", {"d": d}) == expected
        label = deadline_label(d)
        assert render_to_string("triage/_deadline_label.html", {"label": label}) == expected
