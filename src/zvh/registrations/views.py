"""The registrant's pages: start, fill in and submit a registration, and follow it.

Only registrants reach these pages (others get 403), and only their own organisation's
registrations (anything else is a 404): every read starts from ``registrations_for_registrant``.
The detail page shows the registrant only what is meant for them.

Every page that shows a registration logs the read before rendering (purpose registration; the
list as a search); the services log their writes; refusals are logged as denied (``access``).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_register
from zvh.common.client_address import client_address
from zvh.common.error_summary import error_summary
from zvh.common.service_errors import performed
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.elsewhere import NATIONAL_OVERVIEW, house_elsewhere
from zvh.network.models import Municipality

from . import services
from .access import guarded, log_page_read
from .attachments import attachment_add, attachment_remove, information_answer_with_attachment
from .completeness import completeness_errors
from .editing import DraftPage
from .forms import InformationAnswerForm, StartForm
from .models import Channel, Registration
from .selectors import (
    registrant_information_request,
    registrant_list,
    registrant_outcome,
    registrant_questions,
    registrant_waiting,
    registrations_for_registrant,
)
from .status import Status

PAGE_SIZE = 25


def registrant_only(*, event_type: EventType) -> Callable[[Callable], Callable]:
    """Log in first; then only registrants of an organisation pass (403 for everyone else).
    Refusals (403, 404) are logged as denied ``event_type`` for purpose registration."""
    return guarded(allowed=may_register, event_type=event_type, purpose=Purpose.REGISTRATION)


def _own(request: HttpRequest, public_id: uuid.UUID) -> Registration:
    """A registration of the user's own organisation, or 404."""
    return get_object_or_404(
        registrations_for_registrant(request.user).select_related(
            "veiligheidshuis", "registrant_organisation", "recorded_by"
        ),
        public_id=public_id,
    )


@require_GET
@registrant_only(event_type=EventType.SEARCH)
def registration_list(request: HttpRequest) -> HttpResponse:
    """The organisation's registrations, logged as a search concerning the registrations on the
    page and the persons it names (their main persons)."""
    search = request.GET.get("q", "").strip()[:100]
    registrations = registrant_list(request.user, search=search)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    # What needs the registrant's action (a question of the meldpunt) comes first (issue 14).
    waiting = list(registrant_waiting(request.user)[:PAGE_SIZE])
    log_page_read(
        request,
        registrations=[*page.object_list, *waiting],
        persons=[person for r in page.object_list for person in r.main_persons],
        event_type=EventType.SEARCH,
        purpose=Purpose.REGISTRATION,
    )
    query = urlencode({"q": search}) if search else ""
    context = {"page": page, "search": search, "query": query, "waiting": waiting}
    return render(request, "registrations/list.html", context)


@require_http_methods(["GET", "POST"])
@registrant_only(event_type=EventType.CREATE)
def registration_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the main person's municipality. The form carries a token, so submitting it twice
    opens the same draft."""
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            try:
                registration = services.registration_start(
                    registrant=request.user,
                    municipality=form.cleaned_data["municipality"],
                    token=form.cleaned_data["token"] or uuid.uuid4(),
                    channel=Channel.WEB_FORM,
                    client_address=client_address(request),
                )
            except ValidationError as error:
                form.add_error("municipality", error)
            else:
                return redirect(
                    "registrations:question", public_id=registration.public_id, slug="personen"
                )
        stop = _stop_page(request, form)
        if stop is not None:
            return stop
    else:
        form = StartForm(initial={"token": uuid.uuid4()})
    return render(
        request, "registrations/start.html", {"form": form, "summary": error_summary(form)}
    )


def _stop_page(request: HttpRequest, form: StartForm) -> HttpResponse | None:
    """A municipality no Veiligheidshuis in zvh serves: a page saying so, and which house to
    contact where the data file knows it (``network.elsewhere``), else the national overview of
    the houses, instead of the form (issue 14).
    """
    if not form.has_error("municipality", code="municipality_not_served"):
        return None
    chosen = str(form.data.get("municipality", ""))
    municipality = Municipality.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    if municipality is None:
        return None
    context = {
        "municipality": municipality,
        "house": house_elsewhere(cbs_code=municipality.cbs_code),
        "overview": NATIONAL_OVERVIEW,
    }
    return render(request, "registrations/elsewhere.html", context)


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftUrls:
    """Where the draft page leads: back (its "back" link), itself (after a save), the page
    shown after a submission, and (if offered) the page that deletes the draft."""

    back: str
    edit: str
    submitted: str
    discard: str = ""


def _render_draft(request: HttpRequest, page: DraftPage, urls: DraftUrls) -> HttpResponse:
    registration = page.registration
    log_page_read(
        request,
        registrations=[registration],
        persons=registration.persons.all(),
        purpose=Purpose.REGISTRATION,
    )
    context = {**draft_context(page), "back_url": urls.back, "discard_url": urls.discard}
    return render(request, "registrations/edit.html", context)


def draft_context(page: DraftPage) -> dict[str, Any]:
    """What every page of a draft shows: its forms, attachments and error summary."""
    return {
        "registration": page.registration,
        "page": page,
        "form": page.form,
        "persons": page.persons,
        "partners": page.partners,
        "attachments": page.registration.attachments.order_by("uploaded_at", "pk"),
        "summary": page.error_summary() if page.form.is_bound else [],
    }


def _draft_urls(registration: Registration) -> DraftUrls:
    return DraftUrls(
        back=reverse("registrations:list"),
        edit=reverse("registrations:edit", args=[registration.public_id]),
        submitted=reverse("registrations:acknowledgement", args=[registration.public_id]),
    )


@require_http_methods(["GET", "POST"])
@registrant_only(event_type=EventType.UPDATE)
def registration_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Step 2: the whole registration (see ``draft_page``)."""
    opened = open_draft(request, public_id)
    if isinstance(opened, HttpResponse):
        return opened
    return draft_page(request, opened, urls=_draft_urls(opened))


def open_draft(request: HttpRequest, public_id: uuid.UUID) -> Registration | HttpResponse:
    """The registrant's own draft; once submitted, its acknowledgement (after a POST: a
    back-and-resubmit, nothing happens twice) or its detail page instead."""
    registration = _own(request, public_id)
    if registration.status != Status.DRAFT:
        if request.method == "POST":
            return redirect("registrations:acknowledgement", public_id=registration.public_id)
        return redirect("registrations:detail", public_id=registration.public_id)
    return registration


def save_page(request: HttpRequest, page: DraftPage, *, deletions: bool = True) -> Registration:
    """Save what is valid on the page as the user (``services.registration_save_draft``);
    ``deletions``: also delete the persons and partners marked for deletion."""
    return services.registration_save_draft(
        registration=page.registration,
        by=request.user,
        values=page.values(),
        persons=page.person_inputs(deletions=deletions),
        partners=page.partner_inputs(deletions=deletions),
        client_address=client_address(request),
    )


def submit(request: HttpRequest, registration: Registration) -> Registration:
    """Submit the draft as the user, now (``services.registration_submit``)."""
    return services.registration_submit(
        registration=registration,
        by=request.user,
        now=timezone.now(),
        client_address=client_address(request),
    )


def draft_page(
    request: HttpRequest, registration: Registration, *, urls: DraftUrls
) -> HttpResponse:
    """The draft form, for the registrant's own drafts and for the drafts the meldpunt records
    on a partner's behalf alike (who may save and submit is ``services.ensure_editable``).

    Every button saves what is valid so far first; "submit" then checks completeness, the add
    buttons show one more empty person or partner form. The caller has checked that the
    registration is a draft the user may open.
    """
    if request.method == "GET":
        return _render_draft(request, DraftPage.unbound(registration), urls)

    action = request.POST.get("action", "save")
    page = DraftPage.bound(registration, request.POST, request.FILES)
    valid = page.is_valid()
    try:
        registration = save_page(request, page)
    except ValidationError as error:
        page.add_errors(error)
        return _render_draft(request, page, urls)
    page = page.rebound(
        registration,
        extra_persons=int(action == "add_person"),
        extra_partners=int(action == "add_partner"),
    )
    valid = _handle_attachments(request, page, registration) and valid
    if not valid:
        if action == "submit":  # show what submission still needs as well, all at once
            today = timezone.localdate(timezone.now(), LOCAL_TZ)
            page.add_errors(ValidationError(completeness_errors(registration, today=today)))
        return _render_draft(request, page, urls)
    if action == "submit":
        try:
            submit(request, registration)
        except ValidationError as error:
            page.add_errors(error)
            return _render_draft(request, page, urls)
        return redirect(urls.submitted)
    if action in {"add_person", "add_partner"}:
        return _render_draft(request, page, urls)
    messages.success(request, _("The draft has been saved."))
    return redirect(urls.edit)


def _handle_attachments(request: HttpRequest, page: DraftPage, registration: Registration) -> bool:
    """Add the chosen file and remove the attachment whose button was pressed; False (with the
    error on the attachment field) when the file is refused."""
    remove = request.POST.get("remove_attachment", "")
    if remove.isdigit():
        attachment = registration.attachments.filter(pk=int(remove)).first()
        if attachment is not None:
            attachment_remove(
                attachment=attachment, by=request.user, client_address=client_address(request)
            )
            messages.success(request, _("The attachment has been removed."))
    upload = request.FILES.get("attachment")
    if upload is None:
        return True
    try:
        attachment_add(
            registration=registration,
            by=request.user,
            upload=upload,
            client_address=client_address(request),
        )
    except ValidationError as error:
        page.form.add_error("attachment", error)
        return False
    messages.success(request, _("The attachment has been added."))
    return True


@require_GET
@registrant_only(event_type=EventType.VIEW)
def registration_acknowledgement(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """After submission: the reference and the date by which the registrant hears back."""
    registration = _own(request, public_id)
    if registration.status == Status.DRAFT:
        return redirect("registrations:check", public_id=registration.public_id)
    log_page_read(
        request,
        registrations=[registration],
        persons=registration.persons.all(),
        purpose=Purpose.REGISTRATION,
    )
    return render(request, "registrations/acknowledgement.html", {"registration": registration})


@require_GET
@registrant_only(event_type=EventType.VIEW)
def registration_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """What the registrant may see: their own input, the status, open requests for information
    and, once decided, the outcome with the part meant for them."""
    registration = _own(request, public_id)
    if registration.status == Status.DRAFT:
        return redirect("registrations:check", public_id=registration.public_id)
    return _render_detail(request, registration)


def registration_read_context(request: HttpRequest, registration: Registration) -> dict[str, Any]:
    """The registrant's input as the detail and check pages show it: the registration, its
    persons, partners, life domains and attachments. Logs the read (call before render)."""
    persons = list(registration.persons.select_related("municipality").order_by("position"))
    log_page_read(
        request, registrations=[registration], persons=persons, purpose=Purpose.REGISTRATION
    )
    return {
        "registration": registration,
        "persons": persons,
        "partners": registration.involved_partners.order_by("pk"),
        "life_domains": registration.life_domains.order_by("position"),
        "attachments": registration.attachments.order_by("uploaded_at", "pk"),
    }


def _render_detail(
    request: HttpRequest,
    registration: Registration,
    answer_forms: dict[int, InformationAnswerForm] | None = None,
) -> HttpResponse:
    questions = registrant_questions(registration)
    answer_forms = answer_forms or {}
    context = {
        **registration_read_context(request, registration),
        "questions": [
            (q, answer_forms.get(q.id) or InformationAnswerForm(prefix=f"q{q.id}"))
            for q in questions
        ],
        "outcome": registrant_outcome(registration),
    }
    return render(request, "registrations/detail.html", context)


@require_POST
@registrant_only(event_type=EventType.UPDATE)
def information_answer(request: HttpRequest, public_id: uuid.UUID, request_id: int) -> HttpResponse:
    """Answer one of the meldpunt's requests for information."""
    registration = _own(request, public_id)
    information_request = registrant_information_request(
        registration=registration, request_id=request_id
    )
    form = InformationAnswerForm(request.POST, request.FILES, prefix=f"q{request_id}")
    answered = performed(
        form,
        lambda data: information_answer_with_attachment(
            information_request=information_request,
            by=request.user,
            answer=data["answer"],
            upload=data.get("attachment"),
            now=timezone.now(),
            client_address=client_address(request),
        ),
    )
    if answered is not None:
        messages.success(request, _("Thank you. Your answer has been sent to the meldpunt."))
        return redirect("registrations:detail", public_id=registration.public_id)
    registration.refresh_from_db()
    return _render_detail(request, registration, {request_id: form})
