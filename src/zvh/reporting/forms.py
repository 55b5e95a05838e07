"""Choosing the period of the figures (a GET form: the choice stays in the address)."""

from datetime import date
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .periods import Period, PeriodKind

#: How many years back the period can be chosen (retention keeps at most ten years).
YEARS_BACK = 10


def _part_of_year(label: Any, help_text: Any, invalid: Any) -> forms.TypedChoiceField:
    """The quarter or the month: a number, asked only for its kind of period."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        help_text=help_text,
        error_messages={"invalid_choice": invalid},
    )


class PeriodForm(forms.Form):
    """A year, a quarter of a year or a month of a year; by default the current year."""

    use_required_attribute = False

    period = forms.ChoiceField(
        label=_("Period"),
        choices=PeriodKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a year, a quarter or a month."),
            "invalid_choice": _("Choose a year, a quarter or a month."),
        },
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        error_messages={
            "required": _("Choose a year."),
            "invalid_choice": _("Choose one of the years in the list."),
        },
    )
    quarter = _part_of_year(
        _("Quarter"), _("Only for the period “Quarter”."), _("Choose a quarter from 1 to 4.")
    )
    month = _part_of_year(
        _("Month"), _("Only for the period “Month”."), _("Choose one of the months in the list.")
    )

    def __init__(self, data=None, *, today: date, **kwargs) -> None:
        super().__init__(data, initial={"period": PeriodKind.YEAR, "year": today.year}, **kwargs)
        self.today = today
        years = range(today.year, today.year - YEARS_BACK - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["quarter"].choices = [
            ("", gettext("(none)")),
            *((n, gettext("Quarter %(n)s") % {"n": n}) for n in range(1, 5)),
        ]
        self.fields["month"].choices = [
            ("", gettext("(none)")),
            *((n, formats.date_format(date(2000, n, 1), "F")) for n in range(1, 13)),
        ]

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("period")
        if kind == PeriodKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Choose a quarter."))
        if kind == PeriodKind.MONTH and not data.get("month"):
            self.add_error("month", _("Choose a month."))
        return data

    def chosen(self) -> Period | None:
        """The chosen period: the current year for an empty form; None when the form is
        invalid (its errors say why)."""
        if not self.is_bound:
            return Period.containing(self.today, kind=PeriodKind.YEAR)
        if not self.is_valid():
            return None
        kind = PeriodKind(self.cleaned_data["period"])
        number = {
            PeriodKind.YEAR: 1,
            PeriodKind.QUARTER: self.cleaned_data.get("quarter"),
            PeriodKind.MONTH: self.cleaned_data.get("month"),
        }[kind]
        return Period(kind=kind, year=self.cleaned_data["year"], number=number)
