"""The project's form renderer (``settings.FORM_RENDERER``): Django's own templates, with the
few small templates rendered for every widget and every field in Python.

Django renders each widget, each radio or checkbox option and each (usually empty) error list
through its template engine, which costs most of a form-heavy page. ``FormRenderer`` renders the
stock templates listed in ``_PYTHON`` directly and produces the same HTML, byte for byte (a test
compares both for bound, unbound and invalid forms). A template that an app overrides, or an
option whose template is not one of these, goes through the template engine as before, so
overriding still works.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

_WIDGETS = "django/forms/widgets/"
_STOCK_DIR = Path(django.forms.__file__).parent / "templates"


class _UseTemplateError(Exception):
    """Raised when a part (an option) needs a template this module does not render."""


def _text(value: Any) -> str:
    """``{{ value }}``: as the template engine renders a variable (localised, escaped)."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    # stringformat keeps safe input safe; anything else is escaped
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """attrs.html: ``False`` leaves an attribute out, ``True`` writes its bare name."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: Mapping[str, Any]) -> str:
    """input.html (and text, date, hidden, checkbox, … which only include it)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>\n"
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    """input_option.html, included by radio_option.html and checkbox_option.html."""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    option_id = widget["attrs"].get("id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(widget)} {_text(widget['label'])}</label>\n"


def _option(option: Mapping[str, Any], renderer: "FormRenderer") -> str:
    render = renderer.python_template(option["template_name"])
    if render is None:
        raise _UseTemplateError
    return render(option, renderer)


def _multiple_input(widget: Mapping[str, Any], renderer: "FormRenderer") -> str:
    """multiple_input.html: radio buttons and checkboxes, one ``<div>`` per option."""
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = ["<div"]
    if widget_id:
        parts.append(f' id="{_text(widget_id)}"')
    if css_class:
        parts.append(f' class="{_text(css_class)}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        parts.extend(f"<div>\n    {_option(option, renderer)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _select(widget: Mapping[str, Any], renderer: "FormRenderer") -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{_text(group)}">')
        parts.extend(f"\n  {_option(option, renderer)}" for option in options)
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _select_option(widget: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>\n"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'
    )


def _error_list(context: Mapping[str, Any]) -> str:
    """errors/list/ul.html (default.html only includes it)."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    ul_id = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{ul_id}>{items}</ul>'


Render = Callable[[Mapping[str, Any], "FormRenderer"], str]

_INPUT_TEMPLATES = (
    "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password",
    "search", "tel", "text", "time", "url",
)  # fmt: skip

#: Each stock template rendered here → the stock templates it includes.
_INCLUDES: dict[str, tuple[str, ...]] = {
    **{f"{_WIDGETS}{name}.html": (f"{_WIDGETS}input.html",) for name in _INPUT_TEMPLATES},
    f"{_WIDGETS}input.html": (f"{_WIDGETS}attrs.html",),
    f"{_WIDGETS}textarea.html": (f"{_WIDGETS}attrs.html",),
    f"{_WIDGETS}radio.html": (f"{_WIDGETS}multiple_input.html",),
    f"{_WIDGETS}checkbox_select.html": (f"{_WIDGETS}multiple_input.html",),
    f"{_WIDGETS}select.html": (f"{_WIDGETS}attrs.html",),
    f"{_WIDGETS}radio_option.html": (f"{_WIDGETS}input_option.html",),
    f"{_WIDGETS}checkbox_option.html": (f"{_WIDGETS}input_option.html",),
    f"{_WIDGETS}input_option.html": (f"{_WIDGETS}input.html",),
    f"{_WIDGETS}select_option.html": (f"{_WIDGETS}attrs.html",),
    "django/forms/errors/list/default.html": ("django/forms/errors/list/ul.html",),
}

#: Template name → its Python rendering. A widget's gets the widget's context; an option's
#: (only ever rendered inside a widget) gets the option (``include … with widget=option``).
#: The templates that only include another end with a line break of their own.
_PYTHON: dict[str, Render] = {
    **{
        f"{_WIDGETS}{name}.html": lambda context, renderer: _input(context["widget"]) + "\n"
        for name in _INPUT_TEMPLATES
    },
    f"{_WIDGETS}textarea.html": lambda context, renderer: _textarea(context["widget"]),
    f"{_WIDGETS}radio.html": lambda context, renderer: (
        _multiple_input(context["widget"], renderer) + "\n"
    ),
    f"{_WIDGETS}checkbox_select.html": lambda context, renderer: (
        _multiple_input(context["widget"], renderer) + "\n"
    ),
    f"{_WIDGETS}select.html": lambda context, renderer: _select(context["widget"], renderer),
    f"{_WIDGETS}radio_option.html": lambda option, renderer: _input_option(option) + "\n",
    f"{_WIDGETS}checkbox_option.html": lambda option, renderer: _input_option(option) + "\n",
    f"{_WIDGETS}select_option.html": lambda option, renderer: _select_option(option),
    "django/forms/errors/list/default.html": lambda context, renderer: _error_list(context),
    "django/forms/errors/list/ul.html": lambda context, renderer: _error_list(context),
}

#: The option templates, which are only ever rendered inside a widget.
_OPTION_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}_option.html" for name in ("radio", "checkbox", "select")
)


def _made_of(name: str) -> set[str]:
    """The template and every stock template it includes, directly or not."""
    parts = {name}
    for included in _INCLUDES.get(name, ()):
        parts |= _made_of(included)
    return parts


class FormRenderer(DjangoTemplates):
    """Django's ``DjangoTemplates`` form renderer, with the stock widget and error-list templates
    rendered in Python (see the module docstring)."""

    def python_template(self, template_name: str) -> Render | None:
        """The Python rendering of ``template_name``, if every template it is made of is
        Django's own (not overridden by an app)."""
        return self._python.get(template_name)

    @cached_property
    def _python(self) -> dict[str, Render]:
        stock: dict[str, bool] = {}

        def is_stock(name: str) -> bool:
            if name not in stock:
                origin = self.get_template(name).origin.name
                stock[name] = Path(origin) == _STOCK_DIR / name
            return stock[name]

        return {
            name: render
            for name, render in _PYTHON.items()
            if all(is_stock(part) for part in _made_of(name))
        }

    def render(self, template_name: str, context: Any, request: Any = None) -> str:
        render = None if template_name in _OPTION_TEMPLATES else self._python.get(template_name)
        if render is not None:
            try:
                return render(context, self).strip()
            except _UseTemplateError:
                pass
        return super().render(template_name, context, request=request)
