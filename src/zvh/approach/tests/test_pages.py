"""The pages of the integrated approach: writing the plan through the form, a stale version
refused in Dutch with nothing lost, bad input, comparing versions, a partner's part, and
constant query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.access_log.models import AccessLogEntry
from zvh.approach.forms import entry_prefix
from zvh.approach.models import Direction, Measure, PlanVersion
from zvh.approach.services.plans import plan_agreement_add, plan_version_create
from zvh.approach.services.sharing import plan_share
from zvh.casework.models import SharingRecord

from .conftest import NOW, domains_of, persons_of, two_by_two
from .test_rules import _agreement

pytestmark = pytest.mark.django_db


def _post_data(case, *, base_version=0, score="2", **extra):
    data = {"base_version": str(base_version), "form": "voluntary", "next_evaluation_on": ""}
    for person in persons_of(case):
        for domain in domains_of(case)[:2]:
            prefix = entry_prefix(person, domain)
            data[f"{prefix}_situation"] = f"Situatie {domain.name}"
            data[f"{prefix}_goal"] = f"Doel van {person.given_names} voor {domain.name}"
            data[f"{prefix}_score"] = score
    data.update(extra)
    return data


def test_the_procesregisseur_writes_the_plan_through_the_form(approach_case, demo_users, login):
    client = login(demo_users["regisseur"])
    url = reverse("approach:plan_edit", args=[approach_case.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_data(approach_case))
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan__case=approach_case)
    assert version.number == 1
    assert version.entries.count() == 4
    page = client.get(reverse("approach:plan", args=[approach_case.public_id]))
    assert "Doel van" in page.content.decode()


def test_a_stale_version_is_refused_in_dutch_and_nothing_typed_is_lost(
    first_version, approach_case, demo_users, login
):
    plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case, score=3),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    client = login(demo_users["regisseur"])
    response = client.post(
        reverse("approach:plan_edit", args=[approach_case.public_id]),
        _post_data(approach_case, base_version=1, score="5"),
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft intussen een nieuwere versie" in body
    assert "Doel van" in body  # the typed input is still in the form
    assert PlanVersion.objects.filter(plan__case=approach_case).count() == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"form": "dwang"}, "Kies de maatregel en het wettelijk kader."),
        ({"score": "9"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_is_refused_on_the_form(approach_case, demo_users, login, extra, message):
    client = login(demo_users["regisseur"])
    data = _post_data(approach_case, score=extra.pop("score", "2"), **extra)
    response = client.post(reverse("approach:plan_edit", args=[approach_case.public_id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_dwang_with_measure_and_end_date_saves(approach_case, demo_users, login):
    measure = Measure.objects.filter(veiligheidshuis=approach_case.veiligheidshuis).first()
    client = login(demo_users["regisseur"])
    data = _post_data(
        approach_case, form="dwang", measure=str(measure.pk), measure_ends_on="2027-06-01"
    )
    response = client.post(reverse("approach:plan_edit", args=[approach_case.public_id]), data)
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert (version.form, version.measure, version.measure_ends_on) == (
        "dwang",
        measure,
        date(2027, 6, 1),
    )


def test_the_screener_hands_over_on_the_plan_page(
    approach_case, demo_users, second_regisseur, login
):
    client = login(demo_users["screener"])
    url = reverse("approach:direction", args=[approach_case.public_id])
    response = client.post(url, {"procesregisseur": second_regisseur.pk, "reason": ""})
    assert response.status_code == 400
    assert "Geef de reden van de overdracht." in response.content.decode()
    response = client.post(url, {"procesregisseur": second_regisseur.pk, "reason": "Verlof"})
    assert response.status_code == 302
    assert Direction.objects.get(case=approach_case, ended_at=None).procesregisseur == (
        second_regisseur
    )


def test_two_versions_side_by_side(first_version, approach_case, demo_users, login):
    plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case, score=4),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    client = login(demo_users["screener"])
    response = client.get(
        reverse("approach:compare", args=[approach_case.public_id]), {"left": 1, "right": 2}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Versie 1 en versie 2" in body
    assert body.count('class="changed"') == 4
    missing = client.get(
        reverse("approach:compare", args=[approach_case.public_id]), {"left": 1, "right": 7}
    )
    assert missing.status_code == 302


def test_a_partner_sees_only_their_part_and_the_view_is_recorded(
    first_version, approach_case, demo_users, partner_users, login
):
    regisseur = demo_users["regisseur"]
    probation = partner_users["probation"]
    domains = domains_of(approach_case)
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, probation),
        base_version=1,
        by=regisseur,
        now=NOW,
    )
    plan_share(
        case=approach_case,
        organisation_id=probation.organisation_id,
        life_domain_ids=[domains[1].pk],
        by=regisseur,
        now=NOW,
    )
    client = login(probation)
    listing = client.get(reverse("approach:partner_list"))
    assert approach_case.reference in listing.content.decode()
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("approach:partner", args=[approach_case.public_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Doel {domains[1].name}" in body
    assert f"Doel {domains[0].name}" not in body  # not shared, though their action is there
    assert "Schuldhulpverlening starten" in body
    assert AccessLogEntry.objects.count() == before + 1
    assert SharingRecord.objects.filter(case=approach_case, kind="plan_viewed").count() == 1
    client = login(partner_users["police"])
    assert (
        client.get(reverse("approach:partner", args=[approach_case.public_id])).status_code == 404
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_caseload_page_does_not_grow_with_the_cases(make_case, demo_users, login):
    client = login(demo_users["regisseur"])
    url = reverse("approach:caseload")
    make_case()
    client.get(url)
    one = _count(client, url)
    for _ in range(3):
        make_case()
    assert _count(client, url) == one


def test_the_plan_page_does_not_grow_with_the_agreements(
    first_version, approach_case, demo_users, partner_users, login
):
    client = login(demo_users["regisseur"])
    url = reverse("approach:plan", args=[approach_case.public_id])
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, partner_users["probation"]),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    client.get(url)
    one = _count(client, url)
    for number in (2, 3, 4):
        plan_agreement_add(
            case=approach_case,
            data=_agreement(approach_case, partner_users["mental_health"]),
            base_version=number,
            by=demo_users["regisseur"],
            now=NOW,
        )
    assert _count(client, url) == one
