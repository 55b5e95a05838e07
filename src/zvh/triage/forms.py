"""The meldpunt's forms. They only parse input; the rules live in ``services`` and come back as
field errors, so a refused form is shown again with everything that was typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from zvh.common.service_errors import Names, add_to_form
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration

from .models import ApproachMode, ScreeningAnswer
from .selectors import partner_organisations, procesregisseurs
from .services import CriterionAnswer, DecisionInput, answer_key, motivation_key

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class ServiceForm(forms.Form):
    """A form whose rules are checked by a service: browsers do not pre-empt them with their own
    bubbles, and the service's field errors are attached to the fields."""

    use_required_attribute = False
    #: The service's domain names → this form's field names (the same unless listed).
    service_names: Names | None = None

    def add_service_errors(self, error: ValidationError) -> None:
        add_to_form(self, error, names=self.service_names)


class InformationRequestForm(ServiceForm):
    question = forms.CharField(
        label=_("Question for the registrant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The registrant answers in zvh. The reply term stands still until the answer."),
    )


def answer_field(criterion_id: int) -> str:
    """The form field of a criterion's yes/no."""
    return f"answer_{criterion_id}"


def motivation_field(criterion_id: int) -> str:
    """The form field of a criterion's motivation."""
    return f"motivation_{criterion_id}"


class ScreeningForm(ServiceForm):
    """One yes/no and one motivation per criterion of the registration's Veiligheidshuis. Saving
    records the criteria answered and leaves the blank ones as they were (the service's rule)."""

    def __init__(self, *args, registration: Registration, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(registration.veiligheidshuis.criteria.all())
        self.service_names = {
            key: field
            for criterion in self.criteria
            for key, field in (
                (answer_key(criterion.pk), answer_field(criterion.pk)),
                (motivation_key(criterion.pk), motivation_field(criterion.pk)),
            )
        } | {"criteria": None}
        current: dict[int, ScreeningAnswer] = {
            a.criterion_id: a for a in registration.screening_answers.all()
        }
        for criterion in self.criteria:
            answer = current.get(criterion.pk)
            self.fields[answer_field(criterion.pk)] = forms.ChoiceField(
                label=f"{criterion.position}. {criterion.text}",
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                initial=None if answer is None else ("yes" if answer.answer else "no"),
            )
            self.fields[motivation_field(criterion.pk)] = forms.CharField(
                label=_("Motivation for question %(n)s") % {"n": criterion.position},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=answer.motivation if answer else "",
            )

    @classmethod
    def as_saved(cls, *, registration: Registration, prefix: str) -> "ScreeningForm":
        """The form bound to the answers saved so far, so refusals of a decision
        (``criteria.<id>.answer``) can be shown on the criteria they concern."""
        unbound = cls(prefix=prefix, registration=registration)
        data = {
            unbound.add_prefix(name): field.initial
            for name, field in unbound.fields.items()
            if field.initial is not None
        }
        form = cls(data, prefix=prefix, registration=registration)
        form.is_valid()
        return form

    def criterion_fields(self):
        """Pairs of bound fields (answer, motivation), in the criteria's order."""
        return [
            (criterion, self[answer_field(criterion.pk)], self[motivation_field(criterion.pk)])
            for criterion in self.criteria
        ]

    def answers(self) -> dict[int, CriterionAnswer]:
        data = self.cleaned_data
        return {
            criterion.pk: CriterionAnswer(
                answer={"yes": True, "no": False}.get(data.get(answer_field(criterion.pk)) or ""),
                motivation=data.get(motivation_field(criterion.pk)) or "",
            )
            for criterion in self.criteria
        }


class _ChoicesFromQueryset(ModelChoiceIterator):
    """A model field's choices read from ``queryset`` itself, i.e. from its result cache: one
    plain query however many fields share it (Django's own iterator opens a database cursor
    for each field)."""

    def __init__(self, field: forms.ModelChoiceField, queryset: QuerySet) -> None:
        super().__init__(field)
        self.queryset = queryset

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class DecisionForm(ServiceForm):
    """A decision: only the outcomes the Veiligheidshuis offers, each with its own fields."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect, required=False)
    motivation = forms.CharField(
        label=_("Motivation (internal)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Only the meldpunt sees this."),
    )
    message_to_registrant = forms.CharField(
        label=_("Message to the registrant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The registrant sees the outcome and this message."),
    )
    receiving_organisation = forms.ModelChoiceField(
        label=_("Receiving organisation"),
        queryset=None,
        required=False,
        empty_label=_("Choose a partner"),
    )
    receiving_organisation_name = forms.CharField(
        label=_("Or another organisation"),
        required=False,
        max_length=200,
        help_text=_("When the receiving organisation is not a partner in the network."),
    )
    advice = forms.CharField(
        label=_("Advice to the registrant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    consultation_date = forms.DateField(
        label=_("Consultation date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        help_text=_("For example 17-12-2026."),
    )
    consultation_partners = forms.ModelMultipleChoiceField(
        label=_("Partners to invite"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    approach_mode = forms.ChoiceField(
        label=_("Form of the approach"),
        choices=ApproachMode.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    procesregisseur = forms.ModelChoiceField(
        label=_("Procesregisseur"),
        queryset=None,
        required=False,
        empty_label=_("Choose a procesregisseur"),
    )

    #: Which fields belong to which outcome (the template shows them grouped).
    OUTCOME_FIELDS = {
        "refer_elsewhere": ("receiving_organisation", "receiving_organisation_name"),
        "refer_back": ("advice",),
        "consultation_agenda": ("consultation_date", "consultation_partners"),
        "integrated_approach": ("approach_mode", "procesregisseur"),
    }

    def __init__(self, *args, veiligheidshuis: Veiligheidshuis, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.veiligheidshuis = veiligheidshuis
        self.fields["outcome"].choices = veiligheidshuis.outcome_choices()
        self.fields["procesregisseur"].label_from_instance = lambda u: (
            u.get_full_name() or u.username
        )
        # Both partner lists show the same partners: one query, when the form is shown.
        partners = partner_organisations(veiligheidshuis=veiligheidshuis)
        regisseurs = procesregisseurs(veiligheidshuis=veiligheidshuis)
        for name, queryset in (
            ("receiving_organisation", partners),
            ("consultation_partners", partners),
            ("procesregisseur", regisseurs),
        ):
            field = self.fields[name]
            field.queryset = queryset  # what the field accepts (checked by its own query)
            field.widget.choices = _ChoicesFromQueryset(field, queryset)

    def outcome_groups(self):
        """(outcome value, label, bound fields) for each outcome the Veiligheidshuis offers."""
        return [
            (value, label, [self[name] for name in self.OUTCOME_FIELDS[value]])
            for value, label in self.veiligheidshuis.outcome_choices()
        ]

    #: The outcome fields the registrant sees on their page once decided (``registrant_outcome``).
    REGISTRANT_SEES = frozenset(
        {"receiving_organisation", "receiving_organisation_name", "advice", "consultation_date"}
    )

    def outcome_data(self, *, for_registrant: bool = False) -> list[tuple[str, str]]:
        """(label, value as text) of the chosen outcome's own fields, for the check page; with
        ``for_registrant`` only those the registrant will see."""
        data = self.cleaned_data
        rows = []
        for name in self.OUTCOME_FIELDS.get(data.get("outcome") or "", ()):
            if for_registrant and name not in self.REGISTRANT_SEES:
                continue
            value = data.get(name)
            if name == "consultation_partners":
                text = ", ".join(str(o) for o in value or ())
            elif name == "consultation_date":
                text = date_format(value) if value else ""
            elif name == "approach_mode":
                text = str(ApproachMode(value).label) if value else ""
            elif name == "procesregisseur":
                text = (value.get_full_name() or value.username) if value else ""
            else:
                text = str(value or "")
            if text:
                rows.append((str(self.fields[name].label), text))
        return rows

    def decision(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            outcome=data.get("outcome") or "",
            motivation=data.get("motivation") or "",
            message_to_registrant=data.get("message_to_registrant") or "",
            receiving_organisation=data.get("receiving_organisation"),
            receiving_organisation_name=data.get("receiving_organisation_name") or "",
            advice=data.get("advice") or "",
            consultation_date=data.get("consultation_date"),
            consultation_partners=tuple(data.get("consultation_partners") or ()),
            approach_mode=data.get("approach_mode") or "",
            procesregisseur=data.get("procesregisseur"),
        )
