"""Casework pages: meetings and their agenda for the meldpunt and procesregisseurs, the agenda
item for staff and invitees (need to know), answers, minutes, agreements, outcomes, the owners'
actions and the privacy officer's sharing record.

Every page asks ``zvh.accounts.permissions`` (through the selectors and services) and logs what
it shows before rendering, with purpose "consultation"; refusals are logged as denied.
"""

import csv
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.values import LoggedObject
from zvh.accounts.models import User
from zvh.accounts.permissions import (
    invitation_of,
    is_casework_staff,
    may_draft_minutes,
    may_finalise_minutes,
    may_join_registration,
    may_read_final_minutes,
)
from zvh.common.client_address import client_address
from zvh.common.service_errors import add_to_form
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.registrations.access import guarded
from zvh.registrations.models import Registration

from . import selectors
from .access import actor, log_case_request, log_cases_search, sharing_record_read
from .forms import (
    AgendaItemForm,
    AgreementForm,
    AnswerForm,
    DoneForm,
    InviteForm,
    JoinForm,
    MinutesForm,
    OutcomeForm,
    PeriodForm,
    ShareForm,
    VersionForm,
)
from .models import AgendaItem, Minutes
from .services.cases import case_join_registration
from .services.invitations import invitation_answer, invitation_create
from .services.meetings import (
    agenda_item_add,
    agenda_item_share,
    meeting_cancel,
)
from .services.minutes import (
    AgreementInput,
    MinutesInput,
    agreement_add,
    agreement_done,
    item_outcome,
    minutes_finalise,
    minutes_save,
)


class AuthenticatedRequest(HttpRequest):
    """A request the guards let through: its user is logged in (for the type checker)."""

    user: User


def _is_staff(user: Any) -> bool:
    return selectors.staff_house_id(user) is not None


def staff_only(*, event_type: EventType) -> Any:
    return guarded(allowed=_is_staff, event_type=event_type, purpose=Purpose.CONSULTATION)


def anyone(*, event_type: EventType) -> Any:
    return guarded(allowed=lambda user: True, event_type=event_type, purpose=Purpose.CONSULTATION)


def _item_form_post(
    request: AuthenticatedRequest,
    item: AgendaItem,
    *,
    form: Form,
    form_name: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """An agenda item's form: a valid form goes to its service (``save``); a refusal shows on
    the form, on the item's page (400); success returns to the item with the message ``done``."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect("cases:item", public_id=item.public_id)
    return _item_page(request, item, status=400, **{form_name: form})


def _today() -> date:
    return timezone.localdate(timezone=LOCAL_TZ)


# --- meetings ----------------------------------------------------------------------------------


@require_GET
@staff_only(event_type=EventType.SEARCH)
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The house's meetings of one month or week (no personal data: kinds, times, counts)."""
    period = PeriodForm(request.GET or None)
    view, day = "month", _today()
    if period.is_valid():
        view = period.cleaned_data.get("view") or "month"
        day = period.cleaned_data.get("day") or day
    start, end = selectors.period_bounds(view=view, day=day)
    meetings = list(selectors.meetings_for_staff(user=request.user, start=start, end=end))
    previous = (
        start - timedelta(days=7) if view == "week" else (start - timedelta(days=1)).replace(day=1)
    )
    return render(
        request,
        "casework/meeting_list.html",
        {
            "meetings": meetings,
            "view": view,
            "start": start,
            "end": end - timedelta(days=1),
            "previous": previous,
            "following": end,
        },
    )


def _meeting_page(
    request: AuthenticatedRequest, meeting: Any, *, item_form: Any = None, status: int = 200
) -> HttpResponse:
    cases = selectors.open_cases(request.user)
    item_form = item_form or AgendaItemForm(cases=cases)
    items = list(meeting.items.all())
    for item in items:
        log_case_request(request, item.case)
    return render(
        request,
        "casework/meeting_detail.html",
        {"meeting": meeting, "items": items, "item_form": item_form},
        status=status,
    )


@require_GET
@staff_only(event_type=EventType.VIEW)
def meeting_detail(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    meeting = selectors.meeting_for_staff(user=request.user, public_id=public_id)
    return _meeting_page(request, meeting)


@require_POST
@staff_only(event_type=EventType.UPDATE)
def meeting_cancel_view(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    meeting = selectors.meeting_for_staff(user=request.user, public_id=public_id)
    try:
        meeting_cancel(meeting=meeting, by=request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting was cancelled; the invitees were told."))
    return redirect("cases:meeting", public_id=meeting.public_id)


@require_POST
@staff_only(event_type=EventType.UPDATE)
def item_add(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    meeting = selectors.meeting_for_staff(user=request.user, public_id=public_id)
    form = AgendaItemForm(request.POST, cases=selectors.cases_for_staff(request.user))
    if form.is_valid():
        try:
            item = agenda_item_add(
                meeting=meeting,
                case=form.cleaned_data["case"],
                question=form.cleaned_data["question"],
                **actor(request),
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The case was put on the agenda."))
            return redirect("cases:item", public_id=item.public_id)
    return _meeting_page(request, meeting, item_form=form, status=400)


# --- the agenda item ---------------------------------------------------------------------------


class WindowClosed(PermissionDenied):
    """An invitee's access to an item has ended (the window after the meeting has passed)."""


def _item(request: AuthenticatedRequest, public_id: Any) -> AgendaItem:
    now = timezone.now()
    try:
        return selectors.agenda_item_for(user=request.user, public_id=public_id, now=now)
    except Http404:
        item = AgendaItem.objects.filter(public_id=public_id).select_related("meeting").first()
        if item is not None and invitation_of(request.user, item) is not None:
            raise WindowClosed(
                _(
                    "Your access to this agenda item has ended: invitees can open it until a "
                    "few days after the meeting."
                )
            ) from None
        raise


def _item_page(
    request: AuthenticatedRequest, item: AgendaItem, *, status: int = 200, **forms: Any
) -> HttpResponse:
    now = timezone.now()
    user = request.user
    staff = is_casework_staff(user, item.meeting.veiligheidshuis_id)
    minutes = Minutes.objects.filter(item=item).first()
    item.minutes = minutes  # for the predicates (None: no minutes yet)
    agenda_item = LoggedObject(
        kind="agenda_item", id=str(item.public_id), reference=item.case.reference
    )
    log_case_request(request, item.case, extra=[agenda_item])
    house = item.meeting.veiligheidshuis
    context: dict[str, Any] = {
        "item": item,
        "meeting": item.meeting,
        "staff": staff,
        "invitation": invitation_of(user, item),
        "shared_domains": list(item.shared_life_domains.all()),
        "minutes": minutes,
        "show_minutes": minutes is not None
        and (staff or may_read_final_minutes(user, item, now=now))
        and (staff or minutes.final),
        "agreements": list(item.agreements.all())
        if staff or (minutes and minutes.final and may_read_final_minutes(user, item, now=now))
        else [],
    }
    if minutes is not None:
        context["analysis"] = [
            (domain.name, minutes.analysis.get(str(domain.pk), ""))
            for domain in house.life_domains.all()
            if minutes.analysis.get(str(domain.pk))
        ]
    if staff:
        context["invitations"] = list(item.invitations.all())
        context["share_form"] = forms.get("share_form") or ShareForm(
            veiligheidshuis=house,
            initial={
                "summary": item.summary,
                "life_domains": [d.pk for d in context["shared_domains"]],
                "client_invited": item.client_invited,
            },
        )
        context["invite_form"] = forms.get("invite_form") or InviteForm(veiligheidshuis=house)
        context["outcome_form"] = forms.get("outcome_form") or OutcomeForm(veiligheidshuis=house)
    if context["invitation"] is not None:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(user=user)
    if may_draft_minutes(user, item) and (minutes is None or not minutes.final):
        initial: dict[str, Any] = {"version": minutes.version if minutes else 0}
        if minutes is not None:
            initial.update(situation=minutes.situation, conclusions=minutes.conclusions)
            initial.update({f"analysis_{k}": v for k, v in minutes.analysis.items()})
        context["minutes_form"] = forms.get("minutes_form") or MinutesForm(
            item=item, initial=initial
        )
        context["agreement_form"] = forms.get("agreement_form") or AgreementForm()
    if may_finalise_minutes(user, item) and minutes is not None and not minutes.final:
        context["finalise_form"] = VersionForm(initial={"version": minutes.version})
    context["finalise_error"] = forms.get("finalise_error")
    return render(request, "casework/item_detail.html", context, status=status)


@require_GET
@anyone(event_type=EventType.VIEW)
def item_detail(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    try:
        item = _item(request, public_id)
    except WindowClosed as closed:
        item = AgendaItem.objects.select_related("case").get(public_id=public_id)
        log_case_request(request, item.case, outcome=Outcome.DENIED)
        return render(request, "casework/closed.html", {"message": str(closed)}, status=403)
    return _item_page(request, item)


@require_POST
@staff_only(event_type=EventType.UPDATE)
def item_share(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    return _item_form_post(
        request,
        item,
        form=ShareForm(request.POST, veiligheidshuis=item.meeting.veiligheidshuis),
        form_name="share_form",
        save=lambda data: agenda_item_share(
            item=item,
            summary=data["summary"],
            life_domain_ids=[d.pk for d in data["life_domains"]],
            client_invited=data["client_invited"],
            **actor(request),
        ),
        done=_("What the invitees see was saved."),
    )


@require_POST
@staff_only(event_type=EventType.UPDATE)
def item_invite(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    return _item_form_post(
        request,
        item,
        form=InviteForm(request.POST, veiligheidshuis=item.meeting.veiligheidshuis),
        form_name="invite_form",
        save=lambda data: invitation_create(
            item=item,
            organisation=data["organisation"],
            users=data["users"],
            **actor(request),
        ),
        done=_("The invitations were sent."),
    )


@require_POST
@anyone(event_type=EventType.UPDATE)
def item_answer(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    invitation = invitation_of(request.user, item)
    if invitation is None:
        raise Http404
    form = AnswerForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            invitation_answer(
                invitation=invitation,
                answer=form.cleaned_data["answer"],
                colleague=form.cleaned_data["colleague"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your answer was saved."))
            if form.cleaned_data["answer"] == "delegated":
                return redirect("home")
            return redirect("cases:item", public_id=item.public_id)
    return _item_page(request, item, answer_form=form, status=400)


@require_POST
@anyone(event_type=EventType.UPDATE)
def item_minutes(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    if not may_draft_minutes(request.user, item):
        raise PermissionDenied
    form = MinutesForm(request.POST, item=item)
    return _item_form_post(
        request,
        item,
        form=form,
        form_name="minutes_form",
        save=lambda data: minutes_save(
            item=item,
            data=MinutesInput(
                situation=data["situation"],
                analysis=form.analysis(),
                conclusions=data["conclusions"],
            ),
            by=request.user,
            now=timezone.now(),
            expected_version=data["version"],
            client_address=client_address(request),
        ),
        done=_("The draft minutes were saved."),
    )


@require_POST
@anyone(event_type=EventType.UPDATE)
def item_finalise(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    if not may_finalise_minutes(request.user, item):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            minutes_finalise(
                item=item,
                by=request.user,
                now=timezone.now(),
                expected_version=form.cleaned_data["version"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            return _item_page(request, item, finalise_error=" ".join(error.messages), status=409)
        messages.success(request, _("The minutes are final."))
        return redirect("cases:item", public_id=item.public_id)
    return _item_page(request, item, finalise_error=_("Reload the page and try again."), status=400)


@require_POST
@anyone(event_type=EventType.UPDATE)
def item_agreement(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    if not may_draft_minutes(request.user, item):
        raise PermissionDenied
    return _item_form_post(
        request,
        item,
        form=AgreementForm(request.POST),
        form_name="agreement_form",
        save=lambda data: agreement_add(
            item=item,
            data=AgreementInput(
                action=data["action"],
                owner_organisation_id=data["owner_organisation"].pk
                if data["owner_organisation"]
                else None,
                owner_id=data["owner"].pk if data["owner"] else None,
                due_on=data["due_on"],
            ),
            by=request.user,
            now=timezone.now(),
            today=_today(),
            client_address=client_address(request),
        ),
        done=_("The agreement was added."),
    )


@require_POST
@anyone(event_type=EventType.UPDATE)
def item_outcome_view(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    if not is_casework_staff(request.user, item.meeting.veiligheidshuis_id):
        raise PermissionDenied
    return _item_form_post(
        request,
        item,
        form=OutcomeForm(request.POST, veiligheidshuis=item.meeting.veiligheidshuis),
        form_name="outcome_form",
        save=lambda data: item_outcome(
            item=item,
            outcome=data["outcome"],
            close_reason_id=data["close_reason"].pk if data["close_reason"] else None,
            **actor(request),
        ),
        done=_("The outcome was recorded; the registrant was told."),
    )


# --- the owners' actions -----------------------------------------------------------------------


@require_GET
@login_required
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    """The open actions of the user's organisation (the owner's own marked)."""
    actions = list(selectors.organisation_actions(user=request.user))
    if actions:
        log_cases_search(
            user=request.user,
            cases=[action.case for action in actions],
            purpose=Purpose.CONSULTATION,
            client_address=client_address(request),
        )
    return render(request, "casework/action_list.html", {"actions": actions, "form": DoneForm()})


@require_POST
@anyone(event_type=EventType.UPDATE)
def action_done(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    agreement = selectors.action_for(user=request.user, public_id=public_id)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            agreement_done(
                agreement=agreement,
                note=form.cleaned_data["note"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            actions = list(selectors.organisation_actions(user=request.user))
            return render(
                request,
                "casework/action_list.html",
                {
                    "actions": actions,
                    "form": DoneForm(),
                    "error_for": agreement.pk,
                    "error": " ".join(error.messages),
                },
                status=400,
            )
        messages.success(request, _("The action was marked done."))
    return redirect("cases:actions")


# --- cases -------------------------------------------------------------------------------------


@require_GET
@staff_only(event_type=EventType.SEARCH)
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    """The house's cases (references and statuses only; no personal data on this page)."""
    cases = list(selectors.cases_for_staff(request.user).order_by("-opened_at", "-pk")[:200])
    return render(request, "casework/case_list.html", {"cases": cases})


@require_GET
@staff_only(event_type=EventType.VIEW)
def case_detail(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_staff(user=request.user, public_id=public_id)
    log_case_request(request, case)
    return render(request, "casework/case_detail.html", {"case": case})


@require_POST
@staff_only(event_type=EventType.UPDATE)
def case_join(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """The screener confirms joining a registration (proposed by the "already known" check)."""
    case = selectors.case_for_staff(user=request.user, public_id=public_id)
    if not may_join_registration(request.user, case):
        raise PermissionDenied
    form = JoinForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose the registration to join."), status=400)
    registration = get_object_or_404(
        Registration.objects.filter(veiligheidshuis_id=case.veiligheidshuis_id),
        public_id=form.cleaned_data["registration"],
    )
    try:
        case_join_registration(
            case=case,
            registration=registration,
            **actor(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The registration was joined to case %(ref)s.") % {"ref": case.reference}
        )
    return redirect("triage:detail", public_id=registration.public_id)


# --- the sharing record ------------------------------------------------------------------------


@require_GET
@anyone(event_type=EventType.VIEW)
def sharing_record(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case, records = sharing_record_read(
        user=request.user,
        public_id=public_id,
        event_type=EventType.VIEW,
        client_address=client_address(request),
    )
    return render(request, "casework/sharing_record.html", {"case": case, "records": records})


@require_GET
@anyone(event_type=EventType.EXPORT)
def sharing_record_export(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case, records = sharing_record_read(
        user=request.user,
        public_id=public_id,
        event_type=EventType.EXPORT,
        client_address=client_address(request),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="delingsregister-{case.reference}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "case",
            "shared_at",
            "organisation",
            "kind",
            "meeting",
            "plan_version",
            "purpose",
            "shared",
            "shared_by",
        ]
    )
    for record in records:
        meeting = ""
        if record.meeting is not None:
            starts = record.meeting.starts_at.astimezone(LOCAL_TZ)
            meeting = f"{record.meeting.kind.name} {starts:%Y-%m-%d %H:%M}"
        writer.writerow(
            [
                case.reference,
                record.shared_at.astimezone(LOCAL_TZ).isoformat(timespec="seconds"),
                record.organisation.name,
                record.kind,
                meeting,
                "" if record.plan_version is None else record.plan_version,
                record.purpose,
                record.shared,
                record.shared_by.get_username(),
            ]
        )
    return response
