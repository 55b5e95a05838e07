"""The casework bench scenarios' data: made once on a generated dataset, found again on the next
run, and the pages they load answer the bench registrants (invitees and owners)."""

from django.urls import reverse
from django.utils import timezone

from conftest import force_login_verified
from zvh.accounts.models import User
from zvh.bench.driver.casework import BENCH_AGREEMENTS, casework_inputs
from zvh.casework.models import AgendaItem, Invitation
from zvh.network.models import Veiligheidshuis


def test_the_casework_inputs_are_made_once_and_their_pages_answer(generated, client):
    screener = User.objects.select_related("organisation").get(username="bench-screener-01")
    house = Veiligheidshuis.objects.get(pk=screener.organisation.veiligheidshuis_id)
    first = casework_inputs(veiligheidshuis=house, now=timezone.now())
    again = casework_inputs(veiligheidshuis=house, now=timezone.now())
    assert first == again
    assert first["casework_open_actions"] == BENCH_AGREEMENTS
    assert AgendaItem.objects.count() == 1
    registrants = User.objects.filter(username__startswith="bench-registrant-")
    assert Invitation.objects.count() == registrants.count()
    force_login_verified(client, registrants.order_by("username").first())
    item = client.get(reverse("cases:item", args=[first["casework_item"]]))
    assert item.status_code == 200
    actions = client.get(reverse("cases:actions"))
    assert actions.status_code == 200
    assert actions.content.decode().count("Markeer als gereed") == BENCH_AGREEMENTS


def test_the_caseload_inputs_are_made_once_and_the_caseload_answers(generated, client):
    """The caseload scenario (issue 13): bench procesregisseurs with a caseload each, found
    again on the next run; their accounts log in like the other bench accounts, and the
    caseload page lists every case with its signals."""
    from conftest import password_login
    from zvh.approach.models import Direction
    from zvh.bench.driver.caseload import BENCH_CASELOAD, caseload_inputs
    from zvh.bench.driver.inputs import bench_accounts, scenario_inputs
    from zvh.bench.driver.login import totp_code
    from zvh.bench.driver.scenarios import SCENARIOS
    from zvh.bench.generator.plan import BENCH_ACCOUNTS_PER_ROLE, BENCH_PASSWORD

    screener = User.objects.select_related("organisation").get(username="bench-screener-01")
    house = Veiligheidshuis.objects.get(pk=screener.organisation.veiligheidshuis_id)
    first = caseload_inputs(veiligheidshuis=house, now=timezone.now())
    assert first == {"caseload_cases": BENCH_CASELOAD}
    assert caseload_inputs(veiligheidshuis=house, now=timezone.now()) == first
    assert Direction.objects.count() == BENCH_CASELOAD * BENCH_ACCOUNTS_PER_ROLE
    inputs = scenario_inputs(now=timezone.now())  # what run_bench reads, accounts after it
    assert inputs["caseload_cases"] == BENCH_CASELOAD
    accounts = bench_accounts()["regisseur"]
    assert len(accounts) == BENCH_ACCOUNTS_PER_ROLE
    assert accounts[0]["username"] == "bench-regisseur-01"
    # the real two-step login with the bench password and the stored second factor
    response = password_login(
        client, "bench-regisseur-01", BENCH_PASSWORD, code=totp_code(accounts[0]["key"])
    )
    assert response.status_code == 302
    page = client.get(reverse("approach:caseload"))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count(f"{house.code}-C-01-") == BENCH_CASELOAD
    assert "bench-regisseur-02" not in body
    caseload = next(s for s in SCENARIOS if s.key == "caseload")
    assert caseload.user_class == "Caseload"
