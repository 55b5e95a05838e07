"""The meldpunt queue's forms: the filters, sort and search, submitted with GET."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.registrations.status import OPEN_STATUSES, Status

from .selectors import QueueFilters


class QueueFilterForm(forms.Form):
    """The queue's filters, submitted with GET."""

    use_required_attribute = False

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Reference or (part of) a person's name"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    target_group = forms.TypedChoiceField(
        label=_("Target group"), required=False, coerce=int, empty_value=None
    )
    municipality = forms.TypedChoiceField(
        label=_("Municipality of the main person"), required=False, coerce=int, empty_value=None
    )
    organisation = forms.TypedChoiceField(
        label=_("Registrant organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(choices.statuses)
        self.fields["target_group"].choices = everything + list(choices.target_groups)
        self.fields["municipality"].choices = everything + list(choices.municipalities)
        self.fields["organisation"].choices = everything + list(choices.organisations)
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
            status=Status(status) if status in {s.value for s in OPEN_STATUSES} else None,
            target_group_id=data.get("target_group"),
            municipality_id=data.get("municipality"),
            organisation_id=data.get("organisation"),
            search=data.get("q") or "",
            page=page_number,
        )
