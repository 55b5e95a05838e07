"""Re-authentication (issue 5 item 4): exports and deletions need password + a current TOTP
code from within the last few minutes; a login with both counts as such a proof."""

import time

import pytest
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter, get_exception_reporter_filter

from conftest import TEST_PASSWORD, current_code, password_login
from zvh.access_log.models import AccessLogEntry
from zvh.common.reauthentication import REAUTHENTICATED_AT

pytestmark = pytest.mark.django_db

EXPORT = reverse("access_log:export")


def age_proof(client, seconds: int = 3600) -> None:
    session = client.session
    session[REAUTHENTICATED_AT] = time.time() - seconds
    session.save()


@pytest.fixture
def officer(demo_users, login):
    client = login(demo_users["privacy"])
    age_proof(client)
    return client


def exports() -> int:
    return AccessLogEntry.objects.filter(event_type="export", outcome="success").count()


def test_an_export_without_a_recent_proof_asks_for_password_and_code(officer):
    response = officer.post(EXPORT, {"username": "screener"})
    assert response.status_code == 403
    assert 'name="reauth-password"' in response.text
    assert 'name="reauth-otp_token"' in response.text
    # The filters come back as hidden fields, so confirming exports the same selection.
    assert '<input type="hidden" name="username" value="screener">' in response.text
    assert exports() == 0


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_a_wrong_password_or_code_is_refused_with_one_message(demo_users, officer, wrong):
    privacy = demo_users["privacy"]
    response = officer.post(
        EXPORT,
        {
            "username": "screener",
            "reauth-confirm": "1",
            "reauth-password": "wrong-password!" if wrong == "password" else TEST_PASSWORD,
            "reauth-otp_token": "000000" if wrong == "code" else current_code(privacy),
        },
    )
    assert response.status_code == 403
    assert "Het wachtwoord of de code is niet juist." in response.text
    assert exports() == 0


def test_password_and_current_code_let_the_export_through_for_a_while(demo_users, officer):
    response = officer.post(
        EXPORT,
        {
            "username": "screener",
            "reauth-confirm": "1",
            "reauth-password": TEST_PASSWORD,
            "reauth-otp_token": current_code(demo_users["privacy"]),
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    b"".join(response.streaming_content)
    assert officer.post(EXPORT, {}).status_code == 200  # within the period: no second prompt
    assert exports() == 2


def test_the_proof_expires(settings, officer, demo_users):
    settings.ZVH_REAUTHENTICATION_SECONDS = 60
    age_proof(officer, seconds=61)
    assert officer.post(EXPORT, {}).status_code == 403


def test_a_login_with_password_and_code_counts_as_a_proof(client, demo_users):
    privacy = demo_users["privacy"]
    from conftest import verify_second_factor

    verify_second_factor(client, privacy)  # gives the account its TOTP device
    client.logout()
    response = password_login(client, "privacy", code=current_code(privacy))
    assert response.status_code == 302
    assert client.session.get(REAUTHENTICATED_AT) is not None
    assert client.post(EXPORT, {}).status_code == 200


def test_pages_reached_with_get_confirm_on_their_own_page(demo_users, officer):
    target = reverse("access_log:log")
    page = reverse("reauthenticate") + f"?next={target}"
    assert officer.get(page).status_code == 200
    response = officer.post(
        page,
        {
            "reauth-password": TEST_PASSWORD,
            "reauth-otp_token": current_code(demo_users["privacy"]),
        },
    )
    assert (response.status_code, response.url) == (302, target)
    away = reverse("reauthenticate") + "?next=https://evil.example/"
    age_proof(officer)
    response = officer.post(
        away,
        {
            "reauth-password": TEST_PASSWORD,
            "reauth-otp_token": current_code(demo_users["privacy"]),
        },
    )
    assert response.url == reverse("home")


def test_password_and_code_never_appear_in_an_error_report(rf, demo_users):
    from zvh.common.reauthentication import reauthentication_required

    seen = {}

    @reauthentication_required
    def view(request):
        seen["post"] = SafeExceptionReporterFilter().get_post_parameters(request)
        seen["zvh"] = get_exception_reporter_filter(request).get_post_parameters(request)
        raise AssertionError("not reached without a proof")

    request = rf.post("/", {"reauth-confirm": "1", "reauth-password": "geheim", "q": "x"})
    request.user = demo_users["privacy"]
    request.session = {REAUTHENTICATED_AT: time.time()}
    with pytest.raises(AssertionError):
        view(request)
    # Marked sensitive for Django's own filter; zvh's filter masks every posted value anyway.
    assert seen["post"]["reauth-password"] == "********************"
    assert seen["post"]["q"] == "x"
    assert seen["zvh"]["q"] == "********************"
