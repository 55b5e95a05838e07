"""The pages of monitoring, escalation and closure: forms through to their services, bad input
refused in Dutch with nothing lost, the chart with its table, and query counts that do not
grow with the number of evaluations and agreements."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from zvh.approach.models import Escalation, EscalationRoute, Evaluation
from zvh.approach.services.plans import plan_agreement_add
from zvh.casework.models import Case, CaseStatus, CloseReason

from .conftest import NOW, TODAY, domains_of, persons_of
from .test_monitoring import _evaluate
from .test_rules import _agreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    """Every page test runs on the fixtures' day (``NOW``)."""
    with freeze_time(NOW):
        yield


def _post(case, score="4", *, closing=False, **extra):
    data = {"held_on": TODAY.isoformat(), "note": "Goed gesprek"}
    if not closing:
        data["next_evaluation_on"] = (TODAY + timedelta(weeks=6)).isoformat()
    for person in persons_of(case)[:2]:
        for domain in domains_of(case)[:2]:
            data[f"g{person.pk}_{domain.pk}_score"] = score
            data[f"g{person.pk}_{domain.pk}_note"] = "Vooruitgang"
            if closing:
                data[f"g{person.pk}_{domain.pk}_result"] = "achieved"
    if closing:
        data["close_reason"] = str(
            CloseReason.objects.filter(veiligheidshuis=case.veiligheidshuis).first().pk
        )
    data.update(extra)
    return data


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_an_evaluation_through_the_form_moves_the_chart(
    first_version, approach_case, demo_users, login
):
    client = login(demo_users["regisseur"])
    url = reverse("approach:evaluation", args=[approach_case.public_id])
    page = client.get(url)
    assert page.status_code == 200
    # the next date is proposed from the house's interval (six weeks by default)
    assert (TODAY + timedelta(weeks=6)).isoformat() in page.content.decode()
    assert client.post(url, _post(approach_case, "4")).status_code == 302
    assert client.post(url, _post(approach_case, "5")).status_code == 302
    assert Evaluation.objects.filter(plan__case=approach_case).count() == 2
    body = client.get(reverse("approach:plan", args=[approach_case.public_id])).content.decode()
    assert "<svg" in body
    assert body.count("<polyline") == 4
    assert body.count("<circle") == 12  # start and two evaluations for four goals
    chart = body.split("<svg")[1].split("</svg>")[0]
    assert re.search(r'="\d+,\d', chart) is None  # coordinates are not localised (286,0)
    assert "Scores per doel in de tijd" in body  # the table's caption, for screen readers


def test_a_score_outside_the_scale_is_refused_on_the_form(
    first_version, approach_case, demo_users, login
):
    client = login(demo_users["regisseur"])
    url = reverse("approach:evaluation", args=[approach_case.public_id])
    response = client.post(url, _post(approach_case, "9", note="Niet kwijtraken"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Selecteer een geldige keuze" in body
    assert "Niet kwijtraken" in body
    assert not Evaluation.objects.exists()


def test_an_evaluation_before_the_plan_is_refused_on_the_form(approach_case, demo_users, login):
    client = login(demo_users["regisseur"])
    url = reverse("approach:evaluation", args=[approach_case.public_id])
    response = client.post(url, {"held_on": TODAY.isoformat()})
    assert response.status_code == 400
    assert "Schrijf eerst het plan" in response.content.decode()


def test_closing_with_open_agreements_is_refused_on_the_form(
    first_version, approach_case, demo_users, partner_users, login
):
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, partner_users["probation"]),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    client = login(demo_users["regisseur"])
    url = reverse("approach:close", args=[approach_case.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(approach_case, closing=True))
    assert response.status_code == 400
    assert "Rond ze af of draag ze over" in response.content.decode()
    approach_case.refresh_from_db()
    assert approach_case.status == CaseStatus.INTEGRATED_APPROACH


def test_close_into_aftercare_and_end_at_the_check(first_version, approach_case, demo_users, login):
    client = login(demo_users["regisseur"])
    response = client.post(
        reverse("approach:close", args=[approach_case.public_id]),
        _post(approach_case, closing=True),
    )
    assert response.status_code == 302
    approach_case.refresh_from_db()
    assert approach_case.status == CaseStatus.AFTERCARE
    url = reverse("approach:aftercare_check", args=[approach_case.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"how_things_are": "", "outcome": "reopen"})
    assert response.status_code == 400
    response = client.post(url, {"how_things_are": "Het gaat goed", "outcome": "end"})
    assert response.status_code == 302
    case = Case.objects.get(pk=approach_case.pk)
    assert case.status == CaseStatus.CLOSED


def test_an_escalation_through_the_plan_page(first_version, approach_case, demo_users, login):
    client = login(demo_users["regisseur"])
    url = reverse("approach:escalation", args=[approach_case.public_id])
    response = client.post(url, {"base_version": "1", "kind": "escalate", "motivation": ""})
    assert response.status_code == 400
    page = client.get(reverse("approach:plan", args=[approach_case.public_id])).content.decode()
    routes = EscalationRoute.objects.filter(veiligheidshuis=approach_case.veiligheidshuis)
    levensloop = routes.get(name="Naar de Levensloopaanpak")
    assert f'<option value="{levensloop.pk}">Escalatie: Naar de Levensloopaanpak</option>' in page
    foreign = EscalationRoute.objects.exclude(veiligheidshuis=approach_case.veiligheidshuis)
    data = {"base_version": "1", "kind": "escalate", "motivation": "Geen voortgang"}
    response = client.post(url, data | {"route": str(foreign.first().pk)})
    assert response.status_code == 400  # not offered: the form refuses it
    response = client.post(url, data | {"route": str(levensloop.pk)})
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert (escalation.to_name, escalation.route) == ("Levensloopaanpak", levensloop)
    body = client.get(reverse("approach:plan", args=[approach_case.public_id])).content.decode()
    assert "Naar de Levensloopaanpak" in body


def test_the_pages_do_not_grow_with_evaluations_and_agreements(
    first_version, approach_case, demo_users, partner_users, login
):
    regisseur = demo_users["regisseur"]
    client = login(regisseur)
    urls = [
        reverse("approach:plan", args=[approach_case.public_id]),
        reverse("approach:evaluation", args=[approach_case.public_id]),
        reverse("approach:caseload"),
    ]

    def add(number: int) -> None:
        plan_agreement_add(
            case=approach_case,
            data=_agreement(approach_case, partner_users["probation"]),
            base_version=number,
            by=regisseur,
            now=NOW,
        )
        _evaluate(approach_case, regisseur, 3)

    add(1)
    for url in urls:
        client.get(url)
    counts = [_count(client, url) for url in urls]
    for number in (2, 3, 4):
        add(number)
    assert [_count(client, url) for url in urls] == counts


def test_the_caseload_page_shows_the_aftercare_check_due(
    first_version, approach_case, demo_users, login
):
    client = login(demo_users["regisseur"])
    client.post(
        reverse("approach:close", args=[approach_case.public_id]),
        _post(approach_case, closing=True),
    )
    body = client.get(reverse("approach:caseload")).content.decode()
    assert "In nazorg" in body
    assert "Nazorgcontrole nodig" not in body
    # the first check comes within the house's signal days (7 by default)
    check = approach_case.aftercare_checks.order_by("due_on").first()
    check.due_on = TODAY + timedelta(days=6)
    check.save()
    body = client.get(reverse("approach:caseload")).content.decode()
    assert "Nazorgcontrole nodig" in body
