"""The staff's casework writes under /api/v1/casework/: one row per endpoint in a token
matrix (the meldpunt client of the own house, of another house, a partner's client), then the
rules through the API: the same services, Idempotency-Key, If-Match and problem+json."""

import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseStatus,
    CloseReason,
    Invitation,
    Meeting,
    MeetingKind,
    Minutes,
)
from zvh.casework.tests.conftest import case  # noqa: F401  (a fixture)
from zvh.network.models import Organisation
from zvh.notifications.models import OutgoingMail
from zvh.triage.tests.conftest import make_submitted  # noqa: F401  (a fixture)

from .conftest import problem

pytestmark = pytest.mark.django_db

MST_STAFF = "Zorg- en Veiligheidshuis Maastricht"
STD_STAFF = "Zorg- en Veiligheidshuis Westelijke Mijnstreek"
BASE = "/api/v1/casework"


@pytest.fixture
def clients(api_for):
    return {
        "own": api_for(MST_STAFF, role="screener"),
        "other_house": api_for(STD_STAFF, role="screener"),
        "partner": api_for("Politie (demo)"),
    }


def service_user(http):
    return http.api_client.user


@pytest.fixture
def world(case, clients, demo_users):  # noqa: F811
    """A meeting next week chaired and minuted by the own meldpunt client's service user, an
    item for the case with the partner client's service user invited, draft minutes and an
    agreement."""
    now = timezone.now()
    staff = service_user(clients["own"])
    partner = service_user(clients["partner"])
    meeting = Meeting.objects.create(
        veiligheidshuis=case.veiligheidshuis,
        kind=MeetingKind.objects.filter(veiligheidshuis=case.veiligheidshuis).first(),
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=1),
        place="Zaal 1",
        chair=staff,
        minute_taker=staff,
        planned_by=staff,
        ical_uid="staff-api@zvh",
    )
    item = AgendaItem.objects.create(meeting=meeting, case=case, question="Wie doet wat?")
    invitation = Invitation.objects.create(
        item=item,
        organisation=partner.organisation,
        user=partner,
        invited_at=now,
        invited_by=staff,
    )
    Minutes.objects.create(item=item, situation="Situatie.", drafted_by=staff, updated_at=now)
    agreement = Agreement.objects.create(
        item=item,
        case=case,
        action="Huisbezoek",
        owner_organisation=partner.organisation,
        owner=partner,
        due_on=(now + timedelta(days=20)).date(),
    )
    return {
        "meeting": meeting.public_id,
        "item": item.public_id,
        "agreement": agreement.public_id,
        "invitation": invitation.public_id,
    }


#: (method, path, own house's meldpunt, another house's meldpunt, a partner's client). The
#: writes are sent with an empty body, an Idempotency-Key and If-Match "1": the own client is
#: let in and the body refused (422); another house's gets 404; a partner's client 403. The
#: invitee answers its own invitation only.
ROWS = [
    ("post", "/meetings/", 422, 422, 403),
    ("get", "/meetings/{meeting}/", 200, 404, 403),
    ("post", "/meetings/{meeting}/change/", 422, 404, 403),
    ("post", "/meetings/{meeting}/cancel/", 200, 404, 403),
    ("post", "/meetings/{meeting}/items/", 422, 404, 403),
    ("get", "/agenda-items/{item}/", 200, 404, 403),
    ("post", "/agenda-items/{item}/outcome/", 422, 404, 403),
    ("post", "/agenda-items/{item}/invitations/", 422, 404, 403),
    ("get", "/agenda-items/{item}/minutes/", 200, 404, 403),
    ("post", "/agenda-items/{item}/minutes/", 422, 404, 403),
    ("post", "/agenda-items/{item}/minutes/finalise/", 200, 404, 403),
    ("post", "/agenda-items/{item}/agreements/", 422, 404, 403),
    ("get", "/agreements/{agreement}/", 200, 404, 403),
    ("post", "/agreements/{agreement}/change/", 422, 404, 403),
    ("post", "/agreements/{agreement}/done/", 422, 404, 403),
    ("post", "/invitations/{invitation}/answer/", 404, 404, 422),
]


def call(http, method: str, url: str, **headers: str) -> int:
    """The status code, in a savepoint rolled back afterwards (cells cannot influence each
    other)."""
    with transaction.atomic():
        if method == "get":
            status = http.get(url).status_code
        else:
            status = http.post(
                url,
                {},
                format="json",
                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
                HTTP_IF_MATCH='"1"',
                **headers,
            ).status_code
        transaction.set_rollback(True)
    return status


def test_the_token_matrix(world, clients):
    problems = []
    for method, path, *expected in ROWS:
        url = BASE + path.format(**world)
        for who, want in zip(("own", "other_house", "partner"), expected, strict=True):
            got = call(clients[who], method, url)
            if got != want:
                problems.append(f"{method.upper()} {path} as {who}: expected {want}, got {got}")
    assert not problems, "\n".join(problems)


def test_the_staff_endpoints_ask_the_permission_module(world, clients, monkeypatch):
    from zvh.accounts import permissions

    url = f"{BASE}/meetings/{world['meeting']}/"
    assert clients["own"].get(url).status_code == 200
    monkeypatch.setattr(permissions, "is_active_user", lambda user: False)
    assert clients["own"].get(url).status_code == 403


def post(http, url, body, *, key=None, if_match=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key or str(uuid.uuid4())}
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return http.post(BASE + url, body, format="json", **headers)


def meeting_body(http, case, *, starts_in=timedelta(days=7)):  # noqa: F811
    starts = timezone.now() + starts_in
    user = service_user(http)
    return {
        "kind": MeetingKind.objects.filter(veiligheidshuis=case.veiligheidshuis).first().pk,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "place": "Zaal 4",
        "chair": user.pk,
        "minute_taker": user.pk,
    }


def pointers(response) -> set[str]:
    return {error["pointer"] for error in problem(response)["errors"]}


def test_a_meeting_in_the_past_is_a_problem_and_nothing_is_saved(case, clients):  # noqa: F811
    own = clients["own"]
    refused = post(own, "/meetings/", meeting_body(own, case, starts_in=-timedelta(hours=1)))
    assert refused.status_code == 422
    assert pointers(refused) == {"#/starts_at"}
    assert not Meeting.objects.exists()


def test_the_consultation_through_the_api(case, clients):  # noqa: F811
    own, partner = clients["own"], clients["partner"]
    key = str(uuid.uuid4())
    body = meeting_body(own, case)
    planned = post(own, "/meetings/", body, key=key)
    assert planned.status_code == 201, planned.json()
    assert planned["ETag"] == '"1"'
    replay = post(own, "/meetings/", body, key=key)
    assert replay.json() == planned.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert Meeting.objects.count() == 1
    meeting = planned.json()["id"]

    item = post(own, f"/meetings/{meeting}/items/", {"case": str(case.public_id), "question": "?"})
    assert item.status_code == 201, item.json()
    item_id = item.json()["id"]
    assert item.json()["case_status"] == CaseStatus.IN_CONSULTATION

    outsider = post(
        own,
        f"/agenda-items/{item_id}/invitations/",
        {"organisation": 999999, "users": []},
    )
    assert outsider.status_code == 422
    sittard = Organisation.objects.get(name="Gemeente Sittard-Geleen (demo)")
    outsider = post(
        own, f"/agenda-items/{item_id}/invitations/", {"organisation": sittard.pk, "users": []}
    )
    assert outsider.status_code == 422
    assert "#/organisation" in pointers(outsider)
    invitee = service_user(partner)
    invitee.email = "koppeling@politie.invalid"  # a service user has no address of its own
    invitee.save(update_fields=["email"])
    invited = post(
        own,
        f"/agenda-items/{item_id}/invitations/",
        {"organisation": invitee.organisation_id, "users": [invitee.pk]},
    )
    assert invited.status_code == 201, invited.json()
    answered = post(
        partner, f"/invitations/{invited.json()[0]['id']}/answer/", {"answer": "attend"}
    )
    assert answered.status_code == 200
    assert answered.json()["answer"] == "attend"

    changed = post(own, f"/meetings/{meeting}/change/", {**body, "place": "Zaal 5"}, if_match='"1"')
    assert changed.status_code == 200, changed.json()
    assert changed.json()["sequence"] == 1
    assert OutgoingMail.objects.filter(template_key="meeting_updated").count() == 1
    stale = post(own, f"/meetings/{meeting}/change/", body, if_match='"1"')
    assert stale.status_code == 412

    minutes_url = f"/agenda-items/{item_id}/minutes/"
    assert post(own, minutes_url, {"situation": "S."}).status_code == 428
    drafted = post(own, minutes_url, {"situation": "Situatie."}, if_match='"0"')
    assert drafted.status_code == 200, drafted.json()
    assert drafted["ETag"] == '"1"'

    agreements = f"/agenda-items/{item_id}/agreements/"
    incomplete = post(
        own,
        agreements,
        {"action": "Bellen", "owner_organisation": None, "owner": None, "due_on": None},
    )
    assert incomplete.status_code == 422
    assert {"#/owner_organisation", "#/owner", "#/due_on"} <= pointers(incomplete)
    agreement = post(
        own,
        agreements,
        {
            "action": "Huisbezoek",
            "owner_organisation": invitee.organisation_id,
            "owner": invitee.pk,
            "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert agreement.status_code == 201, agreement.json()
    agreement_id = agreement.json()["id"]
    moved = post(
        own,
        f"/agreements/{agreement_id}/change/",
        {
            "action": "Huisbezoek met wijkagent",
            "owner_organisation": invitee.organisation_id,
            "owner": invitee.pk,
            "due_on": (timezone.localdate() + timedelta(days=12)).isoformat(),
        },
        if_match='"1"',
    )
    assert moved.status_code == 200, moved.json()
    assert moved["ETag"] == '"2"'

    finalise = f"/agenda-items/{item_id}/minutes/finalise/"
    first = post(own, finalise, {}, if_match='"1"')
    assert first.status_code == 200
    assert first.json()["final"] is True
    second = post(own, finalise, {}, if_match='"1"')  # the other chair, same version
    assert second.status_code == 412
    assert post(own, minutes_url, {"situation": "Nog iets."}, if_match='"2"').status_code in (
        409,
        422,
    )

    done = post(own, f"/agreements/{agreement_id}/done/", {"note": "Gedaan."}, if_match='"2"')
    assert done.status_code == 200
    assert done.json()["state"] == "done"

    reason = CloseReason.objects.filter(veiligheidshuis=case.veiligheidshuis).first()
    closed = post(
        own,
        f"/agenda-items/{item_id}/outcome/",
        {"outcome": "close", "close_reason": reason.pk},
        if_match='"1"',
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["case_status"] == CaseStatus.CLOSED
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED

    later = post(own, "/meetings/", meeting_body(own, case, starts_in=timedelta(days=14)))
    for_closed = post(
        own,
        f"/meetings/{later.json()['id']}/items/",
        {"case": str(case.public_id), "question": "?"},
    )
    assert for_closed.status_code == 422
    assert pointers(for_closed) == {"#/case"}
