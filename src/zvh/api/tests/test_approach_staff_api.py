"""The procesregisseur's endpoints of the integrated approach under /api/v1/approach/plans/: one
row per endpoint in a token matrix (a procesregisseur's client of the own house, of another
house, a partner's client), then the rules through the API: the services' refusals as
problem+json with nothing half-saved, Idempotency-Key, If-Match on an escalation, the plan's
agreements done through the casework endpoints, closing into aftercare and the checks."""

import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from freezegun import freeze_time

from zvh.approach.models import AftercareCheck, Escalation, Evaluation, PlanVersion
from zvh.approach.services.plans import plan_agreement_add, plan_version_create
from zvh.approach.tests.conftest import (  # noqa: F401  (fixtures)
    NOW,
    TODAY,
    approach_case,
    domains_of,
    make_case,
    make_submitted,
    partner_users,
    persons_of,
    two_by_two,
)
from zvh.approach.tests.test_rules import _agreement
from zvh.casework.models import Agreement, CaseStatus, CloseReason

from .conftest import problem

pytestmark = pytest.mark.django_db

STD_STAFF = "Zorg- en Veiligheidshuis Westelijke Mijnstreek"


@pytest.fixture(autouse=True)
def _frozen():
    """Every call runs on the fixtures' day (``NOW``)."""
    with freeze_time(NOW):
        yield


@pytest.fixture
def clients(api_for, demo_users):
    own_house = demo_users["regisseur"].organisation.name
    return {
        "own": api_for(own_house, role="procesregisseur"),
        "other_house": api_for(STD_STAFF, role="procesregisseur"),
        "partner": api_for("Politie (demo)"),
        "meldpunt": api_for(own_house, role="screener"),
    }


@pytest.fixture
def planned(approach_case, demo_users, partner_users):  # noqa: F811
    """The case with a first plan version (two persons, two life domains) and one agreement
    towards a goal, owned by probation (version 2)."""
    regisseur = demo_users["regisseur"]
    plan_version_create(
        case=approach_case, data=two_by_two(approach_case), base_version=0, by=regisseur, now=NOW
    )
    link = plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, partner_users["probation"]),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    return {"case": approach_case, "agreement": link.agreement}


def url(case, tail=""):
    return f"/api/v1/approach/plans/{case.public_id}/{tail}"


def post(http, path, body, *, key=None, if_match=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key or str(uuid.uuid4())}
    if if_match is not None:
        headers["HTTP_IF_MATCH"] = if_match
    return http.post(path, body, format="json", **headers)


def evaluation_body(case, score=3, *, result="", reviews=()):
    return {
        "held_on": TODAY.isoformat(),
        "note": "Evaluatie",
        "next_evaluation_on": (TODAY + timedelta(weeks=6)).isoformat(),
        "scores": [
            {
                "person_id": person.pk,
                "life_domain_id": domain.pk,
                "score": score,
                "note": "Gaat",
                "result": result,
            }
            for person in persons_of(case)[:2]
            for domain in domains_of(case)[:2]
        ],
        "reviews": list(reviews),
    }


def closure_body(case, *, reviews=()):
    reason = CloseReason.objects.filter(veiligheidshuis=case.veiligheidshuis).first()
    return {
        **evaluation_body(case, 5, result="achieved", reviews=reviews),
        "close_reason": reason.pk,
    }


def pointers(response) -> set:
    return {error["pointer"] for error in problem(response)["errors"]}


#: (method, path, a procesregisseur's client of the own house, of another house, a partner's
#: client). Writes go with an empty body, an Idempotency-Key and If-Match "2" (the plan's
#: version): the own client is let in and the body refused (422); another house's case is a
#: 404; a partner's client 403.
ROWS = [
    ("get", "evaluations/", 200, 404, 403),
    ("post", "evaluations/", 422, 404, 403),
    ("get", "evaluations/{evaluation}/", 200, 404, 403),
    ("get", "escalations/", 200, 404, 403),
    ("post", "escalations/", 422, 404, 403),
    ("get", "escalation-routes/", 200, 404, 403),
    ("post", "closure/", 422, 404, 403),
    ("get", "aftercare-checks/", 200, 404, 403),
    ("post", "aftercare-checks/", 422, 404, 403),
]


def call(http, method, path):
    """The status code, in a savepoint rolled back afterwards."""
    with transaction.atomic():
        if method == "get":
            status = http.get(path).status_code
        else:
            status = post(http, path, {}, if_match='"2"').status_code
        transaction.set_rollback(True)
    return status


def test_the_token_matrix(planned, clients):
    case = planned["case"]
    made = post(clients["own"], url(case, "evaluations/"), evaluation_body(case))
    assert made.status_code == 201, made.content
    problems = []
    for method, tail, *expected in ROWS:
        path = url(case, tail.format(evaluation=made.json()["id"]))
        for who, want in zip(("own", "other_house", "partner"), expected, strict=True):
            if (got := call(clients[who], method, path)) != want:
                problems.append(f"{method.upper()} {tail} as {who}: expected {want}, got {got}")
    assert not problems, "\n".join(problems)


def test_the_meldpunt_reads_but_does_not_write(planned, clients):
    case, meldpunt = planned["case"], clients["meldpunt"]
    assert meldpunt.get(url(case, "evaluations/")).status_code == 200
    refused = post(meldpunt, url(case, "evaluations/"), evaluation_body(case))
    assert refused.status_code == 403
    assert not Evaluation.objects.exists()


def test_the_endpoints_ask_the_permission_module(planned, clients, monkeypatch):
    from zvh.accounts import permissions

    path = url(planned["case"], "evaluations/")
    assert clients["own"].get(path).status_code == 200
    monkeypatch.setattr(permissions, "is_active_user", lambda user: False)
    assert clients["own"].get(path).status_code == 403


def test_an_evaluation_before_the_plan_is_refused(approach_case, clients):  # noqa: F811
    refused = post(
        clients["own"], url(approach_case, "evaluations/"), evaluation_body(approach_case)
    )
    assert refused.status_code == 422
    body = problem(refused)
    assert pointers(refused) == {"#"}  # the input as a whole
    assert "Write the plan before evaluating it" in body["errors"][0]["message"]
    assert not Evaluation.objects.exists()


def test_a_score_outside_the_scale_saves_nothing(planned, clients):
    case, agreement = planned["case"], planned["agreement"]
    review = {"agreement": str(agreement.public_id), "done": True, "note": "Afgerond"}
    body = evaluation_body(case, 6, reviews=[review])
    refused = post(clients["own"], url(case, "evaluations/"), body)
    assert refused.status_code == 422
    assert pointers(refused) == {f"#/scores/{index}/score" for index in range(4)}
    assert not Evaluation.objects.exists()
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.OPEN  # the review is not half-saved
    unknown = {"agreement": str(uuid.uuid4()), "done": True, "note": "?"}
    refused = post(
        clients["own"], url(case, "evaluations/"), evaluation_body(case, reviews=[unknown])
    )
    assert pointers(refused) == {"#/reviews/0/agreement"}


def test_evaluations_are_recorded_read_and_replayed(
    planned, clients, django_assert_max_num_queries
):
    case, own, agreement = planned["case"], clients["own"], planned["agreement"]
    key = str(uuid.uuid4())
    review = {"agreement": str(agreement.public_id), "done": False, "note": "Loopt"}
    body = evaluation_body(case, 4, reviews=[review])
    made = post(own, url(case, "evaluations/"), body, key=key)
    assert made.status_code == 201, made.content
    assert {score["score"] for score in made.json()["scores"]} == {4}
    assert made.json()["reviews"] == [
        {"agreement": str(agreement.public_id), "state": "open", "note": "Loopt"}
    ]
    replay = post(own, url(case, "evaluations/"), body, key=key)
    assert replay.json() == made.json()
    assert Evaluation.objects.count() == 1
    post(own, url(case, "evaluations/"), evaluation_body(case, 2))
    with django_assert_max_num_queries(20):
        listed = own.get(url(case, "evaluations/"))
    assert [len(e["scores"]) for e in listed.json()] == [4, 4]
    one = own.get(url(case, f"evaluations/{made.json()['id']}/"))
    assert one.json() == made.json()
    assert own.get(url(case, "evaluations/999999/")).status_code == 404


def test_an_escalation_takes_if_match_and_is_in_the_history(planned, clients):
    case, own = planned["case"], clients["own"]
    routes = own.get(url(case, "escalation-routes/")).json()
    route = next(r for r in routes if r["name"] == "Naar de Levensloopaanpak")
    assert {r["kind"] for r in routes} == {"escalate", "deescalate"}
    body = {"kind": "escalate", "motivation": "Geen voortgang", "to_name": "Levensloopaanpak"}
    assert post(own, url(case, "escalations/"), body, if_match='"2"').status_code == 422
    assert not Escalation.objects.exists()  # no route: refused
    body["route"] = route["id"]
    assert post(own, url(case, "escalations/"), body).status_code == 428
    assert post(own, url(case, "escalations/"), body, if_match='"1"').status_code == 412
    to_drang = {**body, "form": "drang"}
    refused = post(own, url(case, "escalations/"), to_drang, if_match='"2"')
    assert refused.status_code == 422  # drang needs its measure
    assert not Escalation.objects.exists()
    assert PlanVersion.objects.filter(plan__case=case).count() == 2
    made = post(own, url(case, "escalations/"), body, if_match='"2"')
    assert made.status_code == 201, made.content
    assert made.json()["to_name"] == "Levensloopaanpak"
    assert (made.json()["route"], made.json()["route_id"]) == (route["name"], route["id"])
    history = own.get(url(case, "escalations/")).json()
    assert [(e["kind"], e["motivation"]) for e in history] == [("escalate", "Geen voortgang")]


def test_closing_with_open_agreements_asks_to_close_or_transfer_them(planned, clients):
    case, own, agreement = planned["case"], clients["own"], planned["agreement"]
    refused = post(own, url(case, "closure/"), closure_body(case))
    assert refused.status_code == 422
    (error,) = problem(refused)["errors"]
    assert "Close them or transfer them to another party first" in error["message"]
    assert agreement.action[:20] in error["message"]
    case.refresh_from_db()
    assert case.status == CaseStatus.INTEGRATED_APPROACH
    assert not Evaluation.objects.exists()
    # the plan's agreement is a casework agreement: read and marked done there
    agreement_url = f"/api/v1/casework/agreements/{agreement.public_id}/"
    read = own.get(agreement_url)
    assert read.status_code == 200
    done = post(own, agreement_url + "done/", {"note": "Afgerond"}, if_match=read["ETag"])
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "done"
    closed = post(own, url(case, "closure/"), closure_body(case))
    assert closed.status_code == 201, closed.content
    assert closed.json()["closing"] is True
    assert {score["result"] for score in closed.json()["scores"]} == {"achieved"}
    case.refresh_from_db()
    assert case.status == CaseStatus.AFTERCARE


def test_an_aftercare_check_reopens_with_a_reason_or_ends_the_case(planned, clients):
    case, own, agreement = planned["case"], clients["own"], planned["agreement"]
    review = {"agreement": str(agreement.public_id), "done": True, "note": "Afgerond"}
    assert post(own, url(case, "closure/"), closure_body(case, reviews=[review])).status_code == 201
    checks = own.get(url(case, "aftercare-checks/")).json()
    assert len(checks) == AftercareCheck.objects.filter(case=case).count() >= 1
    assert all(check["done_at"] is None for check in checks)
    no_reason = post(
        own, url(case, "aftercare-checks/"), {"how_things_are": "Terugval", "outcome": "reopen"}
    )
    assert no_reason.status_code == 422
    assert pointers(no_reason) == {"#/reason"}
    assert not AftercareCheck.objects.exclude(done_at=None).exists()
    ended = post(
        own, url(case, "aftercare-checks/"), {"how_things_are": "Stabiel", "outcome": "end"}
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["outcome"] == "end"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    # a closed case has left the integrated approach: its plan's endpoints are gone
    again = post(own, url(case, "aftercare-checks/"), {"how_things_are": "?", "outcome": "end"})
    assert again.status_code == 404


def test_an_aftercare_check_reopens_the_approach(planned, clients):
    case, own, agreement = planned["case"], clients["own"], planned["agreement"]
    review = {"agreement": str(agreement.public_id), "done": True, "note": "Afgerond"}
    post(own, url(case, "closure/"), closure_body(case, reviews=[review]))
    body = {"how_things_are": "Terugval", "outcome": "reopen", "reason": "Nieuwe zorgen"}
    reopened = post(own, url(case, "aftercare-checks/"), body)
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["reason"] == "Nieuwe zorgen"
    case.refresh_from_db()
    assert case.status == CaseStatus.INTEGRATED_APPROACH
    later = own.get(url(case, "aftercare-checks/")).json()[1:]
    assert all(check["cancelled"] for check in later)
