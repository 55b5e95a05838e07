"""The listener against a real SMTP client on loopback: drafts, quarantine, duplicates, refusals,
and a database that fails."""

import base64
import smtplib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from zvh.access_log.models import AccessLogEntry
from zvh.deadlines.calculation import reply_deadline
from zvh.intake.enums import AttachmentVerdict, MailStatus, QuarantineReason
from zvh.intake.listener import IntakeServer
from zvh.intake.models import InboundMail
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import PersonInput, registration_save_draft, registration_submit
from zvh.registrations.status import Status
from zvh.registrations.tests.conftest import complete_values, person_values

from .conftest import (
    MAASTRICHT,
    PARTNER,
    PDF,
    SITTARD,
    STRANGER,
    as_bytes,
    registration_mail,
    send,
    wire,
)

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = b"PK\x03\x04" + b"\x00" * 40


def test_a_known_partner_gets_a_draft_with_the_attachments_and_the_original_kept(
    send_mail, houses, demo_users
):
    message = registration_mail(
        attachments=[
            ("aanmelding.pdf", "application/pdf", PDF),
            ("overzicht.xlsx", "application/vnd.ms-excel", XLSX),
        ]
    )
    before = timezone.now()
    reply = send_mail(message)
    after = timezone.now()

    assert reply.code == 250
    mail = InboundMail.objects.get()
    assert mail.status == MailStatus.DRAFT_CREATED
    assert mail.reasons == []
    assert mail.veiligheidshuis == houses["STD"]
    assert before <= mail.received_at <= after
    assert bytes(mail.content.raw) == wire(as_bytes(message))
    assert mail.sender == demo_users["aanmelder"]

    registration = mail.registration
    assert registration.status == Status.DRAFT
    assert registration.channel == Channel.EMAIL
    assert registration.veiligheidshuis == houses["STD"]
    assert registration.registrant == demo_users["aanmelder"]
    assert registration.registrant_organisation == demo_users["aanmelder"].organisation
    assert registration.recorded_by is None
    assert registration.received_at == mail.received_at

    (copied,) = registration.attachments.all()
    assert copied.original_name == "aanmelding.pdf"
    assert copied.content_type == "application/pdf"
    with copied.file.open("rb") as handle:
        assert handle.read() == PDF
    verdicts = {a.name: a.verdict for a in mail.attachments.all()}
    assert verdicts == {
        "aanmelding.pdf": AttachmentVerdict.ACCEPTED,
        "overzicht.xlsx": AttachmentVerdict.TYPE_NOT_ALLOWED,
    }
    # The receipt is logged by the system (no user), naming the mail and the registration.
    receipts = [
        entry
        for entry in AccessLogEntry.objects.filter(user_id=None)
        if {"type": "inbound_mail", "id": str(mail.public_id), "ref": ""} in entry.objects_concerned
    ]
    assert len(receipts) == 1
    assert {"type": "registration", "id": str(registration.public_id), "ref": ""} in (
        receipts[0].objects_concerned
    )


def test_the_deadline_runs_from_the_mail_not_from_the_submission(
    send_mail, houses, demo_users, municipalities
):
    assert send_mail(registration_mail()).code == 250
    mail = InboundMail.objects.get()
    screener = demo_users["screener-sittard"]
    place = municipalities["Sittard-Geleen"]
    main = mail.registration.persons.get()
    draft = registration_save_draft(
        registration=mail.registration,
        by=screener,
        values=complete_values(mail.registration, place),
        persons=[PersonInput(id=main.pk, values=person_values(place))],
    )
    submitted = registration_submit(
        registration=draft, by=screener, now=mail.received_at + timedelta(days=3)
    )
    assert submitted.received_at == mail.received_at
    assert submitted.deadline_at == reply_deadline(
        houses["STD"].reply_term, received_at=mail.received_at
    )


def test_an_unknown_sender_goes_to_quarantine_never_to_the_queue(send_mail):
    reply = send_mail(registration_mail(sender=STRANGER), mail_from=STRANGER)
    assert reply.code == 250
    mail = InboundMail.objects.get()
    assert mail.status == MailStatus.QUARANTINED
    assert mail.reasons == [QuarantineReason.UNKNOWN_SENDER]
    assert mail.registration is None
    assert mail.attachments.get().verdict == AttachmentVerdict.ACCEPTED


def test_a_forged_from_with_another_envelope_sender_is_quarantined(send_mail):
    reply = send_mail(registration_mail(sender=PARTNER), mail_from=STRANGER)
    assert reply.code == 250
    mail = InboundMail.objects.get()
    assert mail.status == MailStatus.QUARANTINED
    assert QuarantineReason.SENDER_MISMATCH in mail.reasons


def test_a_partner_outside_the_network_is_quarantined(send_mail, demo_users):
    """The municipality of Maastricht has joined Maastricht's network, not Sittard's."""
    outsider = demo_users["aanmelder-gemeente"]
    reply = send_mail(registration_mail(sender=outsider.email), mail_from=outsider.email)
    assert reply.code == 250
    assert InboundMail.objects.get().reasons == [QuarantineReason.UNKNOWN_SENDER]


def test_mail_to_a_veiligheidshuis_without_e_mail_intake_is_quarantined(send_mail, houses):
    reply = send_mail(registration_mail(to=MAASTRICHT), to=MAASTRICHT)
    assert reply.code == 250
    mail = InboundMail.objects.get()
    assert mail.veiligheidshuis == houses["MST"]
    assert mail.reasons == [QuarantineReason.CHANNEL_NOT_OFFERED]


def test_dmarc_is_required_when_a_trusted_server_is_configured(send_mail, settings):
    settings.ZVH_INTAKE_TRUSTED_AUTHSERV_ID = "mx.sittard-geleen.nl"
    unconfirmed = registration_mail()
    assert send_mail(unconfirmed).code == 250
    confirmed = registration_mail()
    confirmed["Authentication-Results"] = "mx.sittard-geleen.nl; spf=pass; dmarc=pass"
    assert send_mail(confirmed).code == 250
    statuses = {
        m.message_id: (m.status, m.reasons) for m in InboundMail.objects.all().order_by("pk")
    }
    assert statuses[unconfirmed["Message-ID"]] == (
        MailStatus.QUARANTINED,
        [QuarantineReason.NOT_AUTHENTICATED],
    )
    assert statuses[confirmed["Message-ID"]] == (MailStatus.DRAFT_CREATED, [])


def test_the_same_message_id_twice_makes_one_draft(send_mail):
    message = registration_mail()
    assert send_mail(message).code == 250
    assert send_mail(message).code == 250
    mail = InboundMail.objects.get()
    assert mail.duplicate_count == 1
    assert mail.registration.inbound_mails.count() == 1
    assert Registration.objects.count() == 1


def test_one_mail_to_two_meldpunt_addresses_is_stored_for_each(send_mail, houses):
    reply = send_mail(registration_mail(), to=[SITTARD, MAASTRICHT])
    assert reply.code == 250
    assert {m.veiligheidshuis.code for m in InboundMail.objects.all()} == {"STD", "MST"}


def test_an_unknown_recipient_is_refused_at_rcpt(send_mail):
    reply = send_mail(registration_mail(to="iemand@sittard-geleen.nl"), to="iemand@example.org")
    assert reply.rcpt == 550
    assert reply.data is None
    assert not InboundMail.objects.exists()


def test_the_recipient_is_matched_case_insensitively(send_mail):
    assert send_mail(registration_mail(), to=SITTARD.upper()).code == 250
    assert InboundMail.objects.get().status == MailStatus.DRAFT_CREATED


def huge_mail(megabytes: int) -> bytes:
    """A mail with an attachment of ``megabytes`` MB (base64 on the wire)."""
    head = (
        f"From: {PARTNER}\r\nTo: {SITTARD}\r\nSubject: Groot\r\n"
        "Message-ID: <groot@demo.invalid>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=grens\r\n\r\n--grens\r\n"
        "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=groot.pdf\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode()
    line = base64.b64encode(PDF[:57].ljust(57, b" ")) + b"\r\n"
    return head + line * (megabytes * 1024 * 1024 // 57) + b"--grens--\r\n"


def test_a_50_mb_attachment_is_refused_with_552_and_the_listener_goes_on(listener):
    huge = huge_mail(50)
    # Without declaring its size: refused at the end of DATA (the data is not kept).
    assert send(listener, huge).code == 552
    # Declared with SIZE: refused at MAIL FROM, before any data.
    with smtplib.SMTP(listener.host, listener.port, local_hostname="zvh-tests") as client:
        client.ehlo()
        code, _ = client.mail(PARTNER, options=[f"SIZE={len(huge)}"])
        assert code == 552
    assert not InboundMail.objects.exists()
    assert send(listener, registration_mail()).code == 250
    assert InboundMail.objects.get().status == MailStatus.DRAFT_CREATED


def test_a_database_failure_is_answered_451_and_the_mail_is_taken_on_the_retry(listener):
    """A trigger makes every insert of a mail fail in the database itself (no mocks): the
    listener answers 451, stores nothing, and stores the mail once when it is sent again."""
    message = registration_mail()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION intake_test_fail() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'intake test failure'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER intake_test_fail BEFORE INSERT ON intake_inboundmail "
                "FOR EACH ROW EXECUTE FUNCTION intake_test_fail()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER intake_test_fail BEFORE INSERT ON intake_inboundmail "
                "BEGIN SELECT RAISE(ABORT, 'intake test failure'); END"
            )
    try:
        reply = send(listener, message)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER intake_test_fail ON intake_inboundmail"
                if connection.vendor == "postgresql"
                else "DROP TRIGGER intake_test_fail"
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION intake_test_fail()")
    assert reply.code == 451
    assert not InboundMail.objects.exists()
    assert not Registration.objects.exists()
    assert send(listener, message).code == 250
    assert InboundMail.objects.get().status == MailStatus.DRAFT_CREATED


def test_lmtp_answers_per_recipient(houses, demo_users, intake_media):
    server = IntakeServer(host="127.0.0.1", port=0, lmtp=True)
    server.start()
    try:
        client = smtplib.LMTP(server.host, server.port, local_hostname="zvh-tests")
        client.ehlo()  # sent as LHLO
        assert client.mail(PARTNER)[0] == 250
        assert client.rcpt(SITTARD)[0] == 250
        assert client.rcpt(MAASTRICHT)[0] == 250
        first, _ = client.data(as_bytes(registration_mail()))
        second, _ = client.getreply()
        assert (first, second) == (250, 250)
        assert client.quit()[0] == 221
    finally:
        server.stop(timeout=10)
    assert InboundMail.objects.count() == 2


def test_an_envelope_sender_that_is_not_utf_8_is_stored_safely(listener):
    """SMTPUTF8 lets a sender put any bytes in MAIL FROM; they are stored as replacement
    characters (PostgreSQL takes no undecodable text) and the mail is quarantined."""
    with smtplib.SMTP(listener.host, listener.port, local_hostname="zvh-tests") as client:
        client.ehlo()
        client.send(b"MAIL FROM:<\xff\xfe\x00x@example.org> SMTPUTF8\r\n")
        assert client.getreply()[0] == 250
        assert client.rcpt(SITTARD)[0] == 250
        code, _ = client.data(as_bytes(registration_mail()))
    assert code == 250
    mail = InboundMail.objects.get()
    assert mail.status == MailStatus.QUARANTINED
    assert QuarantineReason.SENDER_MISMATCH in mail.reasons
    assert "\ufffd" in mail.envelope_from
    assert "\x00" not in mail.envelope_from
