"""Forms of the integrated approach: they parse input only; the rules live in the services."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.casework.forms import DATE_INPUT, PersonChoice, network_partners
from zvh.casework.models import Case
from zvh.network.models import LifeDomain, Organisation
from zvh.registrations.models import Person

from .models import ApproachForm, Measure
from .services.plans import AgreementInput, EntryInput, PlanInput

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class _Form(forms.Form):
    use_required_attribute = False


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE_INPUT, input_formats=DATE_FORMATS, required=required
    )


class DirectionForm(_Form):
    procesregisseur = PersonChoice(label=_("Procesregisseur"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason for the handover"),
        required=False,
        max_length=300,
        help_text=_("Required when another procesregisseur directs the case now."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["procesregisseur"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True,
            organisation__veiligheidshuis_id=case.veiligheidshuis_id,
            roles__code=RoleCode.PROCESREGISSEUR,
        ).order_by("last_name", "first_name", "username")


def entry_prefix(person: Person, domain: LifeDomain) -> str:
    return f"e{person.pk}_{domain.pk}"


class PlanForm(_Form):
    """The plan: the form of the approach, and per person and life domain the situation, a
    goal and the start score (a row counts when anything in it is filled)."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    form = forms.ChoiceField(
        label=_("Form of the approach"), choices=ApproachForm.choices, widget=forms.RadioSelect
    )
    measure = forms.ModelChoiceField(
        label=_("Measure and legal framework (drang or dwang)"),
        queryset=Measure.objects.none(),
        required=False,
    )
    measure_ends_on = _date(_("End date of the measure (required for dwang)"))
    next_evaluation_on = _date(_("Next evaluation"))
    change_note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        case: Case,
        persons: list[Person],
        life_domains: list[LifeDomain],
        scale: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(  # type: ignore[attr-defined]
            veiligheidshuis_id=case.veiligheidshuis_id, active=True
        )
        self.persons = persons
        self._entry_prefixes: list[str] = []
        self.life_domains = life_domains
        score_choices = [
            ("", "---------"),
            *((str(value), label) for value, label in scale.items()),
        ]
        self.sections: list[tuple[Person, list[tuple[LifeDomain, tuple[str, ...]]]]] = []
        for person in persons:
            domains: list[tuple[LifeDomain, tuple[str, ...]]] = []
            for domain in life_domains:
                prefix = entry_prefix(person, domain)
                self.fields[f"{prefix}_situation"] = forms.CharField(
                    label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                self.fields[f"{prefix}_goal"] = forms.CharField(
                    label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                self.fields[f"{prefix}_score"] = forms.TypedChoiceField(
                    label=_("Score at the start"),
                    choices=score_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                names = (f"{prefix}_situation", f"{prefix}_goal", f"{prefix}_score")
                domains.append((domain, names))
            self.sections.append((person, domains))

    def bound_sections(self) -> list[tuple[Person, list[tuple[LifeDomain, list[Any]]]]]:
        """The person and domain sections with their bound fields, for the template."""
        return [
            (person, [(domain, [self[name] for name in names]) for domain, names in domains])
            for person, domains in self.sections
        ]

    def entry_fields(self) -> list[str]:
        """The field prefix of each entry passed to the service, in order (for its errors)."""
        return self._entry_prefixes

    def plan_input(self) -> PlanInput:
        data = self.cleaned_data
        entries = []
        self._entry_prefixes = []
        for person in self.persons:
            for domain in self.life_domains:
                prefix = entry_prefix(person, domain)
                situation = data.get(f"{prefix}_situation") or ""
                goal = data.get(f"{prefix}_goal") or ""
                score = data.get(f"{prefix}_score")
                if not (situation.strip() or goal.strip() or score is not None):
                    continue
                self._entry_prefixes.append(prefix)
                entries.append(
                    EntryInput(
                        person_id=person.pk,
                        life_domain_id=domain.pk,
                        situation=situation,
                        goal=goal,
                        start_score=score,
                    )
                )
        measure = data.get("measure")
        return PlanInput(
            form=data["form"],
            entries=entries,
            measure_id=measure.pk if measure else None,
            measure_ends_on=data.get("measure_ends_on"),
            next_evaluation_on=data.get("next_evaluation_on"),
            change_note=data.get("change_note") or "",
        )

    def error_name(self, key: str) -> str | None:
        """A service's key (``entries.3.goal``) as this form's field name."""
        parts = key.split(".")
        if parts[0] == "entries" and len(parts) == 3:
            prefix = self._entry_prefixes[int(parts[1])]
            field = {"start_score": "score"}.get(parts[2], parts[2])
            name = f"{prefix}_{field}"
            return name if name in self.fields else None
        return key


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.organisation})"


class AgreementForm(_Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goal = forms.ChoiceField(label=_("Goal"))
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    owner = OwnerChoice(label=_("Owner"), queryset=User.objects.none())
    due_on = _date(_("Due date"), required=True)

    def __init__(self, *args: Any, case: Case, goals: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", "---------"), *goals]  # type: ignore[attr-defined]
        organisations = network_partners(case.veiligheidshuis) | Organisation.objects.filter(
            veiligheidshuis_id=case.veiligheidshuis_id
        )
        organisation = cast(forms.ModelChoiceField, self.fields["owner_organisation"])
        organisation.queryset = organisations.distinct()
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = (
            User.objects.filter(is_active=True, organisation__in=organisations)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "username")
        )

    def agreement_input(self) -> AgreementInput:
        data = self.cleaned_data
        person_id, domain_id = (int(part) for part in data["goal"].split("-"))
        return AgreementInput(
            person_id=person_id,
            life_domain_id=domain_id,
            action=data["action"],
            owner_organisation_id=data["owner_organisation"].pk,
            owner_id=data["owner"].pk,
            due_on=data["due_on"],
        )


class ShareForm(_Form):
    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none())
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Life domains shared with this partner"),
        queryset=LifeDomain.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = network_partners(case.veiligheidshuis)  # type: ignore[attr-defined]
        self.fields["life_domains"].queryset = LifeDomain.objects.filter(  # type: ignore[attr-defined]
            veiligheidshuis_id=case.veiligheidshuis_id
        )


class CompareForm(_Form):
    left = forms.TypedChoiceField(label=_("Version"), coerce=int)
    right = forms.TypedChoiceField(label=_("Compared with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(number), str(number)) for number in numbers]
        self.fields["left"].choices = choices  # type: ignore[attr-defined]
        self.fields["right"].choices = choices  # type: ignore[attr-defined]
