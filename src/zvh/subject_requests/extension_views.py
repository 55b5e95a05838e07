"""Retention extensions: the list, a request, and the privacy officer's decision.

Screeners, procesregisseurs and privacy officers of a Veiligheidshuis list and request its
extensions (everyone else 403; another house's extension is a 404, both logged); only a privacy
officer decides (``accounts.permissions.may_approve_retention_extension``). Purpose "retention".
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import (
    may_approve_retention_extension,
    may_request_retention_extension,
)
from zvh.common.client_address import client_address
from zvh.common.error_summary import error_summary
from zvh.common.service_errors import performed

from .audit import log_extensions
from .extensions import retention_extension_decide, retention_extension_request
from .forms import APPROVE, ExtensionDecisionForm, ExtensionRequestForm
from .guards import guarded
from .selectors import retention_extension_list, retention_extensions_visible_to


def extension_staff_only(*, event_type: EventType):
    return guarded(
        allowed=may_request_retention_extension, event_type=event_type, purpose=Purpose.RETENTION
    )


def _log(request: HttpRequest, extensions, event_type: EventType) -> None:
    log_extensions(
        user=request.user,
        extensions=extensions,
        event_type=event_type,
        client_address=client_address(request),
        veiligheidshuis_id=request.user.veiligheidshuis.pk,
    )


@require_GET
@never_cache
@extension_staff_only(event_type=EventType.SEARCH)
def extension_list(request: HttpRequest) -> HttpResponse:
    extensions = list(retention_extension_list(request.user))
    _log(request, extensions, EventType.SEARCH)
    return render(
        request,
        "subject_requests/extensions/list.html",
        {"extensions": extensions, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@never_cache
@extension_staff_only(event_type=EventType.CREATE)
def extension_create(request: HttpRequest) -> HttpResponse:
    form = ExtensionRequestForm(request.POST if request.method == "POST" else None)
    extension = None
    if form.is_bound:
        extension = performed(
            form,
            lambda data: retention_extension_request(
                by=request.user,
                registration_reference=data["registration"],
                reason=data["reason"],
                ends_on=data["ends_on"],
                now=timezone.now(),
                client_address=client_address(request),
            ),
        )
    if extension is not None:
        messages.success(
            request, _("The extension was requested; a privacy officer decides on it.")
        )
        return redirect("retention_extensions:detail", public_id=extension.public_id)
    return render(
        request,
        "subject_requests/extensions/form.html",
        {"form": form, "summary": error_summary(form)},
        status=400 if form.is_bound else 200,
    )


def _extension(request: HttpRequest, public_id):
    return get_object_or_404(
        retention_extensions_visible_to(request.user).select_related(
            "requested_by", "decided_by", "registration"
        ),
        public_id=public_id,
    )


def _detail(request: HttpRequest, extension, form, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "subject_requests/extensions/detail.html",
        {
            "extension": extension,
            "form": form,
            "summary": error_summary(form),
            "may_decide": may_approve_retention_extension(request.user, extension),
        },
        status=status,
    )


@require_GET
@never_cache
@extension_staff_only(event_type=EventType.VIEW)
def extension_detail(request: HttpRequest, public_id) -> HttpResponse:
    extension = _extension(request, public_id)
    _log(request, [extension], EventType.VIEW)
    return _detail(request, extension, ExtensionDecisionForm())


@require_POST
@never_cache
@extension_staff_only(event_type=EventType.UPDATE)
def extension_decide(request: HttpRequest, public_id) -> HttpResponse:
    extension = _extension(request, public_id)
    if not may_approve_retention_extension(request.user, extension):
        raise PermissionDenied
    form = ExtensionDecisionForm(request.POST)
    decided = performed(
        form,
        lambda data: retention_extension_decide(
            extension=extension,
            by=request.user,
            approve=data["decision"] == APPROVE,
            note=data["decision_note"],
            now=timezone.now(),
            client_address=client_address(request),
        ),
    )
    if decided is not None:
        messages.success(request, _("The decision on the extension was recorded."))
        return redirect("retention_extensions:detail", public_id=public_id)
    return _detail(request, extension, form, status=400)
