"""The meldpunt queue's forms: the filters, sort and search (submitted with GET), and naming a
saved filter. They only parse input; the rules live in the selectors and services."""

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from zvh.registrations.models import Urgency
from zvh.registrations.status import Status

from .selectors import (
    DEFAULT_SORT,
    SORTS,
    SUBMITTED_STATUSES,
    Assigned,
    FilterChoices,
    QueueFilters,
)

ASSIGNED_CHOICES = (
    ("", _("Everyone")),
    (Assigned.ME, _("Assigned to me")),
    (Assigned.NOBODY, _("Unassigned")),
)


class QueueFilterForm(forms.Form):
    """The queue's filters, submitted with GET. ``sort`` travels along hidden (the column
    headers set it), so filtering keeps the chosen order."""

    use_required_attribute = False

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Reference or (part of) a person's name"),
    )
    everything = forms.BooleanField(
        label=_("Also decided and closed"),
        required=False,
        help_text=_("Search and list every status, not only the open registrations"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("All")), *Urgency.choices],
    )
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES)
    target_group = forms.TypedChoiceField(
        label=_("Target group"), required=False, coerce=int, empty_value=None
    )
    municipality = forms.TypedChoiceField(
        label=_("Municipality of the main person"), required=False, coerce=int, empty_value=None
    )
    organisation = forms.TypedChoiceField(
        label=_("Registrant organisation"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(
        required=False, choices=[(name, name) for name in SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, choices: FilterChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[Any, Any]] = [("", _("All"))]
        for name, offered in (
            ("status", choices.statuses),
            ("target_group", choices.target_groups),
            ("municipality", choices.municipalities),
            ("organisation", choices.organisations),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = everything + list(offered)
        if not choices.target_groups:
            del self.fields["target_group"]

    def filters(self, *, page: str | None) -> QueueFilters:
        """The valid filters; an invalid one is left out (and reported on the form)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or None
        try:
            page_number = max(int(page or 1), 1)
        except ValueError:
            page_number = 1
        return QueueFilters(
            status=Status(status) if status in {s.value for s in SUBMITTED_STATUSES} else None,
            target_group_id=data.get("target_group"),
            municipality_id=data.get("municipality"),
            organisation_id=data.get("organisation"),
            urgency=Urgency(data["urgency"]) if data.get("urgency") else None,
            assigned=data.get("assigned") or "",
            everything=bool(data.get("everything")),
            search=data.get("q") or "",
            sort=data.get("sort") or DEFAULT_SORT,
            page=page_number,
        )

    def query(self) -> str:
        """The valid, non-empty filters as a query string (what a saved filter stores), in the
        fields' order; the default order is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = data.get(name)
            if value in (None, "", False) or (name == "sort" and value == DEFAULT_SORT):
                continue
            query[name] = "1" if value is True else str(value)
        return query.urlencode()


class SavedFilterForm(forms.Form):
    """The name of the current filter and order to save (the filter comes from the page's
    query string, checked again by ``QueueFilterForm``)."""

    use_required_attribute = False

    name = forms.CharField(label=_("Name of this filter"), max_length=60, required=False)
    query = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
