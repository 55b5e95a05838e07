"""Every account logs in with a second factor; enrolment on first login; recovery codes;
the functional administrator's reset (issue 5, point 1)."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import current_code, password_login
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.accounts.services import user_upsert

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-nieuw-lang-wachtwoord"


@pytest.fixture
def newcomer(demo_users) -> User:
    """A screener who has never logged in: no second-factor device yet."""
    return user_upsert(
        username="nieuwe.screener",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.SCREENER],
        password=NEW_PASSWORD,
    )


def test_a_first_login_leads_to_enrolment_and_nothing_else(client, newcomer):
    response = password_login(client, newcomer.username, NEW_PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home.url == reverse("two_factor:setup")
    assert client.get(reverse("triage:queue")).status_code == 302


def test_enrolling_with_a_code_from_the_app_unlocks_the_account(client, newcomer):
    password_login(client, newcomer.username, NEW_PASSWORD)
    setup = reverse("two_factor:setup")
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    assert response.status_code == 200
    response = client.post(
        setup, {"setup_view-current_step": "method", "method-method": "generator"}
    )
    assert response.status_code == 200
    secret = client.session["django_two_factor-qr_secret_key"]
    generator = TOTP(b32decode(secret))
    response = client.post(
        setup,
        {"setup_view-current_step": "generator", "generator-token": f"{generator.token():06d}"},
    )
    assert response.status_code == 302
    assert response.url == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=True).count() == 1
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_does_not_log_in(client, demo_users):
    password_login(client, "screener")
    right = current_code(demo_users["screener"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(
        reverse("login"), {"login_view-current_step": "token", "token-otp_token": wrong}
    )
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_logs_in_once(client, demo_users):
    user = demo_users["screener"]
    device = StaticDevice.objects.create(user=user, name="backup")
    device.token_set.create(token="herstel12")
    for attempt in range(2):
        client.logout()
        password_login(client, "screener")
        response = client.post(
            reverse("login"),
            {"login_view-current_step": "backup", "backup-otp_token": "herstel12"},
        )
        logged_in = client.get(reverse("home")).status_code == 200
        assert logged_in is (attempt == 0), response.status_code


def test_a_password_only_session_of_an_enrolled_user_is_ended(client, demo_users):
    client.force_login(demo_users["screener"])  # no second factor in this session
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_functional_administrator_resets_a_lost_second_factor(demo_users, login):
    screener = demo_users["screener"]
    admin_client = login(demo_users["beheerder"])
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [screener.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=screener).exists()


def test_the_functional_administrator_cannot_reset_outside_their_veiligheidshuis(demo_users, login):
    other = demo_users["screener-sittard"]
    admin_client = login(demo_users["beheerder"])
    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [other.pk]},
    )
    assert TOTPDevice.objects.filter(user=other).exists()
