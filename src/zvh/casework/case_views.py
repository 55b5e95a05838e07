"""Reopening a closed case (staff of its house), with a reason kept in its history.

The page asks for the reason (required) and carries the case's version, so a case changed in
the meantime is a conflict rather than a reopening on top. The service is the case workflow's
(``services.closing.case_reopen``): the registrations are decided again and retention no longer
counts from the old closing. A refusal shows on the form in Dutch (400), the reason kept.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zvh.access_log.enums import EventType
from zvh.common.client_address import client_address
from zvh.common.service_errors import add_to_form

from . import selectors
from .forms import ReopenForm
from .models import CaseStatus
from .services.closing import case_reopen
from .views import AuthenticatedRequest, staff_only


@require_http_methods(["GET", "POST"])
@staff_only(event_type=EventType.UPDATE)
def case_reopen_view(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_staff(user=request.user, public_id=public_id)
    if case.status != CaseStatus.CLOSED:
        messages.error(request, _("Only a closed case can be reopened."))
        return redirect("cases:case", public_id=case.public_id)
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            case_reopen(
                case=case,
                by=request.user,
                why=form.cleaned_data["why"],
                now=timezone.now(),
                expected_version=form.cleaned_data["version"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The case was reopened."))
            return redirect("cases:case", public_id=case.public_id)
    return render(
        request,
        "casework/case_reopen.html",
        {"case": case, "form": form},
        status=400 if form.is_bound else 200,
    )
