"""The meldpunt's pages of the e-mail intake: the quarantine (and every mail received), one mail,
its original message, and the screener's accept and reject.

Only screeners reach these pages (403 for everyone else), and only for their own
Veiligheidshuis's mails (anything else is a 404); every read starts from
``inbound_mails_visible_to``. Access logging (purpose triage): the list as a search of the
mails on the page, a mail as a view (with the registration it became and its persons), the
original message as an export; accept and reject are logged by their services; refusals as
denied.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.common.client_address import client_address
from zvh.common.error_summary import error_summary
from zvh.registrations.status import Status

from . import services
from .access import log_mails, screeners_only
from .enums import MailStatus
from .forms import AcceptForm, ListFilterForm, RejectForm
from .inspection import body_text
from .models import InboundMail
from .selectors import inbound_mail_list, inbound_mails_visible_to, network_partners

PAGE_SIZE = 25
T = TypeVar("T")


@require_GET
@screeners_only(event_type=EventType.SEARCH)
def mail_list(request: HttpRequest) -> HttpResponse:
    """The quarantine by default; ``?status=`` shows another status, or (empty) every mail."""
    status = request.GET.get("status", MailStatus.QUARANTINED)
    form = ListFilterForm({"status": status})
    if not form.is_valid():
        status = MailStatus.QUARANTINED
        form = ListFilterForm({"status": status})
        form.is_valid()
    page = Paginator(inbound_mail_list(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _log_mails(request, page.object_list, EventType.SEARCH, with_registrations=False)
    return render(
        request,
        "intake/list.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "query": urlencode({"status": status}),
            "quarantined": MailStatus.QUARANTINED,
        },
    )


def _mail(request: HttpRequest, public_id) -> InboundMail:
    return get_object_or_404(
        inbound_mails_visible_to(request.user).select_related(
            "veiligheidshuis", "sender__organisation", "registration", "decided_by"
        ),
        public_id=public_id,
    )


def _log_mails(
    request: HttpRequest,
    mails: Iterable[InboundMail],
    event_type: EventType,
    *,
    with_registrations: bool = True,
) -> None:
    """A screener's read of mails (purpose triage)."""
    log_mails(
        user=request.user,
        mails=mails,
        event_type=event_type,
        purpose=Purpose.TRIAGE,
        client_address=client_address(request),
        with_registrations=with_registrations,
    )


def _render_detail(
    request: HttpRequest,
    mail: InboundMail,
    *,
    accept_form: Form | None = None,
    reject_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    partners = network_partners(veiligheidshuis=mail.veiligheidshuis)
    if accept_form is None:
        initial = {}
        if mail.sender_id and mail.sender.organisation_id:
            initial["organisation"] = mail.sender.organisation_id
        accept_form = AcceptForm(partners=partners, prefix="accept", initial=initial)
    raw = b""
    if mail.purged_at is None:
        content = getattr(mail, "content", None)
        raw = bytes(content.raw) if content is not None else b""
    _log_mails(request, [mail], EventType.VIEW)
    registration = mail.registration
    return render(
        request,
        "intake/detail.html",
        {
            "mail": mail,
            "attachments": mail.attachments.all(),
            "body": body_text(raw) if raw else "",
            "accept_form": accept_form,
            "reject_form": reject_form or RejectForm(prefix="reject"),
            "can_decide": mail.status == MailStatus.QUARANTINED and mail.purged_at is None,
            "registration": registration,
            "registration_is_draft": registration is not None
            and registration.status == Status.DRAFT,
            "summary": [*error_summary(accept_form), *error_summary(reject_form)],
        },
        status=status,
    )


@require_GET
@screeners_only(event_type=EventType.VIEW)
def mail_detail(request: HttpRequest, public_id) -> HttpResponse:
    return _render_detail(request, _mail(request, public_id))


@require_GET
@screeners_only(event_type=EventType.EXPORT)
def mail_original(request: HttpRequest, public_id) -> HttpResponse:
    """The message as received (.eml), always as a download, never shown inline."""
    mail = _mail(request, public_id)
    if mail.purged_at is not None or not hasattr(mail, "content"):
        raise Http404
    raw = bytes(mail.content.raw)
    _log_mails(request, [mail], EventType.EXPORT)
    response = HttpResponse(raw, content_type="message/rfc822")
    stamp = timezone.localtime(mail.received_at).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="e-mail-{stamp}.eml"'
    return response


def _refused_status(error: ValidationError) -> int:
    return 409 if getattr(error, "code", None) == "conflict" else 400


def _decided(
    request: HttpRequest, mail: InboundMail, form: Form, *, service: Callable[..., T]
) -> T | HttpResponse:
    """The screener's accept or reject (``form``, of the detail page) handed to its service,
    which takes the form's fields by name: the service's result, or the detail page again with
    the form's errors (400, or 409 when the mail was decided in the meantime)."""
    forms = {f"{form.prefix}_form": form}  # the form's prefix names it: accept or reject
    if not form.is_valid():
        return _render_detail(request, mail, **forms, status=400)
    try:
        return service(
            mail=mail,
            by=request.user,
            now=timezone.now(),
            client_address=client_address(request),
            **form.cleaned_data,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_detail(request, mail, **forms, status=_refused_status(error))


@require_POST
@screeners_only(event_type=EventType.UPDATE)
def mail_accept(request: HttpRequest, public_id) -> HttpResponse:
    mail = _mail(request, public_id)
    form = AcceptForm(
        request.POST,
        partners=network_partners(veiligheidshuis=mail.veiligheidshuis),
        prefix="accept",
    )
    registration = _decided(request, mail, form, service=services.inbound_mail_accept)
    if isinstance(registration, HttpResponse):
        return registration
    messages.success(
        request, _("The e-mail has been accepted. Complete the draft registration and submit it.")
    )
    return redirect("triage:draft", public_id=registration.public_id)


@require_POST
@screeners_only(event_type=EventType.UPDATE)
def mail_reject(request: HttpRequest, public_id) -> HttpResponse:
    mail = _mail(request, public_id)
    form = RejectForm(request.POST, prefix="reject")
    rejected = _decided(request, mail, form, service=services.inbound_mail_reject)
    if isinstance(rejected, HttpResponse):
        return rejected
    messages.success(request, _("The e-mail has been rejected."))
    return redirect("intake:list")
