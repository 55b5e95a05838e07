"""Five failed logins lock the account name whatever the address; the response is the same for
accounts that do not exist; the pause doubles (issue 5, point 2)."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from conftest import TEST_PASSWORD
from zvh.accounts.lockout import cool_off

pytestmark = pytest.mark.django_db


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def attempt(client, username: str, password: str, address: str):
    return client.post(
        reverse("login"),
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_from_five_addresses_lock_the_account(client, demo_users):
    for i in range(4):
        assert attempt(client, "screener", f"fout-{i}-wachtwoord", f"10.0.0.{i}").status_code == 200
    assert attempt(client, "screener", "fout-4-wachtwoord", "10.0.0.4").status_code == 429
    locked = attempt(client, "screener", TEST_PASSWORD, "10.0.0.99")
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.text
    assert "token-otp_token" not in locked.text


def test_a_locked_unknown_account_looks_the_same_as_a_locked_real_one(client, demo_users):
    responses = {}
    for username in ("screener", "bestaat-niet"):
        for i in range(5):
            attempt(client, username, "fout-wachtwoord-1", f"10.1.{i}.1")
        responses[username] = attempt(client, username, "fout-wachtwoord-1", "10.2.0.1")
    real, unknown = responses["screener"], responses["bestaat-niet"]
    assert real.status_code == unknown.status_code == 429
    assert without_tokens(real.text) == without_tokens(unknown.text)


def test_fewer_failures_do_not_lock_and_a_success_resets_the_count(client, demo_users):
    for i in range(4):
        attempt(client, "screener", f"fout-{i}-wachtwoord", "10.3.0.1")
    assert "token-otp_token" in attempt(client, "screener", TEST_PASSWORD, "10.3.0.1").text


@pytest.mark.parametrize(
    ("failures", "pause"),
    [
        (0, timedelta(minutes=15)),
        (5, timedelta(minutes=15)),
        (9, timedelta(minutes=15)),
        (10, timedelta(minutes=30)),
        (15, timedelta(hours=1)),
        (20, timedelta(hours=2)),
        (500, timedelta(hours=24)),
    ],
)
def test_the_pause_doubles_with_each_further_series_of_failures(failures, pause):
    assert cool_off(SimpleNamespace(axes_failures_since_start=failures)) == pause
