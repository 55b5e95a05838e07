"""Retention of incoming mails: a rejected mail's content goes after the configured days, and a
mail whose registration was removed goes with it; a tombstone row remains."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zvh.access_log.models import AccessLogEntry
from zvh.intake.enums import MailStatus
from zvh.intake.models import InboundAttachment, InboundMail, InboundMailContent
from zvh.intake.services import inbound_mail_reject, intake_retention_run
from zvh.notifications.scheduler import SCHEDULE, scheduler_tick

from .test_quarantine import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(houses, demo_users, intake_media, settings) -> InboundMail:
    settings.ZVH_INTAKE_REJECTED_RETENTION_DAYS = 30
    mail = receive()
    return inbound_mail_reject(
        mail=mail,
        by=demo_users["screener-sittard"],
        note="Geen aanmelding.",
        now=timezone.now() - timedelta(days=31),
    )


def test_a_rejected_mail_keeps_its_content_for_the_configured_days(rejected, settings):
    settings.ZVH_INTAKE_REJECTED_RETENTION_DAYS = 40
    assert intake_retention_run(now=timezone.now()) == 0
    assert InboundMailContent.objects.filter(mail=rejected).exists()


def test_a_rejected_mail_past_its_days_leaves_a_tombstone(rejected):
    assert intake_retention_run(now=timezone.now()) == 1
    tombstone = InboundMail.objects.get(pk=rejected.pk)
    assert tombstone.purged_at is not None
    assert tombstone.status == MailStatus.REJECTED
    assert tombstone.received_at == rejected.received_at
    assert tombstone.size == rejected.size
    assert (tombstone.header_from, tombstone.envelope_from, tombstone.subject) == ("", "", "")
    assert (tombstone.message_id, tombstone.decision_note) == ("", "")
    assert not InboundMailContent.objects.filter(mail=rejected).exists()
    assert not InboundAttachment.objects.filter(mail=rejected).exists()
    deletions = [
        e
        for e in AccessLogEntry.objects.filter(event_type="delete", purpose="retention")
        if any(obj["id"] == str(rejected.public_id) for obj in e.objects_concerned)
    ]
    assert len(deletions) == 1
    # Running again removes nothing more.
    assert intake_retention_run(now=timezone.now()) == 0


def test_a_mail_goes_with_its_registration(houses, demo_users, intake_media):
    mail = receive(sender=demo_users["aanmelder"].email)
    assert mail.status == MailStatus.DRAFT_CREATED
    quarantined = receive()
    assert intake_retention_run(now=timezone.now()) == 0
    mail.registration.delete()  # as the registrations' retention does
    assert intake_retention_run(now=timezone.now()) == 1
    assert InboundMail.objects.get(pk=mail.pk).purged_at is not None
    # A mail still waiting in quarantine is not touched.
    assert InboundMailContent.objects.filter(mail=quarantined).exists()


def test_the_scheduler_runs_it_nightly(rejected):
    assert "intake_retention" in {job.name for job in SCHEDULE}
    local_night = timezone.localtime().replace(hour=3, minute=0)
    results = scheduler_tick(now=local_night)
    assert results["intake_retention"] == 1
    assert InboundMail.objects.get(pk=rejected.pk).purged_at is not None
