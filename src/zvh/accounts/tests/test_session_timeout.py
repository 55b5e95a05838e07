"""The session timeout warning's server side: the dialog on every page of a logged-in user,
and "stay logged in" (issue 14.2)."""

import json
import re
import time

import pytest
from django.urls import reverse

from zvh.accounts.session_timeout import seconds_left
from zvh.common.middleware import AUTHENTICATED_AT

pytestmark = pytest.mark.django_db

KEEP_ALIVE = reverse("session_keep_alive")


def test_stay_logged_in_renews_the_session_and_says_for_how_long(login, demo_users, settings):
    settings.SESSION_COOKIE_AGE = 600
    client = login(demo_users["aanmelder"])
    response = client.post(KEEP_ALIVE)
    assert response.status_code == 200
    assert json.loads(response.content) == {"seconds_left": 600}
    assert settings.SESSION_COOKIE_NAME in response.cookies  # the session was saved again


def test_stay_logged_in_is_a_post_for_logged_in_users_only(client, login, demo_users):
    assert client.post(KEEP_ALIVE).status_code == 302  # to the login page
    assert login(demo_users["screener"]).get(KEEP_ALIVE).status_code == 405


def test_the_time_left_never_passes_the_absolute_lifetime(settings):
    settings.SESSION_COOKIE_AGE = 900
    settings.ZVH_SESSION_ABSOLUTE_SECONDS = 3600
    now = time.time()
    assert seconds_left({AUTHENTICATED_AT: now - 60}, now=now) == 900
    assert seconds_left({AUTHENTICATED_AT: now - 3300}, now=now) == 300
    assert seconds_left({AUTHENTICATED_AT: now - 4000}, now=now) == 0


def test_every_page_of_a_logged_in_user_carries_the_warning_and_its_script(
    client, login, demo_users, settings
):
    settings.ZVH_SESSION_WARNING_SECONDS = 120
    response = login(demo_users["aanmelder"]).get(reverse("registrations:list"))
    text = response.text
    dialog = re.search(r"<dialog id=\"session-timeout\"[^>]*>", text).group(0)
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in dialog
    assert 'data-warning-seconds="120"' in dialog
    assert "next=/aanmeldingen/" in dialog
    assert "Ingelogd blijven" in text
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'session_timeout.js" nonce="{nonce}"' in text


def test_the_login_page_has_no_warning(client):
    assert "session-timeout" not in client.get(reverse("login")).text
