"""The consultation through its pages: plan, agenda, share, invite, answer, minutes,
agreements, outcome; need to know for invitees, with a frozen clock for the window."""

from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from zvh.access_log.enums import Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.casework.models import (
    AgendaItem,
    Agreement,
    CaseStatus,
    Invitation,
    Meeting,
    MeetingKind,
    SharingRecord,
)
from zvh.network.models import LifeDomain
from zvh.notifications.models import OutgoingMail

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(case, meeting, demo_users, partner_users, client, login):
    """An item for the case on the meeting, shared and with two organisations invited, made
    through the pages by the screener (with the clock at NOW)."""
    with freeze_time(NOW):
        login(demo_users["screener"])
        response = client.post(
            reverse("cases:item_add", args=[meeting.public_id]),
            {"case": case.pk, "question": "Wie pakt de regie op huisvesting?"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        item = AgendaItem.objects.get(meeting=meeting)
        domains = list(LifeDomain.objects.filter(veiligheidshuis=case.veiligheidshuis)[:2])
        response = client.post(
            reverse("cases:item_share", args=[item.public_id]),
            {"summary": "Samenvatting voor het overleg.", "life_domains": [d.pk for d in domains]},
        )
        assert response.status_code == 302
        for key in ("police", "municipality"):
            user = partner_users[key]
            response = client.post(
                reverse("cases:item_invite", args=[item.public_id]),
                {"organisation": user.organisation_id, "users": [user.pk]},
            )
            assert response.status_code == 302, response.content.decode()[:3000]
    return item


def test_planning_in_the_past_is_refused_in_dutch(case, demo_users, client, login):
    kind = MeetingKind.objects.get(veiligheidshuis=case.veiligheidshuis, name="Casusoverleg")
    with freeze_time(NOW):
        login(demo_users["screener"])
        response = client.post(
            reverse("cases:meeting_new"),
            {
                "kind": kind.pk,
                "day": (NOW - timedelta(days=1)).date().isoformat(),
                "start": "10:00",
                "end": "11:00",
                "place": "Zaal 1",
                "chair": demo_users["regisseur"].pk,
                "minute_taker": demo_users["screener"].pk,
            },
        )
    assert response.status_code == 400
    assert "verleden" in response.content.decode()
    assert not Meeting.objects.exists()


def test_invitees_see_only_their_item_within_the_window(planned, partner_users, client, login):
    item = planned
    item.case.refresh_from_db()
    assert item.case.status == CaseStatus.IN_CONSULTATION
    assert SharingRecord.objects.filter(case=item.case).count() == 2
    url = reverse("cases:item", args=[item.public_id])
    with freeze_time(NOW + timedelta(days=1)):
        login(partner_users["police"])
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Samenvatting voor het overleg." in page
    assert "Wie pakt de regie op huisvesting?" in page
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.purpose == Purpose.CONSULTATION
    with freeze_time(NOW + timedelta(days=1)):
        login(partner_users["probation"])
        assert client.get(url).status_code == 404
    meeting_end = item.meeting.ends_at
    with freeze_time(meeting_end + timedelta(days=14) - timedelta(minutes=1)):
        login(partner_users["municipality"])
        assert client.get(url).status_code == 200
    with freeze_time(meeting_end + timedelta(days=14, minutes=1)):
        login(partner_users["municipality"])
        response = client.get(url)
    assert response.status_code == 403
    assert "verlopen" in response.content.decode()


def test_invitations_mail_an_ics_without_personal_data(planned, partner_users):
    mails = OutgoingMail.objects.filter(template_key="meeting_invitation")
    assert mails.count() == 2
    mail = mails.first()
    assert item_reference(planned) in mail.body
    assert "Samenvatting" not in mail.body
    ics = mail.attachments[0]["content"]
    assert "METHOD:REQUEST" in ics
    assert "SEQUENCE:0" in ics


def item_reference(item):
    return item.case.reference


def test_answer_minutes_agreements_and_outcome(planned, demo_users, partner_users, client, login):
    item = planned
    url = reverse("cases:item", args=[item.public_id])
    police = partner_users["police"]
    with freeze_time(NOW + timedelta(days=1)):
        login(police)
        response = client.post(
            reverse("cases:item_answer", args=[item.public_id]), {"answer": "attend"}
        )
    assert response.status_code == 302
    assert Invitation.objects.get(item=item, user=police).answer == "attend"
    at_meeting = item.meeting.starts_at + timedelta(minutes=30)
    with freeze_time(at_meeting):
        login(demo_users["screener"])  # the minute-taker
        response = client.post(
            reverse("cases:item_minutes", args=[item.public_id]),
            {"situation": "Situatie besproken.", "conclusions": "Conclusie.", "version": 0},
        )
        assert response.status_code == 302
        for action in ("Huisbezoek", "Gesprek"):
            response = client.post(
                reverse("cases:item_agreement", args=[item.public_id]),
                {
                    "action": action,
                    "owner_organisation": police.organisation_id,
                    "owner": police.pk,
                    "due_on": (at_meeting + timedelta(days=10)).date().isoformat(),
                },
            )
            assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(
            reverse("cases:item_agreement", args=[item.public_id]),
            {"action": "Zonder eigenaar"},
        )
        assert response.status_code == 400
        assert "eigenaar" in response.content.decode().lower()
    # before finalising, the police do not see the draft
    with freeze_time(at_meeting):
        login(police)
        assert "Situatie besproken." not in client.get(url).content.decode()
    with freeze_time(at_meeting):
        login(demo_users["regisseur"])  # the chair
        response = client.post(
            reverse("cases:item_finalise", args=[item.public_id]), {"version": 1}
        )
        assert response.status_code == 302
        stale = client.post(reverse("cases:item_finalise", args=[item.public_id]), {"version": 1})
        assert stale.status_code == 409
    with freeze_time(at_meeting):
        login(police)
        page = client.get(url).content.decode()
        assert "Situatie besproken." in page
        assert "Huisbezoek" in page
        actions = client.get(reverse("cases:actions")).content.decode()
        assert "Huisbezoek" in actions
        agreement = Agreement.objects.get(action="Huisbezoek")
        response = client.post(
            reverse("cases:action_done", args=[agreement.public_id]), {"note": "Gedaan."}
        )
        assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == "done"
    reason = item.case.veiligheidshuis.close_reasons.first()
    with freeze_time(at_meeting):
        login(demo_users["regisseur"])
        response = client.post(
            reverse("cases:item_outcome", args=[item.public_id]),
            {"outcome": "close", "close_reason": reason.pk},
        )
    assert response.status_code == 302
    item.case.refresh_from_db()
    assert item.case.status == CaseStatus.CLOSED
    assert item.case.close_reason == reason
    mail = OutgoingMail.objects.get(template_key="case_outcome")
    registration = item.case.links.get().registration
    assert registration.reference in mail.subject
    assert "Situatie" not in mail.body
    with freeze_time(at_meeting):
        login(demo_users["aanmelder"])  # the registrant, told in the app too
        page = client.get(reverse("registrations:detail", args=[registration.public_id]))
    assert "De casus is na het overleg afgesloten." in page.content.decode()
