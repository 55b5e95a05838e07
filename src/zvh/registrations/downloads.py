"""Opening an attachment: the registrant's organisation and the meldpunt of the registration's
Veiligheidshuis may download it; the download is logged like any other read."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import (
    ensure,
    is_registrant_of,
    may_download_attachment,
    may_open_attachments,
)
from zvh.common.client_address import client_address

from .access import guarded, log_registration
from .models import Attachment
from .selectors import registrations_visible_to


@require_GET
@guarded(allowed=may_open_attachments, event_type=EventType.EXPORT, purpose=Purpose.REGISTRATION)
def attachment_download(request: HttpRequest, public_id, attachment_id: int) -> FileResponse:
    """The file as an attachment (never rendered inline), under its original name, with the type
    recorded at upload; a registration outside the user's view is a 404 (logged as denied)."""
    registration = get_object_or_404(registrations_visible_to(request.user), public_id=public_id)
    ensure(may_download_attachment(request.user, registration))
    attachment = get_object_or_404(Attachment, pk=attachment_id, registration=registration)
    purpose = (
        Purpose.REGISTRATION if is_registrant_of(request.user, registration) else Purpose.TRIAGE
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    log_registration(
        user=request.user,
        registration=registration,
        event_type=EventType.EXPORT,
        purpose=purpose,
        client_address=client_address(request),
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
