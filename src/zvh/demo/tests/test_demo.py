"""`make run` loads a demo a newcomer can log in to, and loading it twice is safe."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.demo.services import demo_load
from zvh.network.models import CovenantMembership, Organisation, Veiligheidshuis

pytestmark = pytest.mark.django_db


def test_there_is_a_demo_account_for_every_role(demo_users):
    held = set().union(*(user.role_codes for user in demo_users.values()))
    assert held == set(RoleCode)


def test_loading_twice_is_safe(demo_users):
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        CovenantMembership.objects.count(),
    )
    call_command("load_demo")
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        CovenantMembership.objects.count(),
    ) == counts
    assert Veiligheidshuis.objects.count() == 2


def test_the_demo_passwords_work(demo_users, client):
    assert client.login(username="aanmelder", password="test-wachtwoord-zvh")


def test_the_demo_is_refused_where_settings_do_not_allow_it(settings):
    settings.ZVH_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        demo_load()
    assert not User.objects.exists()
