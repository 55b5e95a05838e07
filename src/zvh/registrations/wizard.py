"""The registrant's draft as question pages and a check page (see ``form_pages``).

Every button saves what is valid on the page first, through the one draft service, as the
one-page form does (``views.draft_page``): "continue" then goes to the next page (or back to
the check page when the page was opened from there), the add buttons show one more empty person
or partner with the focus on it, and an autosave (the page's script, on every change) answers
with the ids of the persons and partners it stored, so the next save updates them instead of
adding them again. Submitting happens on the check page only, with the rules of
``services.registration_submit``.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zvh.access_log.enums import EventType, Purpose
from zvh.deadlines.calculation import LOCAL_TZ

from . import form_pages
from .access import log_page_read
from .editing import DraftPage
from .form_pages import PAGES, QuestionPage
from .models import Registration
from .views import (
    _handle_attachments,
    draft_context,
    open_draft,
    registrant_only,
    registration_read_context,
    save_page,
    submit,
)

#: Buttons that save and stay on the page.
STAYING_ACTIONS = frozenset({"add_person", "add_partner", "upload"})


def _render_question(
    request: HttpRequest,
    page: DraftPage,
    question: QuestionPage,
    *,
    back_to_check: bool,
    focus_new: str = "",
) -> HttpResponse:
    registration = page.registration
    persons = list(registration.persons.order_by("position"))
    log_page_read(
        request, registrations=[registration], persons=persons, purpose=Purpose.REGISTRATION
    )
    if focus_new:  # the new, empty person or partner takes the focus (not the top of the page)
        formset = page.persons if focus_new == "person" else page.partners
        if formset.forms:
            first = next(iter(formset.forms[-1].visible_fields()))
            first.field.widget.attrs["autofocus"] = True
    previous = form_pages.previous_page(question)
    main = persons[0] if persons else None
    context = {
        **draft_context(page),
        "question": question,
        "number": form_pages.page_number(question),
        "total": len(PAGES),
        "main_municipality": main.municipality if main and main.municipality_id else None,
        "back_to_check": back_to_check,
        "back_url": (
            reverse("registrations:check", args=[registration.public_id])
            if back_to_check
            else (
                form_pages.page_url(registration.public_id, previous)
                if previous
                else reverse("registrations:list")
            )
        ),
        "persons_url": form_pages.page_url(registration.public_id, PAGES[0]),
    }
    return render(request, "registrations/question.html", context)


def _autosaved(registration: Registration, page: DraftPage) -> JsonResponse:
    """What the page's script needs after an autosave: when, and the ids now stored for the
    persons and partners on the page (by the names of their hidden id fields)."""
    ids: dict[str, str] = {}
    saved = page.rebound(registration, deletions=False)
    for formset in (saved.persons, saved.partners):
        data = saved.form.data
        prefix = formset.prefix
        for key in data:
            if key.startswith(f"{prefix}-") and key.endswith("-id"):
                ids[key] = data[key]
    saved_at = timezone.localtime(registration.updated_at, LOCAL_TZ)
    return JsonResponse(
        {
            "saved": True,
            "ids": ids,
            "message": _("Saved automatically at %(time)s.")
            % {"time": date_format(saved_at, "H:i")},
        }
    )


@require_http_methods(["GET", "POST"])
@registrant_only(event_type=EventType.UPDATE)
def registration_question(request: HttpRequest, public_id: uuid.UUID, slug: str) -> HttpResponse:
    """One question page of the registrant's draft."""
    question = form_pages.BY_SLUG.get(slug)
    if question is None:
        raise Http404
    opened = open_draft(request, public_id)
    if isinstance(opened, HttpResponse):
        return opened
    registration = opened
    back_to_check = bool(request.GET.get(form_pages.RETURN_TO_CHECK))
    parts = question.parts
    if request.method == "GET":
        page = DraftPage.unbound(registration, parts=parts)
        return _render_question(request, page, question, back_to_check=back_to_check)

    action = request.POST.get("action", "continue")
    autosave = action == "autosave"
    page = DraftPage.bound(registration, request.POST, request.FILES, parts=parts)
    valid = page.is_valid()
    try:
        registration = save_page(request, page, deletions=not autosave)
    except ValidationError as error:
        if autosave:
            return JsonResponse({"saved": False}, status=422)
        page.add_errors(error)
        return _render_question(request, page, question, back_to_check=back_to_check)
    if autosave:
        return _autosaved(registration, page)
    page = page.rebound(
        registration,
        extra_persons=int(action == "add_person"),
        extra_partners=int(action == "add_partner"),
    )
    if question.attachments:
        valid = _handle_attachments(request, page, registration) and valid
    if not valid:
        return _render_question(request, page, question, back_to_check=back_to_check)
    if action in STAYING_ACTIONS or request.POST.get("remove_attachment"):
        focus = {"add_person": "person", "add_partner": "partner"}.get(action, "")
        return _render_question(
            request, page, question, back_to_check=back_to_check, focus_new=focus
        )
    if action == "save":
        messages.success(request, _("The draft has been saved. You can come back to it later."))
        return redirect("registrations:list")
    following = form_pages.next_page(question)
    if back_to_check or following is None:
        return redirect("registrations:check", public_id=registration.public_id)
    return redirect(form_pages.page_url(registration.public_id, following))


@require_http_methods(["GET", "POST"])
@registrant_only(event_type=EventType.UPDATE)
def registration_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Check your answers, each with a link to change it; then submit. A refused submission
    lists what is still needed, in the order of the pages, linking to each question."""
    opened = open_draft(request, public_id)
    if isinstance(opened, HttpResponse):
        return opened
    registration = opened
    summary = []
    if request.method == "POST":
        try:
            submit(request, registration)
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
            summary = form_pages.check_summary(registration.public_id, errors)
        else:
            return redirect("registrations:acknowledgement", public_id=registration.public_id)
    public_id = registration.public_id
    context = {
        **registration_read_context(request, registration),
        "summary": summary,
        "change": {
            page.slug: form_pages.page_url(public_id, page, back_to_check=True) for page in PAGES
        },
        "one_page_url": reverse("registrations:edit", args=[public_id]),
    }
    return render(request, "registrations/check.html", context)
