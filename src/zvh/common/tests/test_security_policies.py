"""Headers and session limits that hold for every page (issue 5, points 3 to 5)."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from conftest import current_code, password_login

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = csp_directives(client.get(reverse("login")))
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert all("'unsafe-inline'" not in values for values in policy.values())


def test_pages_are_never_stored_and_are_not_framed_or_sniffed(client, demo_users, login):
    response = login(demo_users["screener"]).get(reverse("home"))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"  # see zvh.common.csrf


def test_session_cookie_is_httponly_and_strict(client, demo_users):
    password_login(client, "screener", code=current_code(demo_users["screener"]))
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"


def test_the_session_id_changes_at_login(client, demo_users):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    password_login(client, "screener", code=current_code(demo_users["screener"]))
    assert client.session.session_key != before


def test_an_idle_session_expires_after_fifteen_minutes(client, demo_users):
    with freeze_time("2026-11-23 09:00:00") as clock:
        password_login(client, "screener", code=current_code(demo_users["screener"]))
        assert client.get(reverse("home")).status_code == 200
        clock.tick(timedelta(minutes=14))
        assert client.get(reverse("home")).status_code == 200  # activity renews the session
        clock.tick(timedelta(minutes=16))
        assert client.get(reverse("home")).status_code == 302


def test_an_active_session_still_ends_eight_hours_after_login(client, demo_users):
    with freeze_time("2026-11-23 08:00:00") as clock:
        password_login(client, "screener", code=current_code(demo_users["screener"]))
        for _ in range(8 * 6 + 1):
            clock.tick(timedelta(minutes=10))
            response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_disabled_account_loses_its_session_at_once(client, demo_users, login):
    user = demo_users["screener"]
    client = login(user)
    assert client.get(reverse("home")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("kort-genoeg", False),  # 11 characters
        ("password1234", False),  # common
        ("lange zin zonder cijfers", True),  # no composition rules
        ("x7" * 32, True),  # 64 characters
        ("y8" * 64 + "z", False),  # 129 characters
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)
