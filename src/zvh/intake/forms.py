"""The screener's forms on a quarantined mail."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.network.models import Organisation

from .enums import MailStatus


class AcceptForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation that registers"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose the organisation"),
        error_messages={
            "required": _("Choose the partner organisation on whose behalf this is registered."),
            "invalid_choice": _("Choose a partner organisation of this network."),
        },
    )

    def __init__(self, *args, partners: QuerySet[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partners


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: spam, not a registration, sent to the wrong address."),
        error_messages={"required": _("Give the reason for rejecting this e-mail.")},
    )


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All e-mails")), *MailStatus.choices],
    )
