"""A security key or passkey (WebAuthn) as the second factor, beside the authenticator app, and
nothing else (issue 5, point 1). The whole ceremony with a real authenticator is in
``browser_tests/test_webauthn.py``; here: what is offered, and that the plugin's scripts answer
only in the state they belong to (they carry the options of this session's ceremony)."""

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from two_factor.plugins.registry import MethodBase, registry
from two_factor.plugins.webauthn.models import WebauthnDevice
from webauthn.helpers import bytes_to_base64url

from conftest import TEST_PASSWORD, password_login
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.accounts.second_factor import offered_methods
from zvh.accounts.services import user_upsert
from zvh.common.reauthentication import REAUTHENTICATED_AT, WEBAUTHN_CHALLENGE

pytestmark = pytest.mark.django_db

SETUP = "two_factor:setup"
CREATE_JS = "two_factor:webauthn:create_credential"
GET_JS = "two_factor:webauthn:get_credential"
KEY_HANDLE = bytes_to_base64url(b"synthetic-key-handle")


@pytest.fixture
def newcomer(demo_users) -> User:
    """A screener who has never logged in: no second factor yet."""
    return user_upsert(
        username="nieuwe.screener",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.SCREENER],
        password=TEST_PASSWORD,
    )


@pytest.fixture
def key_user(newcomer) -> User:
    """The newcomer, enrolled with a security key (a stored credential; no real key behind it)."""
    WebauthnDevice.objects.create(
        user=newcomer,
        name="default",
        confirmed=True,
        public_key=bytes_to_base64url(b"synthetic-public-key"),
        key_handle=KEY_HANDLE,
        sign_count=0,
    )
    return newcomer


def setup_step(client, step: str, **data):
    return client.post(reverse(SETUP), {"setup_view-current_step": step, **data})


def scripts_of(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_an_authenticator_app_or_a_security_key_is_offered_and_nothing_else(client, newcomer):
    password_login(client, newcomer.username)
    response = setup_step(client, "welcome")
    assert response.status_code == 200
    choices = re.findall(r'name="method-method" value="([^"]+)"', response.text)
    assert choices == ["generator", "webauthn"]
    assert "Authenticator-app (TOTP)" in response.text
    assert "Beveiligingssleutel of passkey (WebAuthn)" in response.text


def test_another_registered_method_is_never_offered(client, newcomer):
    """Should an SMS, phone or e-mail plugin ever be installed, zvh still does not offer it."""

    class TextMessages(MethodBase):
        code = "sms"
        verbose_name = "SMS"

    registry.register(TextMessages())
    try:
        assert [method.code for method, _label in offered_methods()] == ["generator", "webauthn"]
        password_login(client, newcomer.username)
        response = setup_step(client, "welcome")
        assert 'value="sms"' not in response.text
        refused = setup_step(client, "method", **{"method-method": "sms"})
        assert refused.status_code == 200
        assert "webauthn_creation_options" not in client.session
        assert 'name="method-method"' in refused.text  # still choosing
    finally:
        registry.unregister("sms")


def test_choosing_a_security_key_prepares_this_sessions_ceremony(client, newcomer):
    password_login(client, newcomer.username)
    assert client.get(reverse(CREATE_JS)).status_code == 404  # nothing to create yet
    setup_step(client, "welcome")
    response = setup_step(client, "method", **{"method-method": "webauthn"})
    assert response.status_code == 200
    assert 'name="webauthn-token"' in response.text
    scripts = scripts_of(response.text)
    assert any(reverse(CREATE_JS) in tag for tag in scripts)
    assert any("two_factor/js/webauthn_utils" in tag for tag in scripts)
    assert all("src=" in tag for tag in scripts)  # no inline script: the CSP holds
    script = client.get(reverse(CREATE_JS))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("text/javascript")
    assert '"rp": {"name": "zvh", "id": "testserver"}' in script.text
    assert '"name": "nieuwe.screener"' in script.text
    # Until the key is enrolled, the password alone still opens nothing else.
    assert client.get(reverse("home")).url == reverse(SETUP)


def test_the_enrolment_script_needs_a_login_and_a_ceremony(client, demo_users, login):
    anonymous = client.get(reverse(CREATE_JS))
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    assert login(demo_users["screener"]).get(reverse(CREATE_JS)).status_code == 404


def test_a_key_users_login_asks_the_key_and_refuses_a_forged_answer(client, key_user):
    assert client.get(reverse(GET_JS)).status_code == 404  # no login under way
    response = password_login(client, key_user.username)
    assert response.status_code == 200
    assert "Gebruik uw beveiligingssleutel of passkey" in response.text
    assert 'type="hidden" name="token-otp_token"' in response.text
    assert any(reverse(GET_JS) in tag for tag in scripts_of(response.text))
    script = client.get(reverse(GET_JS))
    assert script.status_code == 200
    assert KEY_HANDLE in script.text  # only this user's key is asked for
    assert '"rpId": "testserver"' in script.text
    forged = client.post(
        reverse("login"),
        {"login_view-current_step": "token", "token-otp_token": '{"id": "' + KEY_HANDLE + '"}'},
    )
    assert forged.status_code == 200
    assert "Ingevoerde token is niet geldig." in forged.text
    assert client.get(reverse("home")).status_code == 302


def test_a_key_user_confirms_with_the_key_before_an_export(client, key_user):
    """No code field for a key user: a hidden answer and a fresh, single-use challenge; a forged
    answer is refused with one message and proves nothing."""
    client.force_login(key_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = WebauthnDevice.objects.get(user=key_user).persistent_id
    session.save()  # logged in with the key, longer ago than the re-authentication period
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("reauthenticate"))
    assert page.status_code == 200
    assert 'name="reauth-otp_token"' in page.text
    assert 'type="hidden" name="reauth-otp_token"' in page.text
    assert 'id="webauthn-request-options"' in page.text
    assert KEY_HANDLE in page.text
    assert all("src=" in tag or "application/json" in tag for tag in scripts_of(page.text))
    assert WEBAUTHN_CHALLENGE in client.session
    refused = client.post(
        reverse("reauthenticate"),
        {
            "reauth-confirm": "1",
            "reauth-password": TEST_PASSWORD,
            "reauth-otp_token": '{"id": "' + KEY_HANDLE + '"}',
        },
    )
    assert refused.status_code == 200
    assert "Het wachtwoord of de beveiligingssleutel is niet geaccepteerd." in refused.text
    assert REAUTHENTICATED_AT not in client.session
    assert client.session[WEBAUTHN_CHALLENGE]  # a new one for the next try
