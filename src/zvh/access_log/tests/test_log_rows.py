"""The log's table rows (cells from ``table.log_rows``, rendered by ``access_log/log.html``) are
the markup the template wrote with its filters and the entries' display methods, in every
language and across summer and winter time (issues 7 and 15)."""

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.table import LOG_COLUMNS, log_rows
from zvh.access_log.values import LoggedObject

from .helpers import record

pytestmark = pytest.mark.django_db

#: The rows as ``log.html`` wrote them before ``log_rows``.
TEMPLATE_ROWS = Template(
    """{% for entry in entries %}
        <tr class="outcome-{{ entry.outcome }}">
          <td><time datetime="{{ entry.occurred_at|date:'c' }}">{{ entry.occurred_at|date:"d-m-Y H:i:s" }}</time></td>
          <td>{{ entry.username|default:"—" }}</td>
          <td>{{ entry.organisation_name|default:"—" }}</td>
          <td>{{ entry.role_labels|join:", "|default:"—" }}</td>
          <td>{{ entry.get_event_type_display }} ({{ entry.action }})</td>
          <td>{{ entry.get_purpose_display }}</td>
          <td>{{ entry.object_labels|join:", "|default:"—" }}</td>
          <td>{{ entry.get_outcome_display }}</td>
          <td>{{ entry.client_address|default:"—" }}</td>
        </tr>
      {% endfor %}"""  # noqa: E501
)


def _rows_of_the_page() -> Template:
    """The rows of ``log.html``'s table (its ``<tbody>``), as a template of their own."""
    source = Path(get_template("access_log/log.html").origin.name).read_text(encoding="utf-8")
    body = source.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return Template("{% load i18n %}" + body)


def test_the_rows_show_what_the_template_showed(demo_users, registration):
    obj = LoggedObject.for_registration(registration)
    users = [demo_users["screener"], demo_users["privacy"], None]
    for (event, purpose, outcome), user, at in zip(
        itertools.product(EventType, Purpose, Outcome),
        itertools.cycle(users),
        itertools.cycle(
            [
                dt.datetime(2026, 7, 1, 22, 30, 5, tzinfo=dt.UTC),  # summer time: next day
                dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
                dt.datetime(999, 1, 2, tzinfo=dt.UTC),
            ]
        ),
        strict=False,
    ):
        record(
            user=user,
            event_type=event,
            purpose=purpose,
            outcome=outcome,
            objects=(obj,) if user else (),
            at=at,
            veiligheidshuis_id=registration.veiligheidshuis_id,
        )
    entries = list(AccessLogEntry.objects.order_by("sequence").only(*LOG_COLUMNS))
    assert len(entries) == len(EventType) * len(Purpose) * len(Outcome)
    rows = _rows_of_the_page()
    for language in ("nl", "en"):
        with translation.override(language):
            expected = TEMPLATE_ROWS.render(Context({"entries": entries}))
            assert rows.render(Context({"rows": log_rows(entries)})).strip() == expected.strip()
    assert "—" in expected  # an entry without roles or objects


def test_a_value_no_longer_among_the_choices_shows_as_itself(registration):
    entry = record(veiligheidshuis_id=registration.veiligheidshuis_id)
    entry.purpose = "retired_purpose"
    (row,) = log_rows([entry])
    assert row.purpose == entry.get_purpose_display() == "retired_purpose"
