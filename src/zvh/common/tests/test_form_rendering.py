"""The project's form renderer writes the same HTML as Django's own templates (issue 7)."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from zvh.common.form_rendering import FormRenderer

GROUPED = [
    ("", "— choose —"),
    ("Fruit", [("apple", "Apple & <pear>"), ("kiwi", 'Kiwi "green"')]),
    (3, 3),
    ("Veg", [("leek", _("Yes"))]),
]
PLAIN = [("yes", _("Yes")), ("no", mark_safe("<b>No</b>")), (7, "Seven")]


class Everything(forms.Form):
    text = forms.CharField(label="Text <1>", max_length=20, help_text="Help & more")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "x y"}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=1)
    decimal = forms.DecimalField(required=False, decimal_places=2)
    when = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    moment = forms.DateTimeField(required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(required=False)
    radio = forms.ChoiceField(choices=PLAIN, widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=PLAIN, widget=forms.CheckboxSelectMultiple, required=False
    )
    grouped_boxes = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"})
    )
    select = forms.ChoiceField(choices=GROUPED, required=False)
    plain_select = forms.TypedChoiceField(choices=PLAIN, coerce=str)
    multi = forms.MultipleChoiceField(choices=GROUPED, required=False)
    disabled = forms.CharField(disabled=True, required=False, initial="fixed")
    flags = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"data-on": True, "data-off": False})
    )

    def clean(self):
        if self.cleaned_data.get("optional") == "boom":
            raise forms.ValidationError("Whole form <wrong>")
        return self.cleaned_data


VALID = {
    "text": "a <b> & 'c'",
    "optional": "x",
    "number": "4",
    "decimal": "3.50",
    "when": "2026-12-03",
    "moment": "2026-12-03 10:00",
    "hidden": "5",
    "secret": "s3cret",
    "note": "line 1\n<line 2>",
    "agree": "on",
    "radio": "no",
    "grouped_radio": "kiwi",
    "boxes": ["yes", "7"],
    "grouped_boxes": ["apple", "3"],
    "select": "leek",
    "plain_select": "7",
    "multi": ["apple", "leek"],
}
INVALID = {
    "optional": "boom",
    "number": "0",
    "decimal": "x",
    "when": "not a date",
    "radio": "maybe",
    "grouped_boxes": ["nope"],
    "note": '"quoted"',
}


def _html(form: forms.Form) -> list[str]:
    parts = [str(form.non_field_errors())]
    for field in form:
        parts += [str(field.errors), str(field)]
    parts.append(form.as_div())
    return parts


@pytest.mark.parametrize(
    ("data", "initial"),
    [
        (None, None),
        (None, {"text": "start <here>", "radio": "yes", "boxes": ["no"], "when": "2026-1-2"}),
        (None, {"when": datetime.date(2026, 1, 2), "number": 1234567, "hidden": 3}),
        (VALID, None),
        (INVALID, None),
        ({}, None),
    ],
    ids=["unbound", "initial", "initial-objects", "valid", "invalid", "empty"],
)
def test_the_same_html_as_djangos_templates(data, initial):
    def form(renderer):
        made = Everything(data, initial=initial, renderer=renderer, prefix="f")
        made.is_valid()
        return made

    ours, django = form(FormRenderer()), form(DjangoTemplates())
    assert _html(ours) == _html(django)
    if data is INVALID:
        assert "errorlist" in "".join(_html(ours))


def test_uses_the_python_rendering_for_the_stock_templates():
    renderer = FormRenderer()
    assert renderer.python_template("django/forms/widgets/radio.html") is not None
    assert renderer.python_template("django/forms/widgets/clearable_file_input.html") is None


def test_an_overridden_template_goes_through_the_template_engine(monkeypatch):
    """A widget template an app overrides is rendered from that template, not in Python."""
    renderer = FormRenderer()
    real = renderer.get_template

    class Overridden:
        origin = type("Origin", (), {"name": "/elsewhere/django/forms/widgets/input.html"})

    def get_template(name):
        return Overridden() if name == "django/forms/widgets/input.html" else real(name)

    monkeypatch.setattr(renderer, "get_template", get_template)
    assert renderer.python_template("django/forms/widgets/text.html") is None
    assert renderer.python_template("django/forms/widgets/radio_option.html") is None
    assert renderer.python_template("django/forms/widgets/textarea.html") is not None
