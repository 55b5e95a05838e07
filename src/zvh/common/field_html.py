"""A form field with its label, help text and errors, as ``common/_field.html`` renders it, built
in Python (issues 14 and 15: the queue's filter form has nine fields; an include per field with
its tags and look-ups cost more than the field's own widget). ``triage/_field.html``, which the
pages include per field, writes it with ``field|field_html``. The same HTML byte for byte
(``common/tests/test_field_html.py`` renders both)."""

from collections.abc import Iterable
from typing import Any

from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """What ``{{ value }}`` writes: escaped unless already safe."""
    return str(conditional_escape(value))


def field_html(field: BoundField) -> SafeString:
    """``{% include "common/_field.html" %}`` for ``field``."""
    if field.is_hidden:
        return mark_safe(str(field))  # noqa: S308 - the widget's own (escaped) HTML
    errors = field.errors
    fieldset = field.use_fieldset
    css = "field" + (" field-error" if errors else "") + (" field-choices" if fieldset else "")
    label = _text(field.label)
    parts = [f'<div class="{css}">\n']
    if fieldset:
        described = field.aria_describedby
        described_attr = f' aria-describedby="{_text(described)}"' if described else ""
        parts.append(f"<fieldset{described_attr}>\n<legend>{label}</legend>\n")
    else:
        parts.append(f'<label for="{_text(field.id_for_label)}">{label}</label>\n')
    if field.help_text:
        parts.append(
            f'<div class="helptext" id="{_text(field.auto_id)}_helptext">'
            f"{_text(field.help_text)}</div>\n"
        )
    if errors:
        parts.append(str(errors))
    parts.append(f"\n{field}\n")
    if fieldset:
        parts.append("</fieldset>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above or the widget's


def fields_html(fields: Iterable[BoundField]) -> SafeString:
    """``{% for field in fields %}{% include "triage/_field.html" %}{% endfor %}``: each field
    followed by the two newlines the includes leave."""
    return mark_safe("".join(f"{field_html(field)}\n\n" for field in fields))  # noqa: S308
