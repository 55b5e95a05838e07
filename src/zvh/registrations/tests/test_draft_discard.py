"""The meldpunt deletes a phone call or e-mail it will not complete
(``registrations.discarding``): who may, which drafts, what goes, what is logged, and what
becomes of the e-mail it was made of."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from zvh.access_log.enums import EventType, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.accounts.models import User
from zvh.intake.enums import MailStatus
from zvh.intake.models import InboundMail
from zvh.intake.services import mail_receive, mails_due_for_purge
from zvh.intake.tests.conftest import SITTARD, as_bytes, registration_mail
from zvh.registrations.attachments import attachment_add
from zvh.registrations.discarding import DiscardReason, meldpunt_draft_discard
from zvh.registrations.models import Attachment, Channel, InvolvedPartner, Person, Registration
from zvh.registrations.services import PartnerInput, registration_save_draft, registration_submit
from zvh.registrations.status import Status

from .access_logging import assert_entry, entries_after, last_sequence
from .conftest import NOW

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _phone_draft_with_everything(make_draft, screener) -> Registration:
    """A phone draft with a person, an involved partner and an attachment (a stored file)."""
    draft = make_draft(channel=Channel.PHONE)
    draft = registration_save_draft(
        registration=draft,
        by=screener,
        values={},
        partners=[
            PartnerInput(
                id=None,
                values={"organisation_name": "Wijkteam Noord", "contact_name": "Wijkcoach"},
            )
        ],
    )
    attachment_add(
        registration=draft,
        by=screener,
        upload=SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf"),
    )
    return draft


def test_a_phone_draft_goes_with_everything_personal_and_the_deletion_is_logged(
    make_draft, demo_users, django_capture_on_commit_callbacks
):
    screener = demo_users["screener"]
    draft = _phone_draft_with_everything(make_draft, screener)
    persons = list(draft.persons.all())
    (stored_file,) = [a.file.name for a in draft.attachments.all()]
    assert default_storage.exists(stored_file)
    before = last_sequence()

    with django_capture_on_commit_callbacks(execute=True):
        meldpunt_draft_discard(draft=draft, by=screener, reason=DiscardReason.WITHDRAWN)

    assert not Registration.objects.filter(pk=draft.pk).exists()
    assert not Person.objects.filter(registration_id=draft.pk).exists()
    assert not InvolvedPartner.objects.filter(registration_id=draft.pk).exists()
    assert not Attachment.objects.filter(registration_id=draft.pk).exists()
    assert not default_storage.exists(stored_file)  # the file too, once committed
    (entry,) = entries_after(before)
    assert_entry(
        entry,
        event_type=EventType.DELETE,
        user=screener,
        purpose=Purpose.REGISTRATION,
        registrations=[draft],
        persons=persons,
        address="",  # no request
    )
    assert entry.action == "D"


def test_an_email_draft_leaves_its_mail_rejected_with_the_reason(
    houses, demo_users, django_capture_on_commit_callbacks
):
    """The intake listener drafted it from a known partner's mail; deleting the draft makes
    the mail a rejected one, by the screener and with the reason, which retention removes after
    the period for rejected mails."""
    partner = demo_users["aanmelder"]
    raw = as_bytes(registration_mail(sender=partner.email, to=SITTARD))
    outcome = mail_receive(
        raw=raw, mail_from=partner.email, rcpt_to=[SITTARD], received_at=timezone.now()
    )
    mail = InboundMail.objects.get(pk=outcome.received[0].mail_id)
    assert mail.status == MailStatus.DRAFT_CREATED
    draft = mail.registration
    assert (draft.channel, draft.recorded_by) == (Channel.EMAIL, None)
    assert draft.attachments.count() == 1  # the PDF copied from the mail
    screener = demo_users["screener-sittard"]
    before = last_sequence()
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        meldpunt_draft_discard(draft=draft, by=screener, reason=DiscardReason.DUPLICATE, now=now)

    assert not Registration.objects.exists()
    mail.refresh_from_db()
    assert (mail.status, mail.registration, mail.decided_by) == (
        MailStatus.REJECTED,
        None,
        screener,
    )
    assert mail.decided_at == now
    assert mail.decision_note == (
        "Het meldpunt heeft het concept van de aanmelding verwijderd: "
        "Dubbel vastgelegd, of al aangemeld"
    )
    assert mail.attachments.get().attachment is None  # the copy went with the draft
    assert mail.content.raw  # the original stays for the rejected mails' period ...
    assert mail not in mails_due_for_purge(now=now + dt.timedelta(days=1))
    assert mail in mails_due_for_purge(now=now + dt.timedelta(days=31))  # ... then goes
    mail_entry, deletion = entries_after(before)
    assert (mail_entry.event_type, mail_entry.user_id, mail_entry.purpose) == (
        EventType.UPDATE,
        screener.pk,
        Purpose.REGISTRATION,
    )
    assert mail_entry.objects_concerned == [
        {"type": "inbound_mail", "id": str(mail.public_id), "ref": ""}
    ]
    assert (deletion.event_type, deletion.user_id) == (EventType.DELETE, screener.pk)
    assert deletion.objects_concerned[0]["id"] == str(draft.public_id)


def test_a_partners_own_draft_is_never_the_meldpunts_to_delete(make_draft, demo_users):
    draft = make_draft()  # the web form: the partner's own
    with pytest.raises(PermissionDenied):
        meldpunt_draft_discard(
            draft=draft, by=demo_users["screener"], reason=DiscardReason.DUPLICATE
        )
    assert Registration.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("username", ["screener-sittard", "aanmelder", "regisseur", "manager"])
def test_only_the_own_houses_meldpunt_deletes(make_draft, demo_users, username):
    draft = make_draft(channel=Channel.PHONE)
    before = last_sequence()
    with pytest.raises(PermissionDenied):
        meldpunt_draft_discard(draft=draft, by=demo_users[username], reason=DiscardReason.DUPLICATE)
    assert Registration.objects.filter(pk=draft.pk).exists()
    assert entries_after(before) == []


def test_a_submitted_registration_is_not_deleted_even_from_a_stale_copy(make_draft, demo_users):
    """The row is read again under its lock: the copy the page had still says draft."""
    screener = demo_users["screener"]
    draft = make_draft(channel=Channel.PHONE)
    stale = Registration.objects.get(pk=draft.pk)
    registration_submit(registration=draft, by=screener, now=NOW)
    with pytest.raises(ValidationError) as refused:
        meldpunt_draft_discard(draft=stale, by=screener, reason=DiscardReason.DUPLICATE)
    assert refused.value.code == "submitted"
    assert "kan niet meer worden verwijderd" in refused.value.messages[0]
    assert Registration.objects.get(pk=draft.pk).status == Status.RECEIVED


def test_submitting_a_draft_deleted_meanwhile_is_refused_not_crashed(make_draft, demo_users):
    """One screener deletes while another, with the page still open, submits it."""
    screener = demo_users["screener"]
    draft = make_draft(channel=Channel.PHONE)
    stale = Registration.objects.get(pk=draft.pk)
    meldpunt_draft_discard(draft=draft, by=screener, reason=DiscardReason.DUPLICATE)
    with pytest.raises(ValidationError) as refused:
        registration_submit(registration=stale, by=screener, now=NOW)
    assert refused.value.code == "gone"
    assert refused.value.messages == ["Dit concept is al verwijderd."]


def test_a_reason_is_needed(make_draft, demo_users):
    draft = make_draft(channel=Channel.PHONE)
    for reason in ("", "omdat het kan"):
        with pytest.raises(ValidationError) as refused:
            meldpunt_draft_discard(draft=draft, by=demo_users["screener"], reason=reason)
        assert refused.value.message_dict == {
            "reason": ["Kies waarom het concept wordt verwijderd."]
        }
    assert Registration.objects.filter(pk=draft.pk).exists()


def test_deleting_twice_is_refused_the_second_time(make_draft, demo_users):
    screener = demo_users["screener"]
    draft = make_draft(channel=Channel.PHONE)
    meldpunt_draft_discard(draft=draft, by=screener, reason=DiscardReason.NOT_A_REGISTRATION)
    before = last_sequence()
    with pytest.raises(ValidationError) as refused:
        meldpunt_draft_discard(draft=draft, by=screener, reason=DiscardReason.NOT_A_REGISTRATION)
    assert refused.value.code == "gone"
    assert entries_after(before) == []


@pytest.mark.django_db(transaction=True)
def test_two_screeners_deleting_at_once_delete_once(make_draft, demo_users, roles):
    first = demo_users["screener"]
    second = User.objects.create_user(username="screener-2", organisation=first.organisation)
    second.roles.set(first.roles.all())
    draft = make_draft(channel=Channel.PHONE)
    before = last_sequence()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def discard(user: User) -> None:
        try:
            mine, me = Registration.objects.get(pk=draft.pk), User.objects.get(pk=user.pk)
            barrier.wait(10)
            meldpunt_draft_discard(draft=mine, by=me, reason=DiscardReason.DUPLICATE)
            results.append("deleted")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=discard, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["deleted", "gone"]
    assert not Registration.objects.exists()
    deletions = AccessLogEntry.objects.filter(sequence__gt=before, event_type=EventType.DELETE)
    assert deletions.count() == 1
