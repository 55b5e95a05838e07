"""Casework endpoints: a partner system reads and updates its own organisation's actions
(If-Match, Idempotency-Key, problems), and reads the agenda items its service user is invited to."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    Invitation,
    Meeting,
    MeetingKind,
)
from zvh.network.models import Organisation

from .conftest import problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(houses, demo_users):
    now = timezone.now()
    house = houses["MST"]
    case = Case.objects.create(
        reference="MST-C-2026-00077",
        veiligheidshuis=house,
        opened_at=now,
        opened_by=demo_users["screener"],
    )
    meeting = Meeting.objects.create(
        veiligheidshuis=house,
        kind=MeetingKind.objects.filter(veiligheidshuis=house).first(),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
        place="Zaal 2",
        chair=demo_users["regisseur"],
        minute_taker=demo_users["screener"],
        planned_by=demo_users["screener"],
        ical_uid="api@zvh",
    )
    return AgendaItem.objects.create(
        meeting=meeting, case=case, question="Wie doet wat?", summary="Gedeelde samenvatting."
    )


@pytest.fixture
def actions(item, partner, client_and_token, demo_users):
    service_user = client_and_token[0].user
    own = Agreement.objects.create(
        item=item,
        case=item.case,
        action="Huisbezoek afleggen",
        owner_organisation=partner,
        owner=service_user,
        due_on=(timezone.now() + timedelta(days=9)).date(),
    )
    police = Organisation.objects.get(name="Politie (demo)")
    other = Agreement.objects.create(
        item=item,
        case=item.case,
        action="Iets anders",
        owner_organisation=police,
        owner=demo_users["aanmelder"],
        due_on=(timezone.now() + timedelta(days=9)).date(),
    )
    return own, other


def test_the_partner_reads_only_its_own_actions(api, actions):
    own, other = actions
    response = api.get("/api/v1/casework/actions/")
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [str(own.public_id)]
    assert api.get(f"/api/v1/casework/actions/{other.public_id}/").status_code == 404
    detail = api.get(f"/api/v1/casework/actions/{own.public_id}/")
    assert detail.status_code == 200
    assert detail["ETag"] == '"1"'
    assert detail.json()["case_reference"] == "MST-C-2026-00077"


def test_marking_done_needs_if_match_and_a_note(api, actions):
    own, _other = actions
    url = f"/api/v1/casework/actions/{own.public_id}/done/"

    def post(body, **headers):
        return api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **headers)

    assert post({"note": "Gedaan."}).status_code == 428
    assert post({"note": "Gedaan."}, HTTP_IF_MATCH='"7"').status_code == 412
    refused = post({"note": ""}, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 422
    assert problem(refused)["status"] == 422
    own.refresh_from_db()
    assert own.state == "open"
    done = post({"note": "Gedaan."}, HTTP_IF_MATCH='"1"')
    assert done.status_code == 200
    assert done.json()["state"] == "done"
    assert done["ETag"] == '"2"'


def test_the_service_user_sees_only_the_items_it_is_invited_to(
    api, item, client_and_token, partner, demo_users
):
    assert api.get("/api/v1/casework/agenda-items/").json() == []
    Invitation.objects.create(
        item=item,
        organisation=partner,
        user=client_and_token[0].user,
        invited_at=timezone.now() - timedelta(minutes=5),
        invited_by=demo_users["screener"],
    )
    (row,) = api.get("/api/v1/casework/agenda-items/").json()
    assert row["case_reference"] == "MST-C-2026-00077"
    assert row["summary"] == "Gedeelde samenvatting."
    assert set(row) == {
        "id",
        "case_reference",
        "meeting_kind",
        "starts_at",
        "ends_at",
        "place",
        "video_link",
        "question",
        "summary",
        "life_domains",
    }


def test_a_meldpunt_client_lists_its_houses_meetings_and_a_partner_may_not(
    api, api_for, item, partner, client_and_token, demo_users
):
    Invitation.objects.create(
        item=item,
        organisation=partner,
        user=client_and_token[0].user,
        invited_at=timezone.now(),
        invited_by=demo_users["screener"],
    )
    day = item.meeting.starts_at.date().isoformat()
    meldpunt = api_for("Zorg- en Veiligheidshuis Maastricht", role="screener")
    response = meldpunt.get(f"/api/v1/casework/meetings/?day={day}")
    assert response.status_code == 200
    (meeting,) = response.json()
    (row,) = meeting["items"]
    assert row["case_reference"] == "MST-C-2026-00077"
    assert row["invitations"] == [{"organisation": partner.name, "answer": "pending"}]
    assert row["minutes"] == "none"
    other = api_for("Zorg- en Veiligheidshuis Westelijke Mijnstreek", role="screener")
    assert other.get(f"/api/v1/casework/meetings/?day={day}").json() == []
    assert api.get("/api/v1/casework/meetings/").status_code == 403
