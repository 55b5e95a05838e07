"""The pages this issue adds: changing a planned meeting (the invitees get an updated .ics)
and reopening a closed case with a reason; the case page lists its history. Dutch errors,
nothing typed lost."""

from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from zvh.casework.models import Case, CaseStatus, Meeting
from zvh.casework.services.closing import case_close, case_reopen
from zvh.casework.services.invitations import invitation_create
from zvh.casework.services.meetings import agenda_item_add
from zvh.notifications.models import OutgoingMail

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(meeting, case, demo_users, partner_users):
    item = agenda_item_add(
        meeting=meeting, case=case, question="Wat is nodig?", by=demo_users["screener"], now=NOW
    )
    police = partner_users["police"]
    invitation_create(
        item=item,
        organisation=police.organisation,
        users=[police],
        by=demo_users["screener"],
        now=NOW,
    )
    return item


def form_of(meeting: Meeting, **changes: str) -> dict[str, str]:
    starts = meeting.starts_at.astimezone()
    values = {
        "kind": str(meeting.kind_id),
        "day": starts.date().isoformat(),
        "start": "14:00",
        "end": "15:30",
        "place": "Stadhuis, zaal 3",
        "video_link": "",
        "chair": str(meeting.chair_id),
        "minute_taker": str(meeting.minute_taker_id),
        "version": str(meeting.version),
    }
    return {**values, **changes}


def test_changing_a_meeting_sends_the_invitees_an_updated_invitation(
    invited, meeting, demo_users, client, login
):
    url = reverse("cases:meeting_edit", args=[meeting.public_id])
    with freeze_time(NOW):
        login(demo_users["regisseur"])
        page = client.get(url)
        assert page.status_code == 200
        assert 'value="Veiligheidshuis, zaal 2"' in page.content.decode()
        response = client.post(url, form_of(meeting))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Stadhuis, zaal 3"
    assert meeting.sequence == 1
    mail = OutgoingMail.objects.get(template_key="meeting_updated")
    assert mail.recipients == [invited.invitations.get().user.email]
    ics = mail.attachments[0]["content"]
    assert "SEQUENCE:1" in ics
    assert meeting.ical_uid in ics


def test_a_change_into_the_past_is_refused_in_dutch_and_nothing_typed_is_lost(
    invited, meeting, demo_users, client, login
):
    url = reverse("cases:meeting_edit", args=[meeting.public_id])
    yesterday = (NOW - timedelta(days=1)).date().isoformat()
    with freeze_time(NOW):
        login(demo_users["regisseur"])
        response = client.post(url, form_of(meeting, day=yesterday, place="Getypte plek"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Een overleg kan niet in het verleden worden gepland." in text
    assert 'value="Getypte plek"' in text
    assert f'value="{yesterday}"' in text
    meeting.refresh_from_db()
    assert (meeting.place, meeting.sequence) == ("Veiligheidshuis, zaal 2", 0)
    assert not OutgoingMail.objects.filter(template_key="meeting_updated").exists()


def test_a_stale_page_is_a_conflict(meeting, demo_users, client, login):
    url = reverse("cases:meeting_edit", args=[meeting.public_id])
    with freeze_time(NOW):
        login(demo_users["regisseur"])
        response = client.post(url, form_of(meeting, version=str(meeting.version - 1)))
    assert response.status_code == 400
    assert "intussen gewijzigd" in response.content.decode()


def test_reopening_asks_for_a_reason_then_reopens(case, demo_users, client, login):
    case_close(case=case, by=demo_users["regisseur"], at=NOW, now=NOW, why="klaar")
    closed = Case.objects.get(pk=case.pk)
    url = reverse("cases:case_reopen", args=[case.public_id])
    with freeze_time(NOW + timedelta(days=1)):
        login(demo_users["regisseur"])
        assert client.get(url).status_code == 200
        response = client.post(url, {"why": "", "version": closed.version})
        assert response.status_code == 400
        assert "Geef de reden om de casus te heropenen." in response.content.decode()
        response = client.post(
            url, {"why": "Nieuwe zorgen van de wijkagent", "version": closed.version}
        )
        assert response.status_code == 302
        page = client.get(reverse("cases:case", args=[case.public_id])).content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert "Nieuwe zorgen van de wijkagent" in page  # the reason, in the case's history
    assert reverse("cases:case_reopen", args=[case.public_id]) not in page


def test_an_open_case_is_not_reopened(case, demo_users, client, login):
    login(demo_users["regisseur"])
    response = client.get(reverse("cases:case_reopen", args=[case.public_id]))
    assert response.status_code == 302


def test_the_case_page_lists_its_history_in_constant_queries(
    case, demo_users, client, login, django_assert_max_num_queries
):
    regisseur = demo_users["regisseur"]
    login(regisseur)
    url = reverse("cases:case", args=[case.public_id])
    with django_assert_max_num_queries(60) as captured:
        client.get(url)
    first = len(captured.captured_queries)
    for n in range(4):
        closed = case_close(case=case, by=regisseur, at=NOW, now=NOW, why=f"klaar {n}")
        case_reopen(case=closed, by=regisseur, why=f"reden {n}", now=NOW)
    with django_assert_max_num_queries(first):
        page = client.get(url).content.decode()
    assert "geopend door besluit" in page
    assert "reden 3" in page
