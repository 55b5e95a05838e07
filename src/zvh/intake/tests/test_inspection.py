"""Judging mails and files without a listener: the rules of ``inspection`` and ``files``."""

import io
import zipfile

import pytest

from zvh.intake.enums import AttachmentVerdict, QuarantineReason
from zvh.intake.files import judge_file, safe_name
from zvh.intake.inspection import body_text, inspect_message

from .conftest import PDF, as_bytes, registration_mail
from .corpus import EXE, zip_bomb, zip_of


def docx(*extra: tuple[str, bytes]) -> bytes:
    """A minimal Word document (the parts the attachment rules look for)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "verdict"),
    [
        ("aanmelding.pdf", PDF, AttachmentVerdict.ACCEPTED),
        ("aanmelding.docx", docx(), AttachmentVerdict.ACCEPTED),
        ("aanmelding.docx", docx(("word/media/x.exe", EXE)), AttachmentVerdict.EXECUTABLE),
        ("aanmelding.docx", zip_bomb(), AttachmentVerdict.ARCHIVE_BOMB),
        ("aanmelding.pdf", EXE, AttachmentVerdict.EXECUTABLE),
        ("script.ps1", b"Write-Host hoi", AttachmentVerdict.EXECUTABLE),
        ("notitie.txt", b"#!/bin/sh\nrm -rf /\n", AttachmentVerdict.EXECUTABLE),
        ("stukken.zip", zip_of(("a.pdf", PDF)), AttachmentVerdict.TYPE_NOT_ALLOWED),
        (
            "stukken.zip",
            zip_of(("a.pdf", PDF), encrypted=True),
            AttachmentVerdict.ENCRYPTED_ARCHIVE,
        ),
        ("aanmelding.pdf", b"geen pdf", AttachmentVerdict.CONTENTS_MISMATCH),
        ("aanmelding.pdf", b"", AttachmentVerdict.EMPTY),
        ("overzicht.xlsx", b"PK\x03\x04rest", AttachmentVerdict.TYPE_NOT_ALLOWED),
    ],
)
def test_files_are_judged_by_name_and_contents(settings, name, data, verdict):
    assert judge_file(name=name, content_type="application/octet-stream", data=data).verdict == (
        verdict
    )


def test_an_attachment_over_the_attachment_limit_is_listed_not_copied(settings):
    settings.ZVH_ATTACHMENT_MAX_BYTES = 10
    assert judge_file(name="a.pdf", content_type="", data=PDF).verdict == AttachmentVerdict.TOO_BIG


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\formulier.pdf", "formulier.pdf"),
        ("for\x00mu\rlier\u202e.pdf", "formulier.pdf"),
        ("", "bijlage"),
        ("...", "bijlage"),
    ],
)
def test_file_names_lose_paths_and_control_characters(raw, expected):
    assert safe_name(raw, fallback="bijlage") == expected


def test_a_clean_mail_has_no_reasons_and_its_identity(settings):
    message = registration_mail()
    inspection = inspect_message(as_bytes(message))
    assert inspection.reasons == ()
    assert inspection.header_from == "aanmelder@demo.invalid"
    assert inspection.message_id == message["Message-ID"]
    assert [a.verdict for a in inspection.attachments] == [AttachmentVerdict.ACCEPTED]
    assert inspection.attachments[0].data == PDF


def test_the_message_key_is_the_message_id_or_else_the_bytes(settings):
    one = registration_mail(message_id="<zelfde@demo.invalid>")
    other = registration_mail(message_id="<zelfde@demo.invalid>", subject="Anders")

    def key(message) -> str:
        return inspect_message(as_bytes(message)).message_key

    assert key(one) == key(other)
    del one["Message-ID"]
    del other["Message-ID"]
    assert key(one) != key(other)


def test_the_subject_is_stored_without_control_characters(settings):
    raw = as_bytes(registration_mail()).replace(
        b"Subject: Aanmelding Veiligheidshuis", b"Subject: =?utf-8?q?a=00b=1Bc?="
    )
    inspection = inspect_message(raw)
    assert inspection.subject == "a b\ufffdc"  # NUL as a space, ESC replaced
    assert QuarantineReason.HEADER_INJECTION in inspection.reasons


def test_the_body_text_is_read_leniently(settings):
    assert "Hierbij het aanmeldformulier." in body_text(as_bytes(registration_mail()))
    broken = b"From: a@b.nl\r\nContent-Type: text/plain; charset=x-onbekend\r\n\r\nh\xe9\r\n"
    assert body_text(broken) == "h\ufffd\n"
    assert body_text(b"\x00\xff") == "\ufffd\ufffd"  # no headers: all body, nothing raw


# --- issue 17, point 4 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [b"Subject: Aanmelding \xff\xfe gezin", b"Subject: Aanmelding \xe9\xe9n gezin"],
)
def test_undecodable_header_bytes_are_broken_mime(settings, subject):
    raw = as_bytes(registration_mail()).replace(b"Subject: Aanmelding Veiligheidshuis", subject)
    inspection = inspect_message(raw)
    assert QuarantineReason.BROKEN_MIME in inspection.reasons
    assert "\udcff" not in inspection.subject


def test_utf8_header_bytes_are_not_broken(settings):
    raw = as_bytes(registration_mail()).replace(
        b"Subject: Aanmelding Veiligheidshuis", "Subject: Aanmelding één gezin".encode()
    )
    inspection = inspect_message(raw)
    assert inspection.reasons == ()
    assert inspection.subject == "Aanmelding één gezin"


def test_an_injected_header_is_cut_from_the_subject_shown(settings):
    raw = as_bytes(registration_mail()).replace(
        b"Subject: Aanmelding Veiligheidshuis",
        b"Subject: =?utf-8?q?Aanmelding=0D=0ABcc=3A_iedereen=40example=2Eorg?=",
    )
    inspection = inspect_message(raw)
    assert QuarantineReason.HEADER_INJECTION in inspection.reasons
    assert inspection.subject == "Aanmelding [\u2026]"
    assert "Bcc" not in inspection.subject
