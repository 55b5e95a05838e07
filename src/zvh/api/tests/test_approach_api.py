"""The plan of approach over the API: a procesregisseur's system writes versions with If-Match
(428 without, 412 stale, 422 bad input, nothing saved), the meldpunt's system reads the whole
plan but may not write, a partner with a role reads only its part, anyone else gets 404."""

import uuid

import pytest

from zvh.approach.models import PlanVersion
from zvh.approach.services.sharing import plan_share
from zvh.approach.tests.conftest import (  # noqa: F401
    NOW,
    approach_case,
    domains_of,
    make_case,
    make_submitted,
    partner_users,
    persons_of,
)

from .conftest import problem

pytestmark = pytest.mark.django_db


def _body(case, *, score=2):
    persons, domains = persons_of(case), domains_of(case)
    return {
        "form": "voluntary",
        "entries": [
            {
                "person_id": person.pk,
                "life_domain_id": domain.pk,
                "situation": "Situatie",
                "goal": f"Doel {domain.name}",
                "start_score": score,
            }
            for person in persons
            for domain in domains[:2]
        ],
    }


def _post(api, case, body, **headers):
    return api.post(
        f"/api/v1/approach/plans/{case.public_id}/versions/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        **headers,
    )


@pytest.fixture
def staff_name(demo_users):
    return demo_users["regisseur"].organisation.name


def test_a_procesregisseurs_system_writes_versions_with_if_match(
    api_for,
    approach_case,  # noqa: F811
    staff_name,
):
    api = api_for(staff_name, role="procesregisseur")
    url = f"/api/v1/approach/plans/{approach_case.public_id}/"
    empty = api.get(url)
    assert empty.status_code == 200
    assert empty["ETag"] == '"0"'
    assert _post(api, approach_case, _body(approach_case)).status_code == 428
    created = _post(api, approach_case, _body(approach_case), HTTP_IF_MATCH='"0"')
    assert created.status_code == 201, created.content
    assert created["ETag"] == '"1"'
    assert len(created.json()["entries"]) == 4
    stale = _post(api, approach_case, _body(approach_case, score=4), HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    assert problem(stale)["status"] == 412
    bad = _post(api, approach_case, _body(approach_case, score=6), HTTP_IF_MATCH='"1"')
    assert bad.status_code == 422
    assert "/entries/0/start_score" in bad.content.decode()
    assert PlanVersion.objects.filter(plan__case=approach_case).count() == 1
    assert api.get(url).json()["version"] == 1


def test_the_meldpunts_system_reads_but_does_not_write(
    api_for,
    approach_case,  # noqa: F811
    staff_name,
):
    writer = api_for(staff_name, role="procesregisseur")
    _post(writer, approach_case, _body(approach_case), HTTP_IF_MATCH='"0"')
    meldpunt = api_for(staff_name, role="screener")
    read = meldpunt.get(f"/api/v1/approach/plans/{approach_case.public_id}/")
    assert read.status_code == 200
    assert len(read.json()["entries"]) == 4
    refused = _post(meldpunt, approach_case, _body(approach_case), HTTP_IF_MATCH='"1"')
    assert refused.status_code == 403


def test_a_partner_reads_only_its_part(
    api_for,
    approach_case,  # noqa: F811
    staff_name,
    demo_users,
):
    writer = api_for(staff_name, role="procesregisseur")
    _post(writer, approach_case, _body(approach_case), HTTP_IF_MATCH='"0"')
    ggz = api_for("GGZ-instelling (demo)")
    url = f"/api/v1/approach/plans/{approach_case.public_id}/"
    assert ggz.get(url).status_code == 404
    domain = domains_of(approach_case)[1]
    plan_share(
        case=approach_case,
        organisation_id=ggz.api_client.organisation_id,
        life_domain_ids=[domain.pk],
        by=demo_users["regisseur"],
        now=NOW,
    )
    part = ggz.get(url)
    assert part.status_code == 200
    assert {entry["life_domain_id"] for entry in part.json()["entries"]} == {domain.pk}
    assert _post(ggz, approach_case, _body(approach_case), HTTP_IF_MATCH='"1"').status_code == 404
    assert api_for("Politie (demo)").get(url).status_code == 404
