"""Planning and changing a meeting (the meldpunt or a procesregisseur of the house).

Both pages parse the same form and call the meetings services: ``meeting_plan`` for a new
meeting, ``meeting_change`` for a planned one (every invitee gets an updated calendar
invitation, same UID and SEQUENCE + 1, through ``notify``). A refusal is shown on the form in
Dutch (400), with everything typed kept.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zvh.access_log.enums import EventType
from zvh.common.service_errors import add_to_form

from . import selectors
from .forms import MeetingEditForm, MeetingForm
from .models import Meeting
from .services.meetings import MeetingInput, meeting_change, meeting_plan
from .views import AuthenticatedRequest, staff_only

#: The service's names for the form's fields where they differ.
FIELD_OF = {"starts_at": "day", "ends_at": "end"}


def meeting_input(form: MeetingForm) -> MeetingInput:
    """The service's input from a valid form."""
    starts_at, ends_at = form.moments()
    return MeetingInput(
        kind_id=form.cleaned_data["kind"].pk,
        starts_at=starts_at,
        ends_at=ends_at,
        place=form.cleaned_data["place"],
        video_link=form.cleaned_data["video_link"],
        chair_id=form.cleaned_data["chair"].pk,
        minute_taker_id=form.cleaned_data["minute_taker"].pk,
    )


def _refused(form: MeetingForm, error: ValidationError) -> None:
    add_to_form(form, error, names=FIELD_OF)


def _page(request: AuthenticatedRequest, form: MeetingForm, **context: Any) -> HttpResponse:
    status = 400 if form.is_bound else 200
    return render(request, "casework/meeting_form.html", {"form": form, **context}, status=status)


@require_http_methods(["GET", "POST"])
@staff_only(event_type=EventType.CREATE)
def meeting_new(request: AuthenticatedRequest) -> HttpResponse:
    house = request.user.veiligheidshuis
    if house is None:
        raise PermissionDenied
    form = MeetingForm(request.POST or None, veiligheidshuis=house)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_plan(
                veiligheidshuis=house, data=meeting_input(form), by=request.user, now=timezone.now()
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("cases:meeting", public_id=meeting.public_id)
    return _page(request, form)


@require_http_methods(["GET", "POST"])
@staff_only(event_type=EventType.UPDATE)
def meeting_edit(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """Change a planned meeting's date and time, place or link, chair and minute-taker."""
    meeting = selectors.meeting_for_staff(user=request.user, public_id=public_id)
    if meeting.state != Meeting.State.PLANNED:
        messages.error(request, _("This meeting is cancelled."))
        return redirect("cases:meeting", public_id=meeting.public_id)
    form = MeetingEditForm(
        request.POST or None,
        initial=MeetingEditForm.initial_of(meeting),
        veiligheidshuis=meeting.veiligheidshuis,
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_change(
                meeting=meeting,
                data=meeting_input(form),
                by=request.user,
                now=timezone.now(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("The meeting was changed; the invitees got an updated invitation.")
            )
            return redirect("cases:meeting", public_id=meeting.public_id)
    return _page(request, form, meeting=meeting)
