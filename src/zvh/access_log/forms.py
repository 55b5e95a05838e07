"""The privacy officer's forms: filter the log; look up a person for a data subject's report.

A person is entered as a BSN, or as surname + given names + date of birth, or both; the form
turns what was entered into person keys (``keys.py``) and never stores it.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.common.form_fields import DateInput, bsn_search_field

from .selectors import LogFilter
from .values import LoggedPerson


def _search_text(label: Any, *, max_length: int) -> forms.CharField:
    """An optional text a privacy officer searches by; the browser suggests nothing."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class _PersonAndPeriodForm(forms.Form):
    person_required = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())
    bsn = bsn_search_field(_("BSN"))
    surname = _search_text(_("Surname (with prefix)"), max_length=200)
    given_names = _search_text(_("Given names or first initial"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period lies before its start."))
        name_parts = ("surname", "given_names", "date_of_birth")
        given = [name for name in name_parts if data.get(name)]
        if given and len(given) < len(name_parts):
            for name in name_parts:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "To find a person by name, fill in surname, given names and date "
                            "of birth."
                        ),
                    )
        if self.person_required and not data.get("bsn") and not given and not self.errors:
            self.add_error("bsn", _("Enter a BSN, or surname, given names and date of birth."))
        return data

    def person(self) -> LoggedPerson | None:
        data = self.cleaned_data
        person = LoggedPerson(
            bsn=data.get("bsn") or "",
            surname=data.get("surname") or "",
            given_names=data.get("given_names") or "",
            date_of_birth=data.get("date_of_birth"),
        )
        return person if person.keys else None

    def filters(self) -> LogFilter:
        person = self.person()
        organisation = self.cleaned_data.get("organisation")
        return LogFilter(
            date_from=self.cleaned_data.get("date_from"),
            date_to=self.cleaned_data.get("date_to"),
            username=self.cleaned_data.get("username", ""),
            organisation_id=organisation.pk if organisation else None,
            person_keys=person.keys if person else frozenset(),
        )


class LogFilterForm(_PersonAndPeriodForm):
    username = _search_text(_("Username"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=None, empty_label=_("All organisations")
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class SubjectReportForm(_PersonAndPeriodForm):
    person_required = True
