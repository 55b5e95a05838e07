"""``field_html`` and ``fields_html`` write what ``common/_field.html`` writes, byte for byte, and
the include loop of ``triage/_field.html`` (which now uses ``field_html``) leaves the same two
newlines after each field as it did (issues 14 and 15)."""

import pytest
from django import forms
from django.template import engines
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from zvh.common.field_html import field_html, fields_html


class Example(forms.Form):
    name = forms.CharField(label="Naam <1> & 'x'", help_text='Voor- en "achternaam" <b>')
    safe = forms.CharField(label=mark_safe("<em>Veilig</em>"), required=False)
    choice = forms.ChoiceField(
        choices=[("yes", "Ja"), ("no", "Nee")], widget=forms.RadioSelect, help_text="Kies één"
    )
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A & B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    flag = forms.BooleanField(required=False, help_text="Aan of uit")
    pick = forms.ChoiceField(choices=[("", "Alle"), ("1", "Eén <1>")], required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(widget=forms.Textarea, required=False, max_length=5)


FORMS = {
    "unbound": lambda: Example(prefix="f"),
    "valid": lambda: Example({"name": "A", "choice": "yes", "pick": "1", "secret": "s"}),
    "invalid": lambda: Example({"choice": "maybe", "pick": "9", "note": "too long"}),
    "no ids": lambda: Example({"name": "A"}, auto_id=False),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_each_field_as_the_include_writes_it(make):
    form = make()
    for field in form:
        expected = render_to_string("common/_field.html", {"field": field})
        assert f"{field_html(field)}\n" == expected, field.name


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_the_fields_as_the_include_loop_writes_them(make):
    form = make()
    assert ("errorlist" in fields_html(form)) == bool(form.is_bound and form.errors)
    loop = engines["django"].from_string(
        '{% for field in form %}{% include "triage/_field.html" %}{% endfor %}'
    )
    assert fields_html(form) == loop.render({"form": form})
    assert fields_html(form) == engines["django"].from_string(
        "{% load field_html %}{{ form|fields_html }}"
    ).render({"form": form})
