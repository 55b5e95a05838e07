"""The read-only configuration endpoints."""

import pytest
from rest_framework.test import APIClient

from zvh.network.models import Municipality

from .conftest import problem


def test_veiligheidshuizen_with_their_procedure(api, houses):
    response = api.get("/api/v1/veiligheidshuizen/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    body = response.json()
    assert body["count"] == 2
    assert [vh["code"] for vh in body["results"]] == ["MST", "STD"]
    mst = body["results"][0]
    assert mst["reply_term"] == {"amount": 7, "unit": "calendar_days"}
    assert [o["code"] for o in mst["offered_outcomes"]] == [
        "refer_back",
        "consultation_agenda",
        "integrated_approach",
    ]
    assert mst["offered_outcomes"][0]["label"] == "Refer back to the registrant"
    assert mst["intake_channels"] == [{"code": "web_form", "label": "Web form"}]
    assert [c["position"] for c in mst["criteria"]] == [1, 2, 3]
    assert len(mst["life_domains"]) == 12
    std = body["results"][1]
    assert std["reply_term"]["amount"] == 14
    assert "refer_elsewhere" in [o["code"] for o in std["offered_outcomes"]]


def test_labels_are_english_whatever_the_requested_language(api, houses):
    response = api.get("/api/v1/outcomes/", HTTP_ACCEPT_LANGUAGE="nl")
    labels = [o["label"] for o in response.json()["results"]]
    assert "Refer back to the registrant" in labels


def test_one_veiligheidshuis_by_code_case_insensitive(api, houses):
    assert api.get("/api/v1/veiligheidshuizen/std/").json()["code"] == "STD"
    response = api.get("/api/v1/veiligheidshuizen/XYZ/")
    assert response.status_code == 404
    problem(response)


def test_life_domains_in_order(api, houses):
    response = api.get("/api/v1/veiligheidshuizen/MST/life-domains/")
    results = response.json()["results"]
    assert [d["position"] for d in results] == sorted(d["position"] for d in results)
    assert len(results) == 12
    assert api.get("/api/v1/veiligheidshuizen/NOPE/life-domains/").status_code == 404


def test_municipalities_with_their_serving_house_and_filters(api, houses):
    Municipality.objects.create(name="Amsterdam", cbs_code="GM0363")
    everything = api.get("/api/v1/municipalities/").json()
    assert everything["count"] == 8
    names = [m["name"] for m in everything["results"]]
    assert names == sorted(names)
    assert {"cbs_code": "GM0363", "name": "Amsterdam", "veiligheidshuis": None} in everything[
        "results"
    ]
    mst = api.get("/api/v1/municipalities/", {"veiligheidshuis": "mst"}).json()
    assert {m["cbs_code"] for m in mst["results"]} == {"GM0935", "GM1903", "GM0938", "GM0994"}
    served = api.get("/api/v1/municipalities/", {"served": "true"}).json()
    assert served["count"] == 7
    unserved = api.get("/api/v1/municipalities/", {"served": "false"}).json()
    assert [m["name"] for m in unserved["results"]] == ["Amsterdam"]


@pytest.mark.parametrize(
    "params",
    [
        {"served": "maybe"},
        {"veiligheidshuis": "M1"},
        {"page": "0"},
        {"page": "x"},
        {"page_size": "0"},
        {"page_size": "201"},
    ],
)
def test_invalid_query_parameters_are_a_400(api, houses, params):
    response = api.get("/api/v1/municipalities/", params)
    assert response.status_code == 400
    body = problem(response)
    assert body["type"].endswith("/problems/invalid-query/")
    assert body["errors"][0]["field"] == next(iter(params))


def test_pages_are_stable_and_complete(api, houses):
    seen = []
    url = "/api/v1/municipalities/?page_size=3"
    while url:
        body = api.get(url).json()
        seen += [m["cbs_code"] for m in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 7
    assert api.get("/api/v1/municipalities/", {"page": 99}).status_code == 404


def test_one_municipality(api, houses):
    body = api.get("/api/v1/municipalities/gm0935/").json()
    assert body == {"cbs_code": "GM0935", "name": "Maastricht", "veiligheidshuis": "MST"}


def test_target_groups_that_apply_to_a_municipality(api, houses):
    maastricht = api.get("/api/v1/municipalities/GM0935/target-groups/").json()
    assert maastricht["count"] == 5
    assert {t["veiligheidshuis"] for t in maastricht["results"]} == {"MST"}
    meerssen = api.get("/api/v1/municipalities/GM0938/target-groups/").json()
    assert {t["code"] for t in meerssen["results"]} == {"veelplegers", "huiselijk-geweld"}
    sittard = api.get("/api/v1/municipalities/GM1883/target-groups/").json()
    assert sittard["count"] == 0
    assert api.get("/api/v1/municipalities/GM9999/target-groups/").status_code == 404


def test_outcomes_in_the_fixed_order(api):
    results = api.get("/api/v1/outcomes/").json()["results"]
    assert [o["code"] for o in results] == [
        "refer_elsewhere",
        "refer_back",
        "consultation_agenda",
        "integrated_approach",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/veiligheidshuizen/",
        "/api/v1/veiligheidshuizen/MST/",
        "/api/v1/veiligheidshuizen/MST/life-domains/",
        "/api/v1/municipalities/",
        "/api/v1/municipalities/GM0935/",
        "/api/v1/municipalities/GM0935/target-groups/",
        "/api/v1/outcomes/",
    ],
)
def test_every_configuration_endpoint_needs_a_token(houses, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    problem(response)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/veiligheidshuizen/%00/",
        "/api/v1/veiligheidshuizen/M%00ST/life-domains/",
        "/api/v1/municipalities/GM%0035/",
        "/api/v1/municipalities/GM09355/target-groups/",
        "/api/v1/municipalities/%0D%0Ax/",
    ],
)
def test_malformed_codes_in_the_path_are_a_404(api, houses, url):
    response = api.get(url)
    assert response.status_code == 404
    problem(response)
