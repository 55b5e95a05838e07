"""CSRF under ``Referrer-Policy: no-referrer`` (issue 5, point 5).

Browsers then send ``Origin: null`` and no Referer on our own form posts; zvh accepts that only
with the browser-set ``Sec-Fetch-Site: same-origin``, always over HTTPS here (where Django also
wants a Referer when no Origin is sent), and the CSRF token is checked whatever the headers.
The real-browser proof is every form post of ``browser_tests/test_registration_flow.py``.
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

OWN_ORIGIN = "https://testserver"


@pytest.fixture
def browser() -> Client:
    """A client that enforces CSRF like a real browser session, over HTTPS, holding the CSRF
    cookie from a page of ours."""
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("login"), secure=True).status_code == 200
    return client


def post(client: Client, *, token: str | None, **headers: str):
    """A form post (changing the language: a small form every page has)."""
    data = {"language": "nl", "next": "/"}
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    return client.post(reverse("set_language"), data, secure=True, headers=headers)


def token_of(client: Client) -> str:
    return client.cookies["csrftoken"].value


def test_every_response_sends_no_referrer(client):
    assert client.get(reverse("login"))["Referrer-Policy"] == "no-referrer"


def test_a_null_origin_from_our_own_page_is_accepted(browser):
    response = post(browser, token=token_of(browser), Origin="null", Sec_Fetch_Site="same-origin")
    assert response.status_code == 302


@pytest.mark.parametrize("fetch_site", [None, "cross-site", "same-site", "none", "Same-Origin"])
def test_a_null_origin_without_the_browsers_same_origin_word_is_refused(browser, fetch_site):
    headers = {"Origin": "null"}
    if fetch_site is not None:
        headers["Sec-Fetch-Site"] = fetch_site
    response = post(browser, token=token_of(browser), **headers)
    assert response.status_code == 403


def test_the_token_is_still_needed_with_a_null_origin(browser):
    same_origin = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert post(browser, token=None, **same_origin).status_code == 403
    assert post(browser, token="x" * 32, **same_origin).status_code == 403


def test_another_origin_is_refused_whatever_sec_fetch_site_says(browser):
    response = post(
        browser,
        token=token_of(browser),
        Origin="https://elders.example",
        Sec_Fetch_Site="same-origin",
    )
    assert response.status_code == 403


def test_without_origin_https_still_needs_our_referer(browser):
    token = token_of(browser)
    assert post(browser, token=token, Sec_Fetch_Site="same-origin").status_code == 403
    assert post(browser, token=token, Referer=f"{OWN_ORIGIN}/").status_code == 302


def test_our_own_origin_is_accepted_as_before(browser):
    assert post(browser, token=token_of(browser), Origin=OWN_ORIGIN).status_code == 302


def test_the_deployment_checks_see_the_middleware(settings):
    """Django's W003 is silenced (it looks for its own class by name); zvh's check replaces it."""
    from zvh.common.checks import CSRF_MIDDLEWARE, check_csrf

    assert CSRF_MIDDLEWARE in settings.MIDDLEWARE
    assert "django.middleware.csrf.CsrfViewMiddleware" not in settings.MIDDLEWARE
    settings.CSRF_COOKIE_SECURE = True
    assert check_csrf(None) == []
    settings.CSRF_COOKIE_SECURE = False
    assert [w.id for w in check_csrf(None)] == ["zvh.W002"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != CSRF_MIDDLEWARE]
    assert [w.id for w in check_csrf(None)] == ["zvh.W001"]
    call_command("check")  # nothing else complains about the replacement
