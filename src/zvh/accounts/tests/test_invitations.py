"""A new user is invited by mail to choose their own password and then enrol a second factor;
the link works once, and not after it expired."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from freezegun import freeze_time

from conftest import TEST_PASSWORD
from zvh.accounts.invitations import invitation_accept, invitation_tokens, user_invite
from zvh.accounts.models import User
from zvh.notifications.models import OutgoingMail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-eigen-lang-wachtwoord-2026"


@pytest.fixture
def invitee(demo_users) -> User:
    user = User.objects.create_user(
        username="nieuw",
        email="nieuw@demo.invalid",
        first_name="Noor",
        last_name="Nieuwkomer",
        organisation=demo_users["aanmelder"].organisation,
    )
    user.set_unusable_password()
    user.save()
    return user


def _link(settings) -> str:
    body = OutgoingMail.objects.filter(template_key="invitation").latest("pk").body
    url = re.search(r"https?://\S+/accounts/uitnodiging/\S+/", body).group(0)
    assert url.startswith(settings.ZVH_BASE_URL)
    return url.removeprefix(settings.ZVH_BASE_URL)


def test_the_invitation_mail_carries_the_link_and_no_personal_data(demo_users, invitee, settings):
    user_invite(user=invitee, by=demo_users["beheerder"])

    mail = OutgoingMail.objects.get(template_key="invitation")
    assert mail.recipients == ["nieuw@demo.invalid"]
    assert mail.subject == "Uitnodiging voor zvh"
    for personal in ("Noor", "Nieuwkomer", "nieuw@", "nieuw\n", "Politie"):
        assert personal not in mail.body
    assert "Zorg- en Veiligheidshuis Maastricht" in mail.body or "Maastricht" in mail.body
    assert _link(settings).startswith("/accounts/uitnodiging/")


def test_the_invitee_chooses_a_password_and_is_sent_to_enrol(client, demo_users, invitee, settings):
    user_invite(user=invitee, by=demo_users["beheerder"])
    link = _link(settings)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "Kies uw wachtwoord" in page.text
    assert "nieuw" in page.text
    # The token left the URL (Django keeps it in the session).
    set_password_url = page.redirect_chain[-1][0]
    assert link.rstrip("/").rsplit("/", 1)[1] not in set_password_url

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("two_factor:setup")
    invitee.refresh_from_db()
    assert invitee.check_password(NEW_PASSWORD)
    # Logged in with the password only: the second factor's enrolment is all there is.
    assert client.get(reverse("home")).url == reverse("two_factor:setup")


def test_the_link_works_once(client, demo_users, invitee, settings):
    user_invite(user=invitee, by=demo_users["beheerder"])
    link = _link(settings)
    token = link.rstrip("/").rsplit("/", 1)[1]
    url = client.get(link).url
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.__class__().get(link, follow=True)
    assert "Deze uitnodiging werkt niet meer" in again.text
    invitee.refresh_from_db()
    assert not invitation_tokens.check_token(invitee, token)
    with pytest.raises(Exception, match="verlopen of al gebruikt"):
        invitation_accept(user=invitee, token=token, password="nog-een-ander-wachtwoord-1")


def test_the_link_expires(client, demo_users, invitee, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with freeze_time(start):
        user_invite(user=invitee, by=demo_users["beheerder"])
        link = _link(settings)
    with freeze_time(start + dt.timedelta(minutes=59)):
        assert "Kies uw wachtwoord" in client.get(link, follow=True).text
    with freeze_time(start + dt.timedelta(hours=1, seconds=2)):
        page = client.__class__().get(link, follow=True)
        assert "Deze uitnodiging werkt niet meer" in page.text
        assert "Kies uw wachtwoord" not in page.text


def test_a_new_invitation_replaces_the_old_link(client, demo_users, invitee, settings):
    user_invite(user=invitee, by=demo_users["beheerder"])
    old = _link(settings)
    user_invite(user=invitee, by=demo_users["beheerder"])
    new = _link(settings)
    assert old != new
    assert "werkt niet meer" in client.get(old, follow=True).text
    assert "Kies uw wachtwoord" in client.__class__().get(new, follow=True).text


def test_a_weak_password_is_refused(client, demo_users, invitee, settings):
    user_invite(user=invitee, by=demo_users["beheerder"])
    url = client.get(_link(settings)).url
    response = client.post(url, {"new_password1": "kort-ww1", "new_password2": "kort-ww1"})
    assert response.status_code == 200
    assert "12 tekens" in response.text
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


@pytest.mark.parametrize("username", ["screener", "aanmelder", "privacy", "manager"])
def test_only_administrators_invite(demo_users, invitee, username):
    with pytest.raises(PermissionDenied):
        user_invite(user=invitee, by=demo_users[username])
    assert not OutgoingMail.objects.exists()


def test_nobody_who_has_logged_in_is_invited(demo_users):
    screener = demo_users["screener"]
    screener.last_login = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    screener.save()
    with pytest.raises(PermissionDenied):
        user_invite(user=screener, by=demo_users["beheerder"])
    assert User.objects.get(pk=screener.pk).check_password(TEST_PASSWORD)


def test_sittard_staff_are_outside_maastricht_s_scope(demo_users):
    other = User.objects.create_user(
        username="sittard-nieuw",
        email="s@demo.invalid",
        organisation=demo_users["screener-sittard"].organisation,
    )
    with pytest.raises(PermissionDenied):
        user_invite(user=other, by=demo_users["beheerder"])
