"""The project's form renderer (``FORM_RENDERER``, issue 15): Django's Jinja2 form templates for
the forms, the Django engine for a widget template only it has (the admin's)."""

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template


class Example(forms.Form):
    name = forms.CharField(label="Naam <1>", help_text="Voor- en achternaam")
    choice = forms.ChoiceField(choices=[("yes", "Ja"), ("no", "Nee")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A & B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(widget=forms.Textarea, required=False)


def test_the_stock_form_templates_render_with_jinja2():
    renderer = get_default_renderer()
    assert isinstance(renderer.get_template("django/forms/widgets/text.html"), Jinja2Template)
    assert isinstance(renderer.get_template("django/forms/div.html"), Jinja2Template)


def test_the_admins_widget_templates_render_with_the_django_engine():
    renderer = get_default_renderer()
    assert isinstance(renderer.get_template("admin/widgets/date.html"), DjangoTemplate)
    html = AdminDateWidget().render("day", "2026-12-03")
    assert 'class="vDateField"' in html
    assert 'name="day"' in html


def test_an_unbound_form_has_its_labels_help_and_inputs():
    html = Example(prefix="f").as_div()
    assert '<label for="id_f-name">Naam &lt;1&gt;:</label>' in html
    assert 'aria-describedby="id_f-name_helptext"' in html
    assert '<div class="helptext" id="id_f-name_helptext">Voor- en achternaam</div>' in html
    assert '<input type="radio" name="f-choice" value="yes"' in html
    assert '<label for="id_f-choice_0"><input' in html
    assert "A &amp; B" in html
    assert '<textarea name="f-note"' in html


@pytest.mark.parametrize("field", ["name", "choice"])
def test_an_invalid_field_has_its_error_list_and_aria_attributes(field):
    form = Example({"f-choice": "maybe"} if field == "choice" else {}, prefix="f")
    assert not form.is_valid()
    bound = form[field]
    errors = str(bound.errors)
    assert errors.startswith(f'<ul class="errorlist" id="id_f-{field}_error"><li>')
    widget = str(bound)
    assert 'aria-invalid="true"' in widget
    if field == "name":
        assert 'aria-describedby="id_f-name_helptext id_f-name_error"' in widget


class Choices(forms.Form):
    """Every widget our inlined templates (common/form_templates) render, with values and labels
    that need escaping, groups, a selected value and attributes that are True/False."""

    single = forms.ChoiceField(
        choices=[("", "—"), ("Groep <1>", [("a&b", 'A "&" B'), ("c", "C")]), ("d", "D")]
    )
    many = forms.MultipleChoiceField(
        choices=[("x", "X <y>"), ("z", "Z")], widget=forms.SelectMultiple(attrs={"size": 3})
    )
    radio = forms.ChoiceField(
        choices=[("yes", "Ja"), ("Meer", [("m1", "M & 1")])],
        widget=forms.RadioSelect(attrs={"class": "inline", "disabled": False}),
    )
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A & B"), ("b", "<b>")], widget=forms.CheckboxSelectMultiple
    )


@pytest.mark.parametrize(
    "data", [None, {"single": "a&b", "many": ["z"], "radio": "m1", "boxes": ["a", "b"]}, {}]
)
def test_the_inlined_choice_templates_render_what_djangos_own_render(data, settings):
    """Our select and radio/checkbox templates give byte for byte the HTML of Django's own
    Jinja2 templates (the same form rendered with and without our directory first)."""
    ours = [str(bound) for bound in Choices(data)]
    jinja = next(t for t in settings.TEMPLATES if t["NAME"] == "forms")
    settings.TEMPLATES = [
        {**jinja, "DIRS": [d for d in jinja["DIRS"] if "form_templates" not in str(d)]},
        *(t for t in settings.TEMPLATES if t is not jinja),
    ]
    from django.forms.renderers import get_default_renderer as renderer_now
    from django.template import engines

    renderer_now.cache_clear()
    assert not any("form_templates" in str(d) for d in engines["forms"].template_dirs)
    stock = [str(bound) for bound in Choices(data)]
    assert ours == stock
    assert any("<optgroup" in html for html in ours)
    assert any("&lt;b&gt;" in html for html in ours)
