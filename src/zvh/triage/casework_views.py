"""The procesregisseur's pages: the prioritised cases of their own Veiligheidshuis, and one case.

A procesregisseur directs the process of a case the meldpunt prioritised for the integrated
approach. Need to know: they see those cases only (``selectors.registrations_for_procesregisseur``),
read-only, never the meldpunt's queue or registrations with another outcome (a 404, like another
Veiligheidshuis's). Everyone else gets 403.

The one thing a procesregisseur writes here is the closing of a case without a plan of
approach (``closure.case_close``, through the case workflow): a date (today unless changed),
then a confirmation step, then the closing. A case with a plan closes in steps under
``/aanpak/``; its page here points there instead. A closed case is reopened, with a reason, on
the case's page under ``/overleg/``.

Access logging (purpose process direction): the list is logged as a search concerning the
registrations and main persons on the page, a case as a view of the registration and all its
persons, before rendering; the closing as an update by its service; refusals (403, 404) are
logged as denied (``zvh.registrations.access``).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_use_casework
from zvh.common.client_address import client_address
from zvh.common.form_fields import date_field
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.registrations.access import guarded, log_page_read

from .closure import case_close, case_of, closes_in_steps, closing_errors
from .selectors import (
    procesregisseur_cases,
    procesregisseur_registration,
    registrations_for_procesregisseur,
)
from .views import error_summary

MINE, ALL = "mine", "all"
RUNNING, CLOSED = "open", "closed"


def procesregisseur_only(*, event_type: EventType):
    return guarded(
        allowed=may_use_casework, event_type=event_type, purpose=Purpose.PROCESS_DIRECTION
    )


class CaseFilterForm(forms.Form):
    use_required_attribute = False

    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(MINE, _("The cases assigned to me")), (ALL, _("All prioritised cases"))],
        widget=forms.RadioSelect,
        required=False,
    )

    state = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Running and closed")), (RUNNING, _("Running")), (CLOSED, _("Closed"))],
        widget=forms.RadioSelect,
        required=False,
    )

    def mine_only(self) -> bool:
        """Mine unless "all" was chosen (an invalid choice counts as mine)."""
        return not (self.is_valid() and self.cleaned_data.get("show") == ALL)

    def closed(self) -> bool | None:
        """Closed cases only (True), running ones only (False), or both (None, also when
        the choice is invalid)."""
        state = self.cleaned_data.get("state") if self.is_valid() else ""
        return {RUNNING: False, CLOSED: True}.get(state)


class CloseCaseForm(forms.Form):
    """The closing date; ``confirmed`` is set by the confirmation step."""

    closed_on = date_field(
        _("Closing date"),
        help_text=_("The day the integrated approach of this case ended, for example 2026-12-03."),
        error_messages={
            "required": _("Enter the closing date."),
            "invalid": _("Enter the closing date as a date, for example 2026-12-03."),
        },
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


@require_GET
@procesregisseur_only(event_type=EventType.SEARCH)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, initial={"show": MINE, "state": ""})
    mine_only, closed = form.mine_only(), form.closed()
    page = procesregisseur_cases(
        user=request.user, mine_only=mine_only, closed=closed, page=request.GET.get("page")
    )
    query = {} if mine_only else {"show": ALL}
    if closed is not None:
        query["state"] = CLOSED if closed else RUNNING
    cases = list(page.object_list)
    log_page_read(
        request,
        registrations=cases,
        persons=[person for case in cases if (person := case.main_person) is not None],
        event_type=EventType.SEARCH,
        purpose=Purpose.PROCESS_DIRECTION,
    )
    return render(
        request,
        "triage/casework/list.html",
        {
            "form": form,
            "page": page,
            "cases": cases,
            "mine_only": mine_only,
            "closed": closed,
            "query": urlencode(query),
        },
    )


@require_GET
@procesregisseur_only(event_type=EventType.VIEW)
def case_detail(request: HttpRequest, public_id) -> HttpResponse:
    registration = procesregisseur_registration(user=request.user, public_id=public_id)
    log_page_read(
        request,
        registrations=[registration],
        persons=registration.persons.all(),
        purpose=Purpose.PROCESS_DIRECTION,
    )
    case = case_of(registration)
    return render(
        request,
        "triage/casework/detail.html",
        {
            "registration": registration,
            "decision": registration.decision,
            "case": case,
            "in_steps": closes_in_steps(case),
            "close_form": CloseCaseForm(
                initial={"closed_on": timezone.localdate(timezone=LOCAL_TZ)}
            ),
        },
    )


@require_POST
@procesregisseur_only(event_type=EventType.UPDATE)
def case_close_view(request: HttpRequest, public_id) -> HttpResponse:
    """Close a case: a valid date is first shown for confirmation; the confirmed form closes.
    A refused date is shown again with the reason (400), nothing typed lost."""
    registration = get_object_or_404(
        registrations_for_procesregisseur(request.user).select_related("decision"),
        public_id=public_id,
    )
    form = CloseCaseForm(request.POST)
    if form.is_valid():
        closed_on = form.cleaned_data["closed_on"]
        try:
            if not form.cleaned_data["confirmed"]:
                today = timezone.localdate(timezone=LOCAL_TZ)
                errors = closing_errors(
                    decision=registration.decision,
                    case=case_of(registration),
                    closed_on=closed_on,
                    today=today,
                )
                if errors:
                    raise ValidationError(errors)
                return _close_page(request, registration, form, confirm=True)
            case_close(
                registration=registration,
                by=request.user,
                closed_on=closed_on,
                client_address=client_address(request),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(None if field == "__all__" else field, problems)
        else:
            messages.success(request, gettext("The case was closed."))
            return redirect("casework:detail", public_id=registration.public_id)
    return _close_page(request, registration, form, confirm=False, status=400)


def _close_page(
    request: HttpRequest, registration, form: CloseCaseForm, *, confirm: bool, status: int = 200
) -> HttpResponse:
    case = case_of(registration)
    return render(
        request,
        "triage/casework/close.html",
        {
            "registration": registration,
            "form": form,
            "confirm": confirm,
            "case": case,
            "in_steps": closes_in_steps(case),
            "closed_on": form.cleaned_data.get("closed_on") if confirm else None,
            "summary": error_summary(form),
        },
        status=status,
    )
