"""The meldpunt's forms for what it records on a partner's behalf: a phone call (step 1 of a
phone registration), and the confirmation that deletes a draft it will not complete.

They only parse input; who may register where, and for whom, is checked by
``registrations.services.registration_start_on_behalf`` and comes back as field errors.
"""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.models import Municipality, Veiligheidshuis
from zvh.registrations.discarding import DiscardReason

from .forms import ServiceForm
from .selectors import partner_organisations, partner_registrants

#: How a service's error keys map onto this form's fields.
SERVICE_FIELDS = {"persons.0.municipality": "municipality"}


class PartnerUserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.name})"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class PhoneCallForm(ServiceForm):
    """Who called for which partner, when, and where the person lives."""

    label_suffix = ""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=None,
        empty_label=_("Choose the organisation"),
        error_messages={"required": _("Choose the partner organisation that called.")},
    )
    registrant = PartnerUserChoice(
        label=_("The caller's account (if they have one)"),
        queryset=None,
        required=False,
        empty_label=_("No account, or unknown"),
        help_text=_(
            "With an account, the caller follows the registration in zvh and answers requests "
            "for information there."
        ),
    )
    contact_name = forms.CharField(label=_("Name of the caller"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=_("Phone number of the caller"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail address of the caller"),
        required=False,
        help_text=_("The acknowledgement with the reference is sent to this address."),
    )
    received_at = forms.DateTimeField(
        label=_("Time of the call"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        error_messages={
            "required": _("Enter the date and time of the call."),
            "invalid": _("Enter the date and time of the call, e.g. 23-11-2026 10:15."),
        },
        help_text=_("The reply term runs from this moment."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality where the person lives"),
        queryset=None,
        empty_label=_("Choose a municipality"),
        error_messages={"required": _("Choose the municipality where the person lives.")},
    )

    def __init__(self, *args: Any, veiligheidshuis: Veiligheidshuis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations(
            veiligheidshuis=veiligheidshuis
        )
        self.fields["registrant"].queryset = partner_registrants(veiligheidshuis=veiligheidshuis)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            veiligheidshuis=veiligheidshuis
        ).order_by("name")

    @staticmethod
    def initial_now() -> datetime:
        """The current minute, Dutch time, as the field shows it."""
        return timezone.localtime(timezone.now(), LOCAL_TZ).replace(second=0, microsecond=0)

    def clean_received_at(self) -> datetime:
        value = self.cleaned_data["received_at"]
        if timezone.is_naive(value):
            value = value.replace(tzinfo=LOCAL_TZ)
        return value

    def contact_values(self) -> dict[str, str]:
        """The caller's details typed in (those left empty keep what the account gave)."""
        names = ("contact_name", "contact_phone", "contact_email")
        return {name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name)}

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            error.error_dict = {
                SERVICE_FIELDS.get(name, name): errors for name, errors in error.error_dict.items()
            }
        super().add_service_errors(error)


class DiscardForm(ServiceForm):
    """Why the meldpunt deletes a phone call or e-mail it will not complete (a confirmation:
    nothing is deleted without a reason chosen)."""

    label_suffix = ""

    reason = forms.ChoiceField(
        label=_("Why is this draft deleted?"),
        choices=DiscardReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the draft is deleted.")},
    )
