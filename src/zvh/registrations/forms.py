"""The registration forms. Every field is optional here: a draft may be incomplete, and what a
submission needs is checked once, by ``completeness``. The forms only check formats."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.common.bsn import validate_bsn
from zvh.common.form_fields import date_field, radio_choice, text_area
from zvh.network.models import LifeDomain, Municipality, TargetGroup

from .models import Channel, NotInformedReason, Registration, Relation, Urgency
from .services import draft_veiligheidshuis, intake_veiligheidshuis

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return date_field(label, required=False, input_formats=DATE_FORMATS, **kwargs)


class BsnField(forms.CharField):
    """A BSN, typed with or without spaces or dots; checked with the elfproef."""

    default_validators = [validate_bsn]

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return "".join(ch for ch in value if ch not in " .-")


class ZvhForm(forms.Form):
    """No colon after labels; our own template renders every field."""

    label_suffix = ""
    #: Fields a submission needs (marked in the form; enforced by ``completeness``).
    needed_for_submission: frozenset[str] = frozenset()


class StartForm(ZvhForm):
    """Step 1: where the main person lives decides the Veiligheidshuis and its lists."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality where the person lives"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Choose a municipality"),
        error_messages={"required": _("Choose the municipality where the person lives.")},
        help_text=_(
            "The Veiligheidshuis that serves this municipality receives the registration. For a "
            "family, choose the municipality of the person you register first."
        ),
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_municipality(self) -> Municipality:
        municipality = self.cleaned_data["municipality"]
        intake_veiligheidshuis(municipality=municipality, channel=Channel.WEB_FORM)
        return municipality


class PersonForm(ZvhForm):
    """One person. The first form is the registered (main) person, who has no relation field and
    whose municipality must be served through the draft's channel (``draft_veiligheidshuis``;
    the web form when there is no draft)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    relation = forms.ChoiceField(
        label=_("Relation to the registered person"),
        choices=[("", _("Choose…"))] + [c for c in Relation.choices if c[0] != Relation.MAIN],
        required=False,
    )
    given_names = forms.CharField(label=_("Given names"), max_length=200, required=False)
    surname_prefix = forms.CharField(
        label=_("Prefix"),
        max_length=30,
        required=False,
        help_text=_("For example: van, de, van der."),
    )
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    date_of_birth = _date_field(_("Date of birth"))
    bsn = BsnField(
        label=_("BSN (optional)"),
        required=False,
        help_text=_("Nine digits. Leave empty when unknown."),
    )
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=7, required=False)
    city = forms.CharField(label=_("Place"), max_length=120, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Unknown or elsewhere"),
    )

    def __init__(
        self,
        *args: Any,
        is_main: bool = False,
        registration: Registration | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.is_main = is_main
        self.registration = registration
        if is_main:
            del self.fields["relation"]
            self.fields["municipality"].empty_label = _("Choose a municipality")
            self.needed_for_submission = frozenset(
                {"given_names", "surname", "date_of_birth", "municipality"}
            )
        else:
            self.needed_for_submission = frozenset({"relation", "given_names", "surname"})

    def clean_postal_code(self) -> str:
        return " ".join(self.cleaned_data["postal_code"].upper().split())

    def clean_municipality(self) -> Municipality | None:
        municipality = self.cleaned_data["municipality"]
        if self.is_main and municipality is not None:
            if self.registration is not None:
                draft_veiligheidshuis(registration=self.registration, municipality=municipality)
            else:
                intake_veiligheidshuis(municipality=municipality, channel=Channel.WEB_FORM)
        return municipality


class BasePersonFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "is_main": index == 0}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if index == 0:
            form.fields.pop(forms.formsets.DELETION_FIELD_NAME, None)
        elif forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _(
                "Remove this person when saving"
            )


PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=0, can_delete=True, max_num=30
)


class PartnerForm(ZvhForm):
    """A partner already involved, and whom to contact there."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail address"), required=False)
    involvement = forms.CharField(
        label=_("Involvement"),
        max_length=300,
        required=False,
        help_text=_("For example: debt counselling since March."),
    )
    needed_for_submission = frozenset({"organisation_name", "contact_name"})


class BasePartnerFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _(
                "Remove this partner when saving"
            )


PartnerFormSet = forms.formset_factory(
    PartnerForm, formset=BasePartnerFormSet, extra=0, can_delete=True, max_num=30
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class RegistrationForm(ZvhForm):
    """The registration itself. Target groups and life domains are those of the Veiligheidshuis
    (target groups only those offered to residents of the main person's municipality)."""

    target_group = forms.ModelChoiceField(
        label=_("Proposed target group"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reason = text_area(_("Reason for the registration"), required=False)
    situation = text_area(
        _("Description of the situation"),
        required=False,
        help_text=_("What is going on, since when, and what has been tried already."),
    )
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Life domains concerned"),
        queryset=LifeDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgency = radio_choice(_("Urgency"), Urgency.choices, required=False)
    urgency_explanation = text_area(
        _("Why is it urgent?"),
        rows=3,
        required=False,
        help_text=_("Only when urgent."),
    )
    client_informed = forms.TypedChoiceField(
        label=_("Has the client (or the family) been informed of this registration?"),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    client_informed_on = _date_field(_("If yes: informed on"))
    client_informed_how = forms.CharField(
        label=_("If yes: how"),
        max_length=200,
        required=False,
        help_text=_("For example: in a conversation at home, by phone, by letter."),
    )
    not_informed_reason = radio_choice(
        _("If no: the weighty reason"), NotInformedReason.choices, required=False
    )
    not_informed_explanation = text_area(_("If no: explanation"), rows=3, required=False)
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=_("PDF, Word (.docx), OpenDocument (.odt), JPEG, PNG or text; at most %(max)s."),
    )

    needed_for_submission = frozenset(
        {"target_group", "reason", "situation", "life_domains", "urgency", "client_informed"}
        | {"contact_name"}
    )

    def __init__(
        self,
        *args: Any,
        target_groups: QuerySet[TargetGroup],
        life_domains: QuerySet[LifeDomain],
        max_attachment_size: str,
        on_behalf: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if on_behalf:  # the meldpunt fills in the partner's contact, not its own
            self.fields["contact_name"].label = _("Contact person at the partner")
            self.fields["contact_phone"].label = _("Their phone number")
            self.fields["contact_email"].label = _("Their e-mail address")
            self.fields["contact_email"].help_text = _(
                "The acknowledgement with the reference is sent to this address."
            )
        self.fields["target_group"].queryset = target_groups
        self.fields["life_domains"].queryset = life_domains
        attachment = self.fields["attachment"]
        attachment.help_text = attachment.help_text % {"max": max_attachment_size}
        if not target_groups.exists():
            del self.fields["target_group"]

    @property
    def has_target_groups(self) -> bool:
        return "target_group" in self.fields


class InformationAnswerForm(ZvhForm):
    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter your answer.")},
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("PDF, Word (.docx), OpenDocument (.odt), JPEG, PNG or text."),
    )
