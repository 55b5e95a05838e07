"""The decision, in two steps: the form on the registration's page leads to a "check your
decision" page (the outcome, its data, what the registrant will be told) with "confirm" and
"change"; only confirming calls ``registration_decide`` and tells the registrant (issue 14).

What was typed travels from the form to the check page and back as one signed value (bound to
the registration and the screener, valid for an hour): nothing is lost on "change", nothing is
stored before "confirm", and a tampered value is refused. The confirmation checks everything
again through the service, so a registration changed meanwhile is a conflict.
"""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.common.client_address import client_address
from zvh.registrations.access import log_page_read
from zvh.registrations.models import Registration

from .. import services
from ..forms import DecisionForm, ScreeningForm
from ..selectors import meldpunt_registration
from .common import meldpunt_only
from .detail_pages import refused_status, render_detail

PREFIX = "decision"
#: How long a check page may be confirmed (seconds).
CHECK_MAX_AGE = 60 * 60


def _screener(request: HttpRequest) -> User:
    """The logged-in screener (``meldpunt_only`` lets no one else in)."""
    user = request.user
    assert isinstance(user, User), "meldpunt_only lets only logged-in screeners in"
    return user


def _salt(request: HttpRequest, registration: Registration) -> str:
    return f"zvh.triage.decision-check:{registration.public_id}:{request.user.pk}"


def _form(registration: Registration, data: MultiValueDict) -> DecisionForm:
    vh = registration.veiligheidshuis
    assert vh is not None, "every registration is created with a Veiligheidshuis"
    return DecisionForm(data, prefix=PREFIX, veiligheidshuis=vh)


def _refused(
    request: HttpRequest, registration: Registration, form: DecisionForm, error: ValidationError
) -> HttpResponse:
    """The detail page with the refusal: unanswered criteria on the screening's questions (the
    screener answers them there), everything else on the decision form."""
    screening_form = None
    if hasattr(error, "error_dict"):
        criteria = {k: v for k, v in error.error_dict.items() if k.startswith("criteria.")}
        rest = {k: v for k, v in error.error_dict.items() if k not in criteria}
        if criteria:
            screening_form = ScreeningForm.as_saved(registration=registration, prefix="screening")
            screening_form.add_service_errors(ValidationError(criteria))
        if rest:
            form.add_service_errors(ValidationError(rest))
    else:
        form.add_service_errors(error)
    return render_detail(
        request,
        registration,
        screening_form=screening_form,
        decision_form=form,
        status=refused_status(error),
    )


def _through(
    request: HttpRequest,
    registration: Registration,
    form: DecisionForm,
    service: Callable[..., object],
) -> HttpResponse | None:
    """The valid form's decision through ``service`` (the check, or the decision itself): None
    when it passes, else the page with the refusal."""
    try:
        service(
            registration=registration,
            by=_screener(request),
            decision=form.decision(),
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        return _refused(request, registration, form, error)
    return None


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def decide(request: HttpRequest, public_id) -> HttpResponse:
    """Step 1: the decision form, checked by the service's rules; a decision that can be made
    is shown on the check page (nothing is written yet)."""
    registration = meldpunt_registration(user=_screener(request), public_id=public_id)
    form = _form(registration, request.POST)
    if not form.is_valid():
        return render_detail(request, registration, decision_form=form, status=400)
    refused = _through(request, registration, form, services.registration_decide_check)
    if refused is not None:
        return refused
    typed = {key: request.POST.getlist(key) for key in form.data if key.startswith(PREFIX)}
    signed = signing.dumps(typed, salt=_salt(request, registration), compress=True)
    decision = form.decision()
    log_page_read(request, registrations=[registration], persons=[], purpose=Purpose.TRIAGE)
    context = {
        "registration": registration,
        "form": form,
        "outcome_label": dict(form.veiligheidshuis.outcome_choices())[decision.outcome],
        "outcome_rows": form.outcome_data(),
        "registrant_rows": form.outcome_data(for_registrant=True),
        "decision": decision,
        "signed": signed,
    }
    return render(request, "triage/decision_check.html", context)


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def decide_confirm(request: HttpRequest, public_id) -> HttpResponse:
    """Step 2: "confirm" decides through the service and tells the registrant; "change" shows
    the registration's page with the decision form as it was typed."""
    registration = meldpunt_registration(user=_screener(request), public_id=public_id)
    try:
        typed = signing.loads(
            request.POST.get("decision", ""),
            salt=_salt(request, registration),
            max_age=CHECK_MAX_AGE,
        )
    except signing.BadSignature:
        messages.error(request, _("The check page has expired. Make the decision again."))
        return render_detail(request, registration, status=400)
    form = _form(registration, MultiValueDict(typed))
    if request.POST.get("action") == "change":
        form.fields["outcome"].widget.attrs["autofocus"] = True
        return render_detail(request, registration, decision_form=form)
    if not form.is_valid():
        return render_detail(request, registration, decision_form=form, status=400)
    decide_now = partial(services.registration_decide, client_address=client_address(request))
    refused = _through(request, registration, form, decide_now)
    if refused is not None:
        return refused
    messages.success(request, _("The decision was saved and the registrant has been told."))
    return redirect("triage:detail", public_id=registration.public_id)
