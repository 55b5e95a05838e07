"""Forms of monitoring, escalation and closure: they parse input only; the rules live in the
services (``services.monitoring``, ``services.escalation``, ``services.closure``)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.casework.forms import network_partners
from zvh.casework.models import Case, CloseReason
from zvh.network.models import Organisation

from .forms import DATE_FORMATS, _date, _Form
from .models import (
    AftercareCheck,
    ApproachForm,
    Escalation,
    EscalationRoute,
    GoalResult,
    Measure,
    PlanAgreement,
)
from .selectors import PersonGoals
from .services.escalation import EscalationInput
from .services.monitoring import EvaluationInput, ReviewInput, ScoreInput

__all__ = ["DATE_FORMATS", "AftercareCheckForm", "EscalationForm", "EvaluationForm"]


def goal_prefix(person_id: int, domain_id: int) -> str:
    return f"g{person_id}_{domain_id}"


class EvaluationForm(_Form):
    """An evaluation: its date, per goal a score and a note (and at closing its result), each
    open agreement reviewed (done, with a note), the next date (proposed, editable)."""

    held_on = _date(_("Date of the evaluation"), required=True)

    def __init__(
        self,
        *args: Any,
        case: Case,
        goals: list[PersonGoals],
        agreements: list[PlanAgreement],
        scale: dict[int, str],
        closing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.closing = closing
        score_choices = [("", "---------"), *((str(v), label) for v, label in scale.items())]
        self.goal_sections: list[tuple[str, list[tuple[Any, tuple[str, ...]]]]] = []
        self._goals: list[tuple[int, int, str]] = []
        for group in goals:
            domains = []
            for entry in group.entries:
                prefix = goal_prefix(entry.person_id, entry.life_domain_id)
                self.fields[f"{prefix}_score"] = forms.TypedChoiceField(
                    label=_("Score now"),
                    choices=score_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                names = [f"{prefix}_score"]
                if closing:
                    self.fields[f"{prefix}_result"] = forms.ChoiceField(
                        label=_("Result of the goal"),
                        choices=[("", "---------"), *GoalResult.choices],
                        required=False,
                    )
                    names.append(f"{prefix}_result")
                self.fields[f"{prefix}_note"] = forms.CharField(
                    label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                names.append(f"{prefix}_note")
                domains.append((entry, tuple(names)))
                self._goals.append((entry.person_id, entry.life_domain_id, prefix))
            self.goal_sections.append((group.person.full_name, domains))
        self.agreement_sections: list[tuple[PlanAgreement, tuple[str, str]]] = []
        for link in agreements:
            done, note = f"a{link.agreement_id}_done", f"a{link.agreement_id}_note"
            self.fields[done] = forms.BooleanField(label=_("Done"), required=False)
            self.fields[note] = forms.CharField(
                label=_("Note on the agreement"), required=False, max_length=2000
            )
            self.agreement_sections.append((link, (done, note)))
        self.fields["note"] = forms.CharField(
            label=_("Note on the evaluation"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        if closing:
            self.fields["close_reason"] = forms.ModelChoiceField(
                label=_("Reason for closing"),
                queryset=CloseReason.objects.filter(
                    veiligheidshuis_id=case.veiligheidshuis_id, active=True
                ),
                required=False,
            )
        else:
            self.fields["next_evaluation_on"] = _date(_("Next evaluation"))

    def bound_goals(self) -> list[tuple[str, list[tuple[Any, list[Any]]]]]:
        return [
            (name, [(entry, [self[n] for n in names]) for entry, names in domains])
            for name, domains in self.goal_sections
        ]

    def bound_agreements(self) -> list[tuple[PlanAgreement, list[Any]]]:
        return [(link, [self[n] for n in names]) for link, names in self.agreement_sections]

    def evaluation_input(self) -> EvaluationInput:
        data = self.cleaned_data
        return EvaluationInput(
            held_on=data.get("held_on"),
            note=data.get("note") or "",
            next_evaluation_on=data.get("next_evaluation_on"),
            scores=[
                ScoreInput(
                    person_id=person_id,
                    life_domain_id=domain_id,
                    score=data.get(f"{prefix}_score"),
                    note=data.get(f"{prefix}_note") or "",
                    result=data.get(f"{prefix}_result") or "",
                )
                for person_id, domain_id, prefix in self._goals
            ],
            reviews=[
                ReviewInput(
                    agreement_id=link.agreement_id,
                    done=bool(data.get(done)),
                    note=data.get(note) or "",
                )
                for link, (done, note) in self.agreement_sections
            ],
        )

    def close_reason_id(self) -> int | None:
        reason = self.cleaned_data.get("close_reason")
        return reason.pk if reason else None

    def error_name(self, key: str) -> str | None:
        """A service's key (``scores.3_4.score``, ``agreements.7.note``) as a field name."""
        parts = key.split(".")
        if parts[0] == "scores" and len(parts) == 3:
            name = f"g{parts[1]}_{parts[2]}"
        elif parts[0] == "agreements" and len(parts) == 3:
            name = f"a{parts[1]}_{parts[2]}"
        else:
            name = key
        return name if name in self.fields else None


class _RouteField(forms.ModelChoiceField):
    """The house's routes, each labelled with its kind ("Escalatie: Naar de Levensloopaanpak")."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.name}"


class EscalationForm(_Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    kind = forms.ChoiceField(
        label=_("Escalate or hand back"), choices=Escalation.Kind.choices, widget=forms.RadioSelect
    )
    route = _RouteField(
        label=_("Route"),
        queryset=EscalationRoute.objects.none(),
        help_text=_("The routes of this Veiligheidshuis (its configuration)."),
    )
    to_organisation = forms.ModelChoiceField(
        label=_("Receiving organisation"), queryset=Organisation.objects.none(), required=False
    )
    to_name = forms.CharField(
        label=_("Or the receiving party (e.g. the Levensloopaanpak)"),
        required=False,
        max_length=200,
    )
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}))
    form = forms.ChoiceField(
        label=_("New form of the approach (empty: unchanged)"),
        choices=[("", "---------"), *ApproachForm.choices],
        required=False,
    )
    measure = forms.ModelChoiceField(
        label=_("Measure and legal framework (drang or dwang)"),
        queryset=Measure.objects.none(),
        required=False,
    )
    measure_ends_on = _date(_("End date of the measure (required for dwang)"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = network_partners(case.veiligheidshuis) | Organisation.objects.filter(
            veiligheidshuis_id=case.veiligheidshuis_id
        )
        field = cast(forms.ModelChoiceField, self.fields["to_organisation"])
        field.queryset = organisations.distinct().order_by("name")
        route = cast(forms.ModelChoiceField, self.fields["route"])
        route.queryset = EscalationRoute.objects.filter(
            veiligheidshuis_id=case.veiligheidshuis_id, active=True
        ).order_by("-kind", "position", "name")
        measure = cast(forms.ModelChoiceField, self.fields["measure"])
        measure.queryset = Measure.objects.filter(
            veiligheidshuis_id=case.veiligheidshuis_id, active=True
        )

    def escalation_input(self) -> EscalationInput:
        data = self.cleaned_data
        organisation = data.get("to_organisation")
        measure = data.get("measure")
        return EscalationInput(
            kind=data["kind"],
            motivation=data["motivation"],
            to_organisation_id=organisation.pk if organisation else None,
            to_name=data.get("to_name") or "",
            form=data.get("form") or "",
            measure_id=measure.pk if measure else None,
            measure_ends_on=data.get("measure_ends_on"),
            route_id=data["route"].pk,
        )


class AftercareCheckForm(_Form):
    how_things_are = forms.CharField(
        label=_("How things are"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(
        label=_("What happens with the case"),
        choices=AftercareCheck.Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(label=_("Reason for reopening"), required=False, max_length=300)
