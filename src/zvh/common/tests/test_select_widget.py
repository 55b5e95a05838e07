"""``common.select_widget.Select`` writes what Django's ``Select`` writes through the project's
form renderer (its Jinja2 ``select.html``), byte for byte."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from zvh.common.select_widget import Select

CHOICES = [
    ("", "Alle"),
    (1, "Eén & <twee>"),
    ("a'b", "Met \"aanhalingstekens\" en 'apostrof'"),
    (None, "Geen"),
    ("x", gettext_lazy("Status")),
    ("y", mark_safe("<b>veilig</b>")),
    ("x", "Dubbel"),
]
ATTRS = [
    None,
    {"id": "id_f"},
    {"id": "id_f", "aria-describedby": "id_f_helptext", "required": True, "disabled": False},
    {"data-x": "a\"b<c>&'"},
]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", [None, "", 1, "1", "a'b", "x", ["x"], "nothing"])
def test_the_select_as_django_writes_it(value, attrs):
    expected = forms.Select(choices=CHOICES).render("name", value, attrs)
    assert Select(choices=CHOICES).render("name", value, attrs) == expected


def test_option_groups_and_multiple_selects_are_left_to_django():
    groups = [("g", [("1", "Een"), ("2", "Twee")]), ("3", "Drie")]
    expected = forms.Select(choices=groups).render("n", "2")
    assert "<optgroup" in expected
    assert Select(choices=groups).render("n", "2") == expected

    class Multiple(Select):
        allow_multiple_selected = True

    expected = forms.SelectMultiple(choices=CHOICES).render("n", ["x", "y"])
    assert Multiple(choices=CHOICES).render("n", ["x", "y"]) == expected


def test_a_form_field_renders_the_same_with_either_widget():
    class Stock(forms.Form):
        pick = forms.TypedChoiceField(choices=CHOICES, coerce=str, required=False)

    class Fast(forms.Form):
        pick = forms.TypedChoiceField(choices=CHOICES, coerce=str, required=False, widget=Select)

    for data in (None, {"pick": "x"}, {"pick": "bad"}):
        assert str(Fast(data)["pick"]) == str(Stock(data)["pick"])
