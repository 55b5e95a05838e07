"""`make run` loads a demo a newcomer can log in to, and loading it twice is safe."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from conftest import current_code, password_login
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.demo.services import demo_load
from zvh.network.models import CovenantMembership, Organisation, Veiligheidshuis

pytestmark = pytest.mark.django_db


def test_there_is_a_demo_account_for_every_role(demo_users):
    held = set().union(*(user.role_codes for user in demo_users.values()))
    assert held == set(RoleCode)


def test_loading_twice_is_safe(demo_users):
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        CovenantMembership.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        CovenantMembership.objects.count(),
    ) == counts
    assert Veiligheidshuis.objects.count() == 2


def test_the_demo_passwords_and_codes_work(demo_users, client):
    response = password_login(client, "aanmelder", code=current_code(demo_users["aanmelder"]))
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_demo_totp_prints_the_code_the_login_accepts(demo_users, client):
    out = io.StringIO()
    call_command("demo_totp", "screener", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6
    assert code.isdigit()
    assert password_login(client, "screener", code=code).status_code == 302


def test_the_demo_is_refused_where_settings_do_not_allow_it(settings):
    settings.ZVH_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        demo_load()
    assert not User.objects.exists()


def test_load_demo_creates_one_api_client_and_shows_its_token_once(demo_users):
    from zvh.api.models import ApiClient

    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "zvh_" in first.getvalue()
    assert "zvh_" not in second.getvalue()
    assert ApiClient.objects.filter(organisation__name="Politie (demo)").count() == 1
