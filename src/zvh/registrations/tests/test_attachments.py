"""Attachments: limited in size and type; a disguised file is recognised by its contents."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zvh.registrations.attachments import attachment_add, attachment_remove
from zvh.registrations.models import Attachment
from zvh.registrations.services import registration_submit

from .conftest import NOW

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _add(draft, registrant, name: str, data: bytes, content_type: str = "application/pdf"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return attachment_add(registration=draft, by=registrant, upload=upload)


@pytest.mark.parametrize(
    ("name", "data", "stored_type"),
    [
        ("verslag.pdf", PDF, "application/pdf"),
        ("Foto.PNG", PNG, "image/png"),
        (
            "brief.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("brief.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("notitie.txt", "Gesprek met de wijkagent, één keer.\n".encode(), "text/plain"),
    ],
)
def test_allowed_files_are_stored_under_a_random_name(
    make_draft, registrant, name, data, stored_type
):
    attachment = _add(make_draft(), registrant, name, data, content_type="application/x-anything")
    assert attachment.original_name == name
    assert attachment.content_type == stored_type  # from the extension, not the browser
    assert attachment.size == len(data)
    assert name not in attachment.file.name
    assert attachment.file.read() == data


def test_a_too_big_file_is_refused_in_dutch(make_draft, registrant, settings):
    settings.ZVH_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        _add(make_draft(), registrant, "groot.pdf", PDF + b"0" * 1024)
    assert error.value.code == "too_big"
    assert error.value.messages == [
        "Het bestand groot.pdf is groter dan 1,0\xa0KB. Voeg een kleiner bestand toe."
    ]
    assert not Attachment.objects.exists()


def test_a_type_not_allowed_is_refused_naming_the_allowed_types(make_draft, registrant):
    with pytest.raises(ValidationError) as error:
        _add(make_draft(), registrant, "programma.exe", b"MZ\x90\x00")
    assert error.value.code == "type_not_allowed"
    assert error.value.messages == [
        "Bestanden van het type .exe kunnen niet worden toegevoegd. Toegestaan zijn: "
        ".docx, .jpeg, .jpg, .odt, .pdf, .png, .txt."
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("factuur.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows program renamed to .pdf
        ("foto.jpg", PDF),
        ("brief.docx", _zip({"evil.js": b"alert(1)"})),  # a zip, but no Word document
        ("brief.odt", DOCX),
        ("notitie.txt", b"\x7fELF\x02\x01\x01\x00"),
        ("notitie.txt", PNG),
    ],
)
def test_a_file_whose_contents_do_not_match_its_extension_is_refused(
    make_draft, registrant, name, data
):
    with pytest.raises(ValidationError) as error:
        _add(make_draft(), registrant, name, data)
    assert error.value.code == "contents_mismatch"
    assert "Voeg het document toe in zijn echte formaat." in error.value.messages[0]


def test_an_empty_file_is_refused(make_draft, registrant):
    with pytest.raises(ValidationError) as error:
        _add(make_draft(), registrant, "leeg.pdf", b"")
    assert error.value.messages == ["Het bestand leeg.pdf is leeg."]


def test_attachments_change_only_on_a_draft(make_draft, registrant):
    draft = make_draft()
    attachment = _add(draft, registrant, "verslag.pdf", PDF)
    submitted = registration_submit(registration=draft, by=registrant, now=NOW)
    with pytest.raises(ValidationError):
        _add(submitted, registrant, "nog een.pdf", PDF)
    with pytest.raises(ValidationError):
        attachment_remove(attachment=attachment, by=registrant)


def test_removing_deletes_the_stored_file(
    make_draft, registrant, django_capture_on_commit_callbacks
):
    attachment = _add(make_draft(), registrant, "verslag.pdf", PDF)
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, by=registrant)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
