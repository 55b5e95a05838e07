"""Attachments to a draft registration: limited in size and type.

A file's type is judged by its extension *and* by its contents (magic bytes): a program renamed
to ``.pdf`` is refused. The content type stored is the one configured for the extension, never
the one the browser claims.
"""

import io
import zipfile
from datetime import datetime
from pathlib import PurePath
from typing import Any

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zvh.accounts.models import User

from .access import log_registration_change
from .answers import information_request_answer
from .models import Attachment, Registration
from .services.editing import ensure_editable

log = structlog.get_logger(__name__)

#: How much of the start of a file is read to recognise plain text.
TEXT_SAMPLE_BYTES = 64 * 1024
_TEXT_CONTROL_ALLOWED = frozenset(b"\t\n\r\f")
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04", b"MZ", b"\x7fELF")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _open_zip(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return None


def _is_docx(data: bytes) -> bool:
    archive = _open_zip(data)
    if archive is None:
        return False
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_odt(data: bytes) -> bool:
    """ODF puts an uncompressed ``mimetype`` entry first (offset 30 holds its name)."""
    archive = _open_zip(data)
    if archive is None or "mimetype" not in archive.namelist():
        return False
    return archive.read("mimetype").strip() == ODT_MIMETYPE


def _is_text(data: bytes) -> bool:
    """Plain text: no binary signature, no NUL or other control bytes besides tab and newlines,
    and readable as UTF-8 (a Windows-1252 file without control bytes passes too)."""
    sample = data[:TEXT_SAMPLE_BYTES]
    if sample.startswith(_BINARY_SIGNATURES):
        return False
    return not any(byte < 0x20 and byte not in _TEXT_CONTROL_ALLOWED for byte in sample)


def contents_match(extension: str, data: bytes) -> bool:
    """Whether the file's contents are of the kind its extension promises."""
    checks = {
        ".pdf": lambda d: d.startswith(b"%PDF-"),
        ".png": lambda d: d.startswith(b"\x89PNG\r\n\x1a\n"),
        ".jpg": lambda d: d.startswith(b"\xff\xd8\xff"),
        ".jpeg": lambda d: d.startswith(b"\xff\xd8\xff"),
        ".docx": lambda d: d.startswith(b"PK\x03\x04") and _is_docx(d),
        ".odt": lambda d: d.startswith(b"PK\x03\x04") and _is_odt(d),
        ".txt": _is_text,
    }
    check = checks.get(extension)
    return check is not None and check(data)


def attachment_check(*, name: str, size: int, data: bytes) -> str:
    """The content type to store for an acceptable file; raises ``ValidationError`` (Dutch
    message, code ``empty``/``too_big``/``type_not_allowed``/``contents_mismatch``) otherwise.
    Allowed types and the maximum size are the settings ``ZVH_ATTACHMENT_TYPES`` and
    ``ZVH_ATTACHMENT_MAX_BYTES``."""
    allowed: dict[str, str] = settings.ZVH_ATTACHMENT_TYPES
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty."), code="empty", params={"name": name})
    if size > settings.ZVH_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file %(name)s is larger than %(max)s. Attach a smaller file."),
            code="too_big",
            params={"name": name, "max": filesizeformat(settings.ZVH_ATTACHMENT_MAX_BYTES)},
        )
    extension = PurePath(name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            _("Files of type %(ext)s cannot be attached. Allowed are: %(allowed)s."),
            code="type_not_allowed",
            params={"ext": extension or "?", "allowed": ", ".join(sorted(allowed))},
        )
    if not contents_match(extension, data):
        raise ValidationError(
            _(
                "The contents of %(name)s are not those of a %(ext)s file. Attach the document "
                "in its real format."
            ),
            code="contents_mismatch",
            params={"name": name, "ext": extension},
        )
    return allowed[extension]


def _checked_upload(upload: UploadedFile) -> tuple[str, str]:
    """The file's own name and the content type to store, after ``attachment_check``."""
    name = PurePath(upload.name or "").name[:255]
    if upload.size > settings.ZVH_ATTACHMENT_MAX_BYTES:
        data = b""  # refused on size, without reading it
    else:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
    return name, attachment_check(name=name, size=upload.size, data=data)


def _stored(
    upload: UploadedFile,
    checked: tuple[str, str],
    *,
    registration_id: int,
    by: User,
    information_request: Any = None,
) -> Attachment:
    """The checked file stored under a random name (the original name is kept as a field)."""
    name, content_type = checked
    attachment = Attachment(
        registration_id=registration_id,
        information_request=information_request,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


def attachment_add(
    *,
    registration: Registration,
    by: User,
    upload: UploadedFile,
    client_address: str = "",
) -> Attachment:
    """Attach a file to a draft of the registrant's own organisation, after ``attachment_check``.

    The file is stored under a random name (the original name is kept as a field only). The
    change to the registration is logged (U, purpose registration) in the same transaction.
    """
    checked = _checked_upload(upload)
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        ensure_editable(locked, by)
        attachment = _stored(upload, checked, registration_id=locked.pk, by=by)
        log_registration_change(by=by, registration=locked, client_address=client_address)
    log.info("attachment_added", registration_id=locked.pk, attachment_id=attachment.pk)
    return attachment


def attachment_remove(*, attachment: Attachment, by: User, client_address: str = "") -> None:
    """Remove an attachment from a draft; the stored file is deleted once the removal commits.
    The change to the registration is logged (U, purpose registration) in the same
    transaction."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=attachment.registration_id)
        ensure_editable(locked, by)
        file = attachment.file
        attachment_id = attachment.pk
        attachment.delete()
        log_registration_change(by=by, registration=locked, client_address=client_address)
        transaction.on_commit(lambda: file.storage.delete(file.name))
    log.info("attachment_removed", registration_id=locked.pk, attachment_id=attachment_id)


def information_answer_with_attachment(
    *,
    information_request: Any,
    by: User,
    answer: str,
    upload: UploadedFile | None,
    now: datetime,
    client_address: str = "",
) -> Any:
    """Answer a request for information (``triage.services.information_request_answer``: who may
    answer, once, and what it does to the deadline), with a file if one is given (issue 14).

    The file passes the same checks as a draft's attachments (``attachment_check``; errors keyed
    ``attachment``) before anything is saved, and is stored with the answer in one transaction:
    the answer without its file, or the file without the answer, is never saved. The file is an
    attachment of the registration, marked as belonging to this request.
    """
    checked = None
    if upload is not None:
        try:
            checked = _checked_upload(upload)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
    with transaction.atomic():
        answered = information_request_answer(
            information_request=information_request,
            by=by,
            answer=answer,
            now=now,
            client_address=client_address,
        )
        if upload is not None and checked is not None:
            attachment = _stored(
                upload,
                checked,
                registration_id=answered.registration_id,
                by=by,
                information_request=answered,
            )
            log.info(
                "answer_attachment_added",
                registration_id=answered.registration_id,
                attachment_id=attachment.pk,
            )
    return answered
