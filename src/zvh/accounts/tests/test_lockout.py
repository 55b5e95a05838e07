"""Five failed logins lock the account name whatever the address; the response, and the time it
takes, are the same for accounts that do not exist; the pause doubles (issue 5, point 2)."""

import re
import time
from datetime import timedelta
from types import SimpleNamespace
from typing import ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from conftest import TEST_PASSWORD, current_code
from zvh.accounts import lockout
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


# --- nothing tells whether an account exists -----------------------------------------------------


class CountingHasher(MD5PasswordHasher):
    """The test suite's hasher, counting how often it hashes (``verify`` hashes through
    ``encode`` too). Hashing is what makes a login attempt slow; equal counts mean that an
    attempt on an unknown name takes as long as one on a real account."""

    calls: ClassVar[list[str]] = []

    def encode(self, password: str, salt: str) -> str:
        self.calls.append(password)
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings) -> list[str]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls.clear()
    return CountingHasher.calls


def answer(client, username: str, password: str, address: str, hashes: list[str]):
    """One attempt: its status, its page with the name typed and the tokens left out, and how
    often the password was hashed."""
    hashes.clear()
    response = attempt(client, username, password, address)
    page = without_tokens(response.text).replace(f'value="{username}"', 'value="…"')
    return response.status_code, page, len(hashes)


def lock(client, username: str) -> None:
    for i in range(5):
        attempt(client, username, f"fout-{i}-wachtwoord", f"10.9.{i}.1")


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer_in_the_same_time(
    client, demo_users, hashes
):
    """Same status, same page, one hash each; a disabled account with its right password too."""
    disabled = demo_users["regisseur"]
    disabled.is_active = False
    disabled.save()
    unknown = answer(client, "bestaat-niet", "fout-wachtwoord-1", "10.5.0.1", hashes)
    wrong = answer(client, "screener", "fout-wachtwoord-1", "10.5.0.2", hashes)
    inactive = answer(client, "regisseur", TEST_PASSWORD, "10.5.0.3", hashes)
    assert unknown[0] == wrong[0] == inactive[0] == 200
    assert unknown[1] == wrong[1] == inactive[1]
    assert "token-otp_token" not in unknown[1]
    assert unknown[2] == wrong[2] == inactive[2] == 1


def test_a_locked_name_answers_the_same_and_takes_the_same_time_known_or_not(
    client, demo_users, hashes
):
    """Locked, the attempt is refused before the password is checked; it is hashed all the same,
    known name or not, right password or not."""
    lock(client, "screener")
    lock(client, "bestaat-niet")
    known = answer(client, "screener", "fout-wachtwoord-1", "10.6.0.1", hashes)
    right = answer(client, "screener", TEST_PASSWORD, "10.6.0.2", hashes)
    unknown = answer(client, "bestaat-niet", "fout-wachtwoord-1", "10.6.0.3", hashes)
    assert known[0] == right[0] == unknown[0] == 429
    assert known[1] == right[1] == unknown[1]
    assert known[2] == right[2] == unknown[2] == 1
    # the attempt that locks is hashed once too, like the four before it
    hashes.clear()
    for i in range(5):
        attempt(client, "aanmelder", f"fout-{i}-wachtwoord", f"10.7.{i}.1")
    assert len(hashes) == 5


# --- nobody can game the lockout or turn it on others (issue 17, point 1) ----------------------


def full_login(client, user, address: str):
    """Password and TOTP code through the real login form, from an address."""
    client.post(
        reverse("login"),
        {
            "login_view-current_step": "auth",
            "auth-username": user.username,
            "auth-password": TEST_PASSWORD,
        },
        REMOTE_ADDR=address,
    )
    return client.post(
        reverse("login"),
        {"login_view-current_step": "token", "token-otp_token": current_code(user)},
        REMOTE_ADDR=address,
    )


def test_a_login_of_another_account_does_not_clear_an_accounts_failures(client, demo_users):
    for i in range(4):
        assert attempt(client, "screener", f"fout-{i}-wachtwoord", "10.20.0.1").status_code == 200
    other = Client()
    assert full_login(other, demo_users["aanmelder"], "10.20.0.1").status_code == 302
    assert other.get(reverse("home"), REMOTE_ADDR="10.20.0.1").status_code == 200
    assert attempt(client, "screener", "fout-5-wachtwoord", "10.20.0.1").status_code == 429
    assert attempt(client, "screener", TEST_PASSWORD, "10.20.0.2").status_code == 429


def test_failures_for_other_names_never_stop_a_correct_login_from_that_address(
    client, demo_users, settings
):
    settings.ZVH_LOGIN_ADDRESS_DELAY_SECONDS = 0.001
    settings.ZVH_LOGIN_ADDRESS_MAX_DELAY_SECONDS = 0.001
    for i in range(12):
        attempt(client, f"onbekend-{i % 3}", "fout-wachtwoord-1", "10.21.0.1")
    response = attempt(client, "screener", TEST_PASSWORD, "10.21.0.1")
    assert response.status_code == 200
    assert "token-otp_token" in response.text  # on to the second factor


@pytest.fixture
def waits(monkeypatch, settings) -> list[float]:
    """The waits imposed on login answers (really waited, and noted)."""
    settings.ZVH_LOGIN_ADDRESS_FREE_FAILURES = 3
    settings.ZVH_LOGIN_ADDRESS_DELAY_SECONDS = 0.01
    settings.ZVH_LOGIN_ADDRESS_MAX_DELAY_SECONDS = 0.04
    noted: list[float] = []

    def noting_sleep(seconds: float) -> None:
        noted.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr(lockout, "sleep", noting_sleep)
    return noted


def test_an_address_that_keeps_failing_is_slowed_down_not_locked(client, demo_users, waits):
    for i in range(3):
        attempt(client, f"onbekend-{i}", "fout-wachtwoord-1", "10.22.0.1")
    assert waits == []
    for i in range(4):
        attempt(client, f"onbekend-{i}", "fout-wachtwoord-1", "10.22.0.1")
    assert waits == [0.01, 0.02, 0.04]  # the waits follow the 4th, 5th and 6th failure
    waits.clear()
    # the same wait for a correct login from there, which then succeeds; none elsewhere
    assert "token-otp_token" in attempt(client, "screener", TEST_PASSWORD, "10.22.0.1").text
    assert "token-otp_token" in attempt(client, "aanmelder", TEST_PASSWORD, "10.22.0.2").text
    assert waits == [0.04]


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, 0.0), (10, 0.0), (11, 0.5), (12, 1.0), (14, 4.0), (15, 8.0), (1000, 8.0)],
)
def test_the_wait_doubles_per_failure_up_to_its_cap(failures, wait):
    assert lockout.address_delay(failures) == wait
