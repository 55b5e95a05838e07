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
