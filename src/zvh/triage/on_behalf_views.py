"""The meldpunt registers on a partner's behalf: a phone call (step 1 here), then the same
registration form the registrants use, to complete and submit; e-mails the intake listener
drafted are completed on the same form, or deleted when the meldpunt will not complete them.

Only screeners reach these pages (others get 403), and only their own Veiligheidshuis's drafts
(anything else is a 404): reads start from ``meldpunt_drafts``. The services log their writes
(C on the start, U on every save, C on the submission, D on a deletion); the form page and the
deletion's confirmation page log their reads; refusals are logged as denied.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zvh.access_log.enums import EventType, Purpose
from zvh.common.client_address import client_address
from zvh.common.reauthentication import reauthentication_required
from zvh.common.service_errors import performed
from zvh.registrations.access import log_page_read
from zvh.registrations.discarding import meldpunt_draft_discard
from zvh.registrations.models import Channel, Registration
from zvh.registrations.selectors import meldpunt_drafts, registrations_for_meldpunt
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start_on_behalf,
)
from zvh.registrations.views import DraftUrls, draft_page

from .on_behalf_forms import DiscardForm, PhoneCallForm
from .views import error_summary, meldpunt_only


def _start(request: HttpRequest, form: PhoneCallForm) -> Registration:
    """Record the call and, for a new draft, the caller's details and the person's
    municipality, in one transaction (a refusal leaves nothing behind)."""
    data = form.cleaned_data
    token = data["token"] or uuid.uuid4()
    fresh = not Registration.objects.filter(submission_token=token).exists()
    with transaction.atomic():
        registration = registration_start_on_behalf(
            recorded_by=request.user,
            veiligheidshuis=request.user.veiligheidshuis,
            organisation=data["organisation"],
            registrant=data["registrant"],
            channel=Channel.PHONE,
            received_at=data["received_at"],
            client_address=client_address(request),
            token=token,
        )
        if fresh:  # a double click finds the draft as the first click left it
            main = registration.persons.get()
            registration = registration_save_draft(
                registration=registration,
                by=request.user,
                values=form.contact_values(),
                persons=[PersonInput(id=main.pk, values={"municipality": data["municipality"]})],
                client_address=client_address(request),
            )
    return registration


@require_http_methods(["GET", "POST"])
@meldpunt_only(event_type=EventType.CREATE)
def phone_start(request: HttpRequest) -> HttpResponse:
    """Step 1 of a phone registration: the partner, the caller, the time of the call and where
    the person lives. Then the registration form (``draft_edit``)."""
    vh = request.user.veiligheidshuis
    if request.method == "POST":
        form = PhoneCallForm(request.POST, veiligheidshuis=vh)
        registration = performed(form, lambda data: _start(request, form))
        if registration is not None:
            return redirect("triage:draft", public_id=registration.public_id)
    else:
        form = PhoneCallForm(
            veiligheidshuis=vh,
            initial={"token": uuid.uuid4(), "received_at": PhoneCallForm.initial_now()},
        )
    return render(
        request,
        "triage/phone_start.html",
        {"form": form, "summary": error_summary(form)},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@meldpunt_only(event_type=EventType.UPDATE)
def draft_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A phone call or e-mail to complete: the registrants' own form, saved and submitted by
    the screener. Once submitted it is a registration in the queue like any other."""
    registration = _draft(request, public_id)
    if registration is None:
        return redirect("triage:detail", public_id=public_id)  # submitted in the meantime
    urls = DraftUrls(
        back=reverse("triage:queue"),
        edit=reverse("triage:draft", args=[registration.public_id]),
        submitted=reverse("triage:detail", args=[registration.public_id]),
        discard=reverse("triage:discard", args=[registration.public_id]),
    )
    return draft_page(request, registration, urls=urls)


def _draft(request: HttpRequest, public_id: uuid.UUID) -> Registration | None:
    """The screener's own Veiligheidshuis's draft; None when it has been submitted (it is in
    the queue now); 404 for anything else."""
    registration = (
        meldpunt_drafts(request.user)
        .select_related("veiligheidshuis", "registrant_organisation", "recorded_by")
        .filter(public_id=public_id)
        .first()
    )
    if registration is None and not (
        registrations_for_meldpunt(request.user).filter(public_id=public_id).exists()
    ):
        raise Http404
    return registration


@require_http_methods(["GET", "POST"])
@meldpunt_only(event_type=EventType.DELETE)
def draft_discard(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Delete a phone call or e-mail the meldpunt will not complete: a confirmation page with
    the reason to choose; the deletion (``meldpunt_draft_discard``, which logs it) needs a
    recent proof of password and second factor, as every deletion does (``_discard``)."""
    registration = _draft(request, public_id)
    if registration is None:  # submitted in the meantime: no longer a draft to delete
        messages.error(
            request, _("This registration has been submitted; it can no longer be deleted.")
        )
        return redirect("triage:detail", public_id=public_id)
    if request.method == "POST":
        return _discard(request, registration)
    return _confirmation(request, registration, DiscardForm())


@reauthentication_required
def _discard(request: HttpRequest, registration: Registration) -> HttpResponse:
    form = DiscardForm(request.POST)
    if form.is_valid():
        try:
            meldpunt_draft_discard(
                draft=registration,
                by=request.user,
                reason=form.cleaned_data["reason"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            code = getattr(error, "code", None)  # someone else was first:
            if code == "submitted":
                messages.error(request, error.messages[0])
                return redirect("triage:detail", public_id=registration.public_id)
            if code == "gone":
                messages.error(request, error.messages[0])
                return redirect("triage:queue")
            form.add_service_errors(error)
        else:
            messages.success(request, _("The draft has been deleted."))
            return redirect("triage:queue")
    return _confirmation(request, registration, form)


def _confirmation(
    request: HttpRequest, registration: Registration, form: DiscardForm
) -> HttpResponse:
    """The confirmation page; it shows who the draft is about, so it logs that read first."""
    persons = list(registration.persons.order_by("position"))
    log_page_read(
        request, registrations=[registration], persons=persons, purpose=Purpose.REGISTRATION
    )
    return render(
        request,
        "triage/discard.html",
        {
            "registration": registration,
            "main_person": persons[0] if persons else None,
            "others": max(len(persons) - 1, 0),
            "attachments": registration.attachments.count(),
            "form": form,
            "summary": error_summary(form),
        },
        status=400 if form.is_bound else 200,
    )
