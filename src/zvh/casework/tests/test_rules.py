"""The casework rules at the service level: calendar updates and cancellations, who may be
invited, the agenda, delegation, finalising once, reminders and overdue signals, the sharing
record's export, and the real mail with its calendar part."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from zvh.access_log.enums import EventType, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.casework.jobs import agreement_notices_send
from zvh.casework.models import (
    AgendaItem,
    CaseStatus,
    Invitation,
    Meeting,
    Minutes,
    SharingRecord,
)
from zvh.casework.services.invitations import invitation_answer, invitation_create
from zvh.casework.services.meetings import (
    MeetingInput,
    agenda_item_add,
    meeting_cancel,
    meeting_change,
)
from zvh.casework.services.minutes import (
    AgreementInput,
    MinutesInput,
    agreement_add,
    minutes_finalise,
    minutes_save,
)
from zvh.casework.workflow import case_transition
from zvh.network.models import Organisation
from zvh.notifications.models import OutgoingMail
from zvh.notifications.outbox import outbox_deliver

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting, case, demo_users):
    return agenda_item_add(
        meeting=meeting, case=case, question="Wat is nodig?", by=demo_users["screener"], now=NOW
    )


@pytest.fixture
def invited(item, partner_users, demo_users):
    police = partner_users["police"]
    return invitation_create(
        item=item,
        organisation=police.organisation,
        users=[police],
        by=demo_users["screener"],
        now=NOW,
    )[0]


def _ics(key):
    return OutgoingMail.objects.get(template_key=key).attachments[0]["content"]


def test_a_change_and_a_cancellation_send_the_same_uid_with_a_higher_sequence(
    invited, meeting, demo_users
):
    first = _ics("meeting_invitation")
    uid = next(line for line in first.splitlines() if line.startswith("UID:"))
    meeting_change(
        meeting=meeting,
        data=MeetingInput(
            kind_id=meeting.kind_id,
            starts_at=meeting.starts_at + timedelta(hours=2),
            ends_at=meeting.ends_at + timedelta(hours=2),
            place="Zaal 3",
            chair_id=meeting.chair_id,
            minute_taker_id=meeting.minute_taker_id,
        ),
        by=demo_users["regisseur"],
        now=NOW,
        expected_version=meeting.version,
    )
    updated = _ics("meeting_updated")
    assert uid in updated
    assert "SEQUENCE:1" in updated
    assert "METHOD:REQUEST" in updated
    assert "Zaal 3" in updated
    meeting_cancel(meeting=Meeting.objects.get(pk=meeting.pk), by=demo_users["screener"], now=NOW)
    cancelled = _ics("meeting_cancelled")
    assert uid in cancelled
    assert "SEQUENCE:2" in cancelled
    assert "METHOD:CANCEL" in cancelled
    assert "STATUS:CANCELLED" in cancelled
    with pytest.raises(ValidationError):
        meeting_change(
            meeting=meeting,
            data=MeetingInput(kind_id=None, starts_at=None, ends_at=None),
            by=demo_users["regisseur"],
            now=NOW,
            expected_version=1,
        )


def test_an_organisation_outside_the_network_is_refused_and_nothing_is_saved(
    item, demo_users, roles
):
    outsider = Organisation.objects.get(name="Gemeente Sittard-Geleen (demo)")
    user = outsider.users.create(username="sittard-partner", email="s@partner.invalid")
    with pytest.raises(ValidationError) as error:
        invitation_create(
            item=item, organisation=outsider, users=[user], by=demo_users["screener"], now=NOW
        )
    assert "geen partner in het netwerk" in error.value.message_dict["organisation"][0]
    assert not Invitation.objects.exists()
    assert not SharingRecord.objects.exists()
    assert not OutgoingMail.objects.filter(template_key="meeting_invitation").exists()


def test_invitees_must_work_for_the_invited_organisation(item, partner_users, demo_users):
    police = Organisation.objects.get(name="Politie (demo)")
    with pytest.raises(ValidationError) as error:
        invitation_create(
            item=item,
            organisation=police,
            users=[partner_users["municipality"]],
            by=demo_users["screener"],
            now=NOW,
        )
    assert "users" in error.value.message_dict
    assert not Invitation.objects.exists()


def test_a_closed_case_or_a_past_meeting_takes_no_agenda_item(meeting, case, demo_users):
    case_transition(case=case, to=CaseStatus.CLOSED, by=demo_users["screener"], at=NOW)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        agenda_item_add(
            meeting=meeting, case=case, question="?", by=demo_users["screener"], now=NOW
        )
    assert "gesloten" in error.value.message_dict["case"][0]
    with pytest.raises(ValidationError) as error:
        agenda_item_add(
            meeting=meeting,
            case=case,
            question="?",
            by=demo_users["screener"],
            now=meeting.starts_at + timedelta(minutes=1),
        )
    assert "meeting" in error.value.message_dict
    assert not AgendaItem.objects.exists()


def test_sending_a_colleague_hands_over_the_access(invited, item, partner_users):
    police, colleague = partner_users["police"], partner_users["police_colleague"]
    invitation_answer(
        invitation=invited, answer="delegated", colleague=colleague, by=police, now=NOW
    )
    from zvh.accounts.permissions import may_view_agenda_item

    fresh = AgendaItem.objects.get(pk=item.pk)
    assert not may_view_agenda_item(police, fresh, now=NOW + timedelta(hours=1))
    assert may_view_agenda_item(colleague, fresh, now=NOW + timedelta(hours=1))
    assert OutgoingMail.objects.filter(template_key="meeting_invitation").count() == 2
    with pytest.raises(ValidationError):
        invitation_answer(
            invitation=Invitation.objects.get(user=colleague),
            answer="delegated",
            colleague=partner_users["municipality"],
            by=colleague,
            now=NOW,
        )


def test_of_two_chairs_finalising_the_same_version_one_wins(item, demo_users):
    minutes_save(
        item=item,
        data=MinutesInput(situation="Situatie."),
        by=demo_users["screener"],
        now=NOW,
        expected_version=0,
    )
    version = Minutes.objects.get(item=item).version
    minutes_finalise(item=item, by=demo_users["regisseur"], now=NOW, expected_version=version)
    with pytest.raises(ValidationError) as error:
        minutes_finalise(item=item, by=demo_users["regisseur"], now=NOW, expected_version=version)
    assert error.value.code == "conflict"
    assert "intussen gewijzigd" in error.value.messages[0]
    with pytest.raises(ValidationError):
        minutes_save(
            item=item,
            data=MinutesInput(situation="Nog iets."),
            by=demo_users["screener"],
            now=NOW,
            expected_version=None,
        )
    assert Minutes.objects.get(item=item).situation == "Situatie."


def test_an_agreement_needs_an_owner_and_a_due_date(item, demo_users):
    with pytest.raises(ValidationError) as error:
        agreement_add(
            item=item,
            data=AgreementInput(
                action="Bellen", owner_organisation_id=None, owner_id=None, due_on=None
            ),
            by=demo_users["screener"],
            now=NOW,
            today=NOW.date(),
        )
    assert {"owner_organisation", "owner", "due_on"} <= set(error.value.message_dict)
    assert not item.agreements.exists()


def test_reminder_before_the_due_date_and_overdue_signal_once(item, partner_users, demo_users):
    police = partner_users["police"]
    agreement = agreement_add(
        item=item,
        data=AgreementInput(
            action="Huisbezoek",
            owner_organisation_id=police.organisation_id,
            owner_id=police.pk,
            due_on=(NOW + timedelta(days=10)).date(),
        ),
        by=demo_users["screener"],
        now=NOW,
        today=NOW.date(),
    )
    assert agreement_notices_send(now=NOW) == 0
    reminder_day = NOW + timedelta(days=8)
    assert agreement_notices_send(now=reminder_day) == 1
    assert agreement_notices_send(now=reminder_day) == 0
    reminder = OutgoingMail.objects.get(template_key="agreement_reminder")
    assert reminder.recipients == [police.email]
    agreement.refresh_from_db()
    assert agreement.reminded_at == reminder_day
    overdue_day = NOW + timedelta(days=11)
    assert agreement_notices_send(now=overdue_day) == 1
    assert agreement_notices_send(now=overdue_day) == 0
    signal = OutgoingMail.objects.get(template_key="agreement_overdue")
    assert demo_users["regisseur"].email in signal.recipients
    assert "Huisbezoek" not in signal.body


def test_the_privacy_officer_exports_the_sharing_record(invited, item, demo_users, client, login):
    login(demo_users["privacy"])
    page = client.get(reverse("cases:sharing", args=[item.case.public_id]))
    assert page.status_code == 200
    assert "Politie (demo)" in page.content.decode()
    response = client.get(reverse("cases:sharing_export", args=[item.case.public_id]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["case", "shared_at", "organisation"]
    assert rows[1][0] == item.case.reference
    assert rows[1][2] == "Politie (demo)"
    assert rows[0][3:6] == ["kind", "meeting", "plan_version"]
    assert rows[1][3] == "consultation"
    assert rows[1][4]
    assert rows[1][5] == ""
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.event_type, entry.purpose) == (EventType.EXPORT, Purpose.PRIVACY_REVIEW)
    login(demo_users["screener"])
    assert client.get(reverse("cases:sharing", args=[item.case.public_id])).status_code == 404


def test_the_invitation_reaches_a_real_smtp_server_with_its_calendar_part(invited, smtp_server):
    mail = OutgoingMail.objects.get(template_key="meeting_invitation")
    assert outbox_deliver(mail_id=mail.pk) == "sent"
    (message,) = smtp_server.messages
    assert invited.item.case.reference in message["Subject"]
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    assert parts[0].get_filename() == "uitnodiging.ics"
    assert "BEGIN:VEVENT" in parts[0].get_content()


def test_the_meeting_list_and_the_action_list_take_constant_queries(
    case, demo_users, partner_users, client, login
):
    from zvh.casework.models import Agreement, MeetingKind

    kind = MeetingKind.objects.filter(veiligheidshuis=case.veiligheidshuis).first()
    police = partner_users["police"]

    def add(n):
        for _ in range(n):
            meeting = Meeting.objects.create(
                veiligheidshuis=case.veiligheidshuis,
                kind=kind,
                starts_at=NOW + timedelta(days=1),
                ends_at=NOW + timedelta(days=1, hours=1),
                chair=demo_users["regisseur"],
                minute_taker=demo_users["screener"],
                planned_by=demo_users["screener"],
                ical_uid=f"{Meeting.objects.count()}-q@zvh",
            )
            item = AgendaItem.objects.create(meeting=meeting, case=case, question="?")
            Agreement.objects.create(
                item=item,
                case=case,
                action="Actie",
                owner_organisation=police.organisation,
                owner=police,
                due_on=(NOW + timedelta(days=5)).date(),
            )

    url = reverse("cases:meetings") + f"?view=month&day={NOW.date().isoformat()}"
    counts = {}
    for n in (2, 12):
        add(n if n == 2 else 10)
        with freeze_time(NOW):
            login(demo_users["screener"])
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            meetings = len(captured.captured_queries)
            login(police)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("cases:actions")).status_code == 200
            counts[n] = (meetings, len(captured.captured_queries))
    assert counts[2] == counts[12]
