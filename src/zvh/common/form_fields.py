"""Form fields the web forms share (issue 15): the date picker, the BSN box, and the kinds of
question the pages repeat (a radio question, a text area), each with its own label and messages.
"""

from collections.abc import Iterable
from typing import Any

from django import forms

from .bsn import validate_bsn

#: What a date field accepts: the date picker's ISO value, and a date typed day first.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    """The browser's date picker; the value is an ISO date."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _messages(kwargs: dict[str, Any], required_message: Any) -> dict[str, Any]:
    if required_message is not None:
        kwargs["error_messages"] = {
            "required": required_message,
            **kwargs.get("error_messages", {}),
        }
    return kwargs


def date_field(label: Any, *, required_message: Any = None, **kwargs: Any) -> forms.DateField:
    """A date, with the date picker."""
    kwargs.setdefault("input_formats", DATE_FORMATS)
    return forms.DateField(label=label, widget=DateInput(), **_messages(kwargs, required_message))


def radio_choice(
    label: Any, choices: Iterable[Any] = (), *, required_message: Any = None, **kwargs: Any
) -> forms.ChoiceField:
    """One of a few choices, as radio buttons."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        **_messages(kwargs, required_message),
    )


def text_area(
    label: Any, *, rows: int | None = None, required_message: Any = None, **kwargs: Any
) -> forms.CharField:
    """Free text over several lines (``rows`` high, else the browser's default)."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.Textarea
    return forms.CharField(label=label, widget=widget, **_messages(kwargs, required_message))


def bsn_search_field(label: Any) -> forms.CharField:
    """A BSN to search with (optional; the elfproef checks it; the browser must not fill it in)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=9,
        validators=[validate_bsn],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
