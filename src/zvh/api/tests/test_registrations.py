"""The registrant endpoints: create (draft or submitted), submit, attachments, list, read, answer.

Clients are demo organisations' API clients: "Politie (demo)" registers, "Gemeente Maastricht
(demo)" is another registrant organisation, and the Maastricht staff organisation has a meldpunt
(screener) client. Persons are synthetic (generated elfproef BSNs).
"""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from zvh.api.models import IdempotencyRecord
from zvh.network.models import LifeDomain
from zvh.registrations.models import Attachment, Channel, Registration
from zvh.registrations.status import Status
from zvh.triage.services import information_request_create

from .conftest import problem

POLICE = "Politie (demo)"
MUNICIPALITY = "Gemeente Maastricht (demo)"
MST_STAFF = "Zorg- en Veiligheidshuis Maastricht"
URL = "/api/v1/registrations/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def body(**overrides) -> dict:
    domains = list(
        LifeDomain.objects.filter(veiligheidshuis__code="MST")
        .order_by("position")
        .values_list("pk", flat=True)[:2]
    )
    data = {
        "persons": [
            {
                "given_names": "Testa",
                "surname": "Synthetica",
                "date_of_birth": "1984-05-17",
                "bsn": "111222333",
                "municipality": "gm0935",
            },
            {"relation": "child", "given_names": "Kim", "surname": "Synthetica"},
        ],
        "target_group": "huiselijk-geweld",
        "reason": "Repeated incidents.",
        "situation": "Police were called three times.",
        "life_domains": domains,
        "urgency": "normal",
        "contact_name": "A. Agent",
        "contact_email": "agent@politie.example",
        "client_informed": True,
        "client_informed_on": "2026-11-20",
        "client_informed_how": "By phone",
        "partners": [
            {"organisation_name": "Reclassering", "contact_name": "R. Toezicht"},
        ],
    }
    data.update(overrides)
    return data


def post(api, data, *, key: str | None = None, url: str = URL, **extra):
    return api.post(
        url, data, format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()), **extra
    )


@pytest.fixture
def police(api_for):
    return api_for(POLICE)


@pytest.fixture
def other_registrant(api_for):
    return api_for(MUNICIPALITY)


@pytest.fixture
def screener(api_for):
    return api_for(MST_STAFF, "screener")


def _submitted(police) -> dict:
    response = post(police, body(submit=True))
    assert response.status_code == 201, response.json()
    return response.json()


# --- create -------------------------------------------------------------------------------------


def test_create_and_submit_in_one_call(police, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(police, body(submit=True))
    assert response.status_code == 201, response.json()
    data = response.json()
    registration = Registration.objects.get(public_id=data["id"])
    assert response["Location"] == f"/api/v1/registrations/{registration.public_id}/"
    assert response["ETag"] == f'"{registration.version}"'
    assert registration.status == Status.RECEIVED
    assert registration.channel == Channel.API
    assert registration.registrant == police.api_client.user
    assert registration.registrant_organisation.name == POLICE
    assert data["reference"] == registration.reference
    assert data["reference"].startswith("MST-")
    assert data["deadline_at"] is not None
    assert data["outcome"] is None
    assert [p["relation"] for p in data["persons"]] == ["main", "child"]
    assert data["persons"][0]["municipality"] == "GM0935"
    assert data["target_group"] == "huiselijk-geweld"
    assert data["partners"][0]["contact_name"] == "R. Toezicht"
    assert data["client_informed"] is True
    assert mail.outbox  # the meldpunt (and registrant) are told, as from the web form


def test_create_a_draft_then_submit_it_with_if_match(police):
    response = post(police, body())
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert response.json()["reference"] is None
    url = response["Location"] + "submit/"
    missing = post(police, None, url=url)
    assert missing.status_code == 428
    stale = post(police, None, url=url, HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412
    assert Registration.objects.get(public_id=response.json()["id"]).status == Status.DRAFT
    submitted = post(police, None, url=url, HTTP_IF_MATCH=response["ETag"])
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "received"
    assert submitted["ETag"] != response["ETag"]


def test_an_incomplete_submission_lists_every_missing_field_and_creates_nothing(police):
    data = body(submit=True, reason="", client_informed=None, target_group=None)
    data["persons"][1]["relation"] = ""
    response = post(police, data)
    assert response.status_code == 422
    fields = {e["field"] for e in problem(response)["errors"]}
    assert {"reason", "client_informed", "target_group", "persons.1.relation"} <= fields
    pointers = {e["pointer"] for e in problem(response)["errors"]}
    assert "#/persons/1/relation" in pointers
    assert not Registration.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def test_an_incomplete_draft_is_kept(police):
    response = post(police, body(reason="", situation=""))
    assert response.status_code == 201
    assert response.json()["reason"] == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"persons": []}, "persons"),
        ({"persons": [{"surname": "X"}]}, "persons"),
        ({"persons": [{"surname": "X", "municipality": "GM9999"}]}, "persons.0.municipality"),
        ({"persons": [{"relation": "child", "municipality": "GM0935"}]}, "persons"),
        ({"target_group": "nope"}, "target_group"),
        ({"life_domains": [999999]}, "life_domains"),
        ({"urgency": "whenever"}, "urgency"),
        ({"client_informed_on": "20-11-2026"}, "client_informed_on"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(police, change, field):
    response = post(police, body(**change))
    assert response.status_code == 422
    assert field in {e["field"] for e in problem(response)["errors"]}
    assert not Registration.objects.exists()


def test_errors_never_repeat_personal_data(police):
    data = body(submit=True)
    data["persons"][0]["bsn"] = "123456789"  # not elfproef
    data["persons"][0]["municipality"] = "GM0000"
    response = post(police, data)
    text = response.content.decode()
    assert response.status_code == 422
    assert "123456789" not in text
    assert "GM0000" not in text
    data = body(submit=True)
    data["persons"][0]["bsn"] = "123456789"
    response = post(police, data)
    assert response.status_code == 422
    assert "persons.0.bsn" in {e["field"] for e in problem(response)["errors"]}
    assert "123456789" not in response.content.decode()


def test_a_target_group_or_life_domain_of_another_veiligheidshuis_is_refused(police):
    other = LifeDomain.objects.filter(veiligheidshuis__code="STD").first()
    response = post(police, body(life_domains=[other.pk]))
    assert response.status_code == 422
    assert problem(response)["errors"][0]["field"] == "life_domains"


def test_a_municipality_no_veiligheidshuis_serves_is_refused(police):
    from zvh.network.models import Municipality

    unserved = Municipality.objects.create(cbs_code="GM0998", name="Elders")
    data = body()
    data["persons"][0]["municipality"] = unserved.cbs_code
    response = post(police, data)
    assert response.status_code == 422
    assert problem(response)["errors"][0]["code"] == "municipality_not_served"
    assert not Registration.objects.exists()


def test_every_post_needs_an_idempotency_key(police):
    response = police.post(URL, body(), format="json")
    assert response.status_code == 400
    assert problem(response)["type"].endswith("/idempotency-key-missing/")


def test_a_retried_create_replays_and_creates_nothing(police):
    first = post(police, body(submit=True), key="create-1")
    second = post(police, body(submit=True), key="create-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert second["Location"] == first["Location"]
    assert Registration.objects.count() == 1
    other_body = post(police, body(submit=True, reason="Else"), key="create-1")
    assert other_body.status_code == 422
    assert problem(other_body)["type"].endswith("/idempotency-key-reused/")
    assert Registration.objects.count() == 1


def test_the_stored_response_names_its_registration_for_retention(police):
    """The idempotency record keeps a copy of the registration's data: it names the
    registration, so that retention removes it with the registration (issue 17, point 5)."""
    created = post(police, body(submit=True), key="create-2")
    registration = Registration.objects.get()
    assert created.json()["id"] == str(registration.public_id)
    record = IdempotencyRecord.objects.get(key="create-2")
    assert record.registration_public_id == registration.public_id


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_creates_make_exactly_one_registration(demo_users, api_for):
    police = api_for(POLICE)
    token = police._credentials["HTTP_AUTHORIZATION"]
    data = body(submit=True)
    barrier = threading.Barrier(3)
    responses: list = []
    failures: list[BaseException] = []

    def send() -> None:
        try:
            from rest_framework.test import APIClient

            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=token)
            barrier.wait(timeout=10)
            responses.append(post(client, data, key="same-registration"))
        except BaseException as error:  # reported in the main thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert [r.status_code for r in responses] == [201, 201, 201], [r.json() for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == 2
    assert Registration.objects.count() == 1
    assert Registration.objects.get().reference is not None


# --- list and read ------------------------------------------------------------------------------


def test_list_and_read_own_registrations_only(police, other_registrant):
    mine = _submitted(police)
    post(police, body())  # a draft of our own
    theirs = _submitted(other_registrant)
    listing = police.get(URL)
    assert listing.status_code == 200
    ids = [r["id"] for r in listing.json()["results"]]
    assert mine["id"] in ids
    assert theirs["id"] not in ids
    assert listing.json()["count"] == 2
    received = police.get(URL, {"status": "received"})
    assert [r["id"] for r in received.json()["results"]] == [mine["id"]]
    detail = police.get(f"{URL}{mine['id']}/")
    assert detail.status_code == 200
    assert detail["ETag"] == f'"{detail.json()["version"]}"'
    assert police.get(f"{URL}{theirs['id']}/").status_code == 404
    assert other_registrant.get(f"{URL}{mine['id']}/").status_code == 404


def test_a_human_registrant_of_the_same_organisation_shares_the_list(police, demo_users):
    """The client acts as a registrant of Politie (demo): a web draft of that organisation is
    listed too (the same visibility selector)."""
    from zvh.network.models import Municipality
    from zvh.registrations.services import registration_start

    registration_start(
        registrant=demo_users["aanmelder"],
        municipality=Municipality.objects.get(cbs_code="GM0935"),
        token=None,
    )
    assert police.get(URL).json()["count"] == 1


def test_the_list_rejects_unknown_filters(police):
    response = police.get(URL, {"status": "lost"})
    assert response.status_code == 400
    response = police.get(URL, {"owner": "me"})
    assert response.status_code == 400


def test_the_registrant_sees_the_outcome_for_them_never_the_internal_motivation(
    police, screener, demo_users
):
    created = _submitted(police)
    registration = Registration.objects.get(public_id=created["id"])
    from zvh.triage.services import DecisionInput, registration_decide
    from zvh.triage.tests.conftest import answer_every_criterion

    answer_every_criterion(registration, by=demo_users["screener"])
    registration_decide(
        registration=registration,
        by=demo_users["screener"],
        decision=DecisionInput(
            outcome="refer_back",
            motivation="INTERNAL-MOTIVATION",
            message_to_registrant="We advise you to continue.",
            advice="Keep in touch with the GP.",
        ),
        now=timezone.now(),
        expected_version=registration.version,
    )
    detail = police.get(f"{URL}{created['id']}/")
    text = detail.content.decode()
    assert detail.json()["status"] == "decided"
    assert detail.json()["outcome"]["outcome"] == "refer_back"
    assert detail.json()["outcome"]["advice"] == "Keep in touch with the GP."
    assert "INTERNAL-MOTIVATION" not in text
    assert "screening" not in text
    listing = police.get(URL).json()["results"][0]
    assert listing["outcome"]["message"] == "We advise you to continue."


# --- answer an information request --------------------------------------------------------------


def test_answering_a_request_for_information(police, demo_users):
    created = _submitted(police)
    registration = Registration.objects.get(public_id=created["id"])
    request = information_request_create(
        registration=registration,
        by=demo_users["screener"],
        question="Is there a restraining order?",
        now=timezone.now(),
    )
    detail = police.get(f"{URL}{created['id']}/")
    assert detail.json()["status"] == "waiting_for_information"
    assert detail.json()["information_requests"][0]["question"] == "Is there a restraining order?"
    url = f"{URL}{created['id']}/information-requests/{request.pk}/answer/"
    assert post(police, {"answer": "Yes"}, url=url).status_code == 428
    # If-Match comes before the body (issue 17, point 6)
    assert post(police, {"answer": ""}, url=url).status_code == 428
    assert post(police, {"answer": ""}, url=url, HTTP_IF_MATCH='"1"').status_code == 412
    stale = post(police, {"answer": "Yes"}, url=url, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    empty = post(police, {"answer": ""}, url=url, HTTP_IF_MATCH=detail["ETag"])
    assert empty.status_code == 422
    answered = post(police, {"answer": "Yes, since May."}, url=url, HTTP_IF_MATCH=detail["ETag"])
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "screening"
    assert answered.json()["information_requests"][0]["answer"] == "Yes, since May."
    again = post(police, {"answer": "Again"}, url=url, HTTP_IF_MATCH=answered["ETag"])
    assert again.status_code == 422
    assert (
        post(
            police,
            {"answer": "x"},
            url=f"{URL}{created['id']}/information-requests/999999/answer/",
            HTTP_IF_MATCH=answered["ETag"],
        ).status_code
        == 404
    )


def test_another_organisation_cannot_answer(police, other_registrant, demo_users):
    created = _submitted(police)
    registration = Registration.objects.get(public_id=created["id"])
    request = information_request_create(
        registration=registration, by=demo_users["screener"], question="Q?", now=timezone.now()
    )
    registration.refresh_from_db()
    url = f"{URL}{created['id']}/information-requests/{request.pk}/answer/"
    response = post(
        other_registrant, {"answer": "Hi"}, url=url, HTTP_IF_MATCH=f'"{registration.version}"'
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.answered_at is None


# --- attachments --------------------------------------------------------------------------------


def _upload(api, registration_id: str, name: str = "report.pdf", content: bytes = PDF, **extra):
    return api.post(
        f"{URL}{registration_id}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY=extra.pop("key", str(uuid.uuid4())),
        **extra,
    )


def test_attachments_are_added_to_a_draft_and_listed(police):
    draft = post(police, body()).json()
    response = _upload(police, draft["id"], key="upload-1")
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "report.pdf"
    assert response.json()["content_type"] == "application/pdf"
    replay = _upload(police, draft["id"], key="upload-1")
    assert replay["Idempotent-Replayed"] == "true"
    assert Attachment.objects.count() == 1
    listing = police.get(f"{URL}{draft['id']}/attachments/")
    assert [a["name"] for a in listing.json()] == ["report.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("Jan Jansen dossier.exe", b"MZ....", "type_not_allowed"),
        ("Jan Jansen dossier.pdf", b"MZ not a pdf", "contents_mismatch"),
        ("Jan Jansen dossier.pdf", b"", "empty"),
    ],
)
def test_a_refused_file_is_a_422_without_its_name(police, name, content, code):
    draft = post(police, body()).json()
    response = _upload(police, draft["id"], name=name, content=content)
    assert response.status_code == 422
    error = problem(response)["errors"][0]
    assert (error["field"], error["code"]) in {("file", code), ("file", "empty")}
    assert "Jansen" not in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_too_big_file_is_refused(police, settings):
    settings.ZVH_ATTACHMENT_MAX_BYTES = 10
    draft = post(police, body()).json()
    response = _upload(police, draft["id"])
    assert response.status_code == 422
    assert problem(response)["errors"][0]["code"] == "too_big"


def test_no_attachment_after_submission_nor_to_another_organisation(police, other_registrant):
    submitted = _submitted(police)
    response = _upload(police, submitted["id"])
    assert response.status_code == 422
    assert problem(response)["errors"][0]["code"] == "not_draft"
    draft = post(police, body()).json()
    assert _upload(other_registrant, draft["id"]).status_code == 404
    assert other_registrant.get(f"{URL}{draft['id']}/attachments/").status_code == 404


def test_an_upload_must_be_multipart(police):
    draft = post(police, body()).json()
    response = post(police, {"file": "x"}, url=f"{URL}{draft['id']}/attachments/")
    assert response.status_code == 415
    problem(response)


# --- roles --------------------------------------------------------------------------------------


def test_a_meldpunt_client_may_not_use_the_registrant_endpoints(police, screener):
    created = _submitted(police)
    assert screener.get(URL).status_code == 403
    assert post(screener, body()).status_code == 403
    assert screener.get(f"{URL}{created['id']}/").status_code == 403
    assert _upload(screener, created["id"]).status_code == 403
    assert problem(screener.get(URL))["type"].endswith("/forbidden/")


def test_a_veiligheidshuis_staff_registrant_client_registers(api_for):
    staff = api_for(MST_STAFF)
    response = post(staff, body(submit=True))
    assert response.status_code == 201


def test_without_a_token_it_is_a_401(client):
    response = client.get(URL)
    assert response.status_code == 401


def test_the_client_informed_on_may_not_be_in_the_future(police):
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = post(police, body(submit=True, client_informed_on=future))
    assert response.status_code == 422
    assert "client_informed_on" in {e["field"] for e in problem(response)["errors"]}
