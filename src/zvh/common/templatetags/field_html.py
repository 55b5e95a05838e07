"""``form|fields_html`` and ``field|field_html``: form fields as ``triage/_field.html`` renders
them, without an include per field (``zvh.common.field_html``)."""

from collections.abc import Iterable

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from zvh.common import field_html as render

register = template.Library()


@register.filter
def fields_html(fields: Iterable[BoundField]) -> SafeString:
    return render.fields_html(fields)


@register.filter
def field_html(field: BoundField) -> SafeString:
    return render.field_html(field)
