"""``Select``: Django's select box written in Python instead of through the form renderer (issue
14: the queue's filter form has six of them with some fifty options; Django builds a dictionary
per option and the template loops over them). The same HTML byte for byte as the project's
``django/forms/widgets/select.html`` (common/form_templates, Jinja2, so escaped as Jinja2
escapes: ``markupsafe``); ``common/tests/test_select_widget.py`` renders both."""

from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape


def _attrs(attrs: dict[str, Any]) -> str:
    """The template's ``attrs`` macro: ``False`` leaves the attribute out, ``True`` writes its
    name only."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """A single-choice select box without option groups, written directly; anything else (a
    multiple select, option groups, another template) renders as Django does."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = list(self.choices)
        if (
            self.allow_multiple_selected
            or self.template_name != forms.Select.template_name
            or any(isinstance(label, (list, tuple)) for _value, label in choices)
        ):
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        parts = [f'<select name="{escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, label in choices:
            shown = "" if option_value is None else option_value
            selected = not has_selected and str(shown) in values
            has_selected |= selected
            parts.append(
                f'\n  <option value="{escape(shown)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>"
            )
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
