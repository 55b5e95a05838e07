"""Casework forms: they parse input only; the rules live in the services."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zvh.accounts.models import User
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.models import LifeDomain, Organisation, Veiligheidshuis

from .models import AgendaItem, Case, CloseReason, Invitation, MeetingKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _queryset(form: forms.Form, name: str, queryset: Any) -> None:
    """Narrow a choice field's queryset (the field is a ModelChoiceField)."""
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class _Form(forms.Form):
    use_required_attribute = False


def staff_users(veiligheidshuis: Veiligheidshuis) -> Any:
    return User.objects.filter(
        is_active=True, organisation__veiligheidshuis=veiligheidshuis
    ).order_by("last_name", "first_name", "username")


def network_partners(veiligheidshuis: Veiligheidshuis) -> Any:
    return Organisation.objects.filter(memberships__veiligheidshuis=veiligheidshuis).order_by(
        "name"
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class PersonMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})"


class MeetingForm(_Form):
    kind = forms.ModelChoiceField(label=_("Kind of meeting"), queryset=MeetingKind.objects.none())
    day = forms.DateField(
        label=_("Date"), widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d-%m-%Y"]
    )
    start = forms.TimeField(label=_("Start time"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("End time"), widget=TIME_INPUT)
    place = forms.CharField(label=pgettext_lazy("meeting", "Place"), required=False, max_length=200)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    chair = PersonChoice(label=_("Chair"), queryset=User.objects.none())
    minute_taker = PersonChoice(label=_("Minute-taker"), queryset=User.objects.none())

    def __init__(self, *args: Any, veiligheidshuis: Veiligheidshuis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(
            self, "kind", MeetingKind.objects.filter(veiligheidshuis=veiligheidshuis, active=True)
        )
        _queryset(self, "chair", staff_users(veiligheidshuis))
        _queryset(self, "minute_taker", staff_users(veiligheidshuis))

    def moments(self) -> tuple[datetime, datetime]:
        day = self.cleaned_data["day"]
        return (
            datetime.combine(day, self.cleaned_data["start"], tzinfo=LOCAL_TZ),
            datetime.combine(day, self.cleaned_data["end"], tzinfo=LOCAL_TZ),
        )


class MeetingEditForm(MeetingForm):
    """A planned meeting's changes; ``version`` is the meeting's as shown (a stale page is a
    conflict)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_of(cls, meeting: Any) -> dict[str, Any]:
        starts, ends = meeting.starts_at.astimezone(LOCAL_TZ), meeting.ends_at.astimezone(LOCAL_TZ)
        return {
            "kind": meeting.kind_id,
            "day": starts.date(),
            "start": starts.time(),
            "end": ends.time(),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "chair": meeting.chair_id,
            "minute_taker": meeting.minute_taker_id,
            "version": meeting.version,
        }


class ReopenForm(_Form):
    why = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        required=False,
        help_text=_("Why the case is reopened; it is kept in the case's history."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgendaItemForm(_Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())
    question = forms.CharField(
        label=_("Question for the meeting"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "case", cases)


class ShareForm(_Form):
    summary = forms.CharField(
        label=_("Case summary for the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only this summary and the chosen life domains are shown to the invitees."),
    )
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Life domains to share"),
        queryset=LifeDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    client_invited = forms.BooleanField(label=_("The client or family is invited"), required=False)

    def __init__(self, *args: Any, veiligheidshuis: Veiligheidshuis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "life_domains", veiligheidshuis.life_domains.all())


class InviteForm(_Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    users = PersonMultipleChoice(
        label=_("People to invite"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, veiligheidshuis: Veiligheidshuis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(
            self,
            "organisation",
            Organisation.objects.filter(veiligheidshuis__isnull=True).order_by("name"),
        )
        _queryset(
            self,
            "users",
            (
                User.objects.filter(
                    is_active=True, organisation__memberships__veiligheidshuis=veiligheidshuis
                )
                .select_related("organisation")
                .order_by("organisation__name", "last_name", "username")
            ),
        )


class AnswerForm(_Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Answer.ATTEND, _("I attend")),
            (Invitation.Answer.DECLINE, _("I decline")),
            (Invitation.Answer.DELEGATED, _("I send a colleague")),
        ],
        widget=forms.RadioSelect,
    )
    colleague = PersonChoice(label=_("Colleague"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(
            self,
            "colleague",
            User.objects.filter(is_active=True, organisation_id=user.organisation_id or 0).exclude(
                pk=user.pk
            ),
        )


class MinutesForm(_Form):
    situation = forms.CharField(
        label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = list(item.meeting.veiligheidshuis.life_domains.all())
        for domain in self.domains:
            self.fields[f"analysis_{domain.pk}"] = forms.CharField(
                label=_("Analysis: %(domain)s") % {"domain": domain.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def analysis(self) -> dict[str, str]:
        return {
            str(domain.pk): self.cleaned_data.get(f"analysis_{domain.pk}", "")
            for domain in self.domains
        }


class VersionForm(_Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementForm(_Form):
    action = forms.CharField(
        label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.all(), required=False
    )
    owner = PersonChoice(
        label=_("Owner"), queryset=User.objects.filter(is_active=True), required=False
    )
    due_on = forms.DateField(
        label=_("Due date"),
        widget=DATE_INPUT,
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )


class OutcomeForm(_Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AgendaItem.Outcome.choices, widget=forms.RadioSelect
    )
    close_reason = forms.ModelChoiceField(
        label=_("Reason for closing"), queryset=CloseReason.objects.none(), required=False
    )

    def __init__(self, *args: Any, veiligheidshuis: Veiligheidshuis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(
            self,
            "close_reason",
            CloseReason.objects.filter(veiligheidshuis=veiligheidshuis, active=True),
        )


class DoneForm(_Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class JoinForm(_Form):
    registration = forms.UUIDField(widget=forms.HiddenInput)


class PeriodForm(_Form):
    view = forms.ChoiceField(choices=[("month", _("Month")), ("week", _("Week"))], required=False)
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
