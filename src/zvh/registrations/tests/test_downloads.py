"""Opening an attachment: the registrant's organisation and the meldpunt of its Veiligheidshuis
may; nobody else; every download is logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.registrations.attachments import attachment_add
from zvh.registrations.services import registration_submit

from .access_logging import assert_entry
from .conftest import NOW

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% synthetic test file\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submitted_with_file(make_draft, registrant):
    draft = make_draft()
    upload = SimpleUploadedFile("verslag wijkagent.pdf", PDF, content_type="application/pdf")
    attachment = attachment_add(registration=draft, by=registrant, upload=upload)
    registration = registration_submit(registration=draft, by=registrant, now=NOW)
    return registration, attachment


def url(registration, attachment) -> str:
    return reverse("registrations:attachment", args=[registration.public_id, attachment.pk])


@pytest.mark.parametrize("username", ["aanmelder", "screener"])
def test_the_registrant_and_the_meldpunt_download_it_and_it_is_logged(
    login, demo_users, submitted_with_file, username
):
    registration, attachment = submitted_with_file
    response = login(demo_users[username]).get(url(registration, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert_entry(
        entry,
        event_type=EventType.EXPORT,
        user=demo_users[username],
        purpose=Purpose.REGISTRATION if username == "aanmelder" else Purpose.TRIAGE,
        registrations=[registration],
        persons=registration.persons.all(),
    )


@pytest.mark.parametrize(
    ("username", "status"),
    [("aanmelder-gemeente", 404), ("screener-sittard", 404), ("manager", 403), ("privacy", 403)],
)
def test_others_cannot_and_the_attempt_is_logged_as_denied(
    login, demo_users, submitted_with_file, username, status
):
    registration, attachment = submitted_with_file
    before = AccessLogEntry.objects.count()
    response = login(demo_users[username]).get(url(registration, attachment))
    assert response.status_code == status
    denied = AccessLogEntry.objects.order_by("-sequence").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert denied.outcome == Outcome.DENIED


def test_an_attachment_of_another_registration_is_not_found(
    login, demo_users, submitted_with_file, make_draft
):
    _registration, attachment = submitted_with_file
    other = make_draft()
    response = login(demo_users["aanmelder"]).get(
        reverse("registrations:attachment", args=[other.public_id, attachment.pk])
    )
    assert response.status_code == 404
