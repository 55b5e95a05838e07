"""Functional administrators manage users of their own Veiligheidshuis and its partners."""

import pytest
from django.urls import reverse

from zvh.accounts.models import Role, User
from zvh.notifications.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(demo_users, login):
    return login(demo_users["beheerder"])


def test_the_user_list_holds_own_staff_and_partners_but_not_sittard_staff(beheerder):
    page = beheerder.get(reverse("admin:accounts_user_changelist"))
    listed = {user.username for user in page.context["cl"].result_list}
    assert {"screener", "aanmelder", "aanmelder-gemeente", "privacy"} <= listed
    assert "screener-sittard" not in listed


def test_a_partner_user_cannot_be_made_a_screener(beheerder, demo_users):
    police_user = demo_users["aanmelder"]
    response = beheerder.post(
        reverse("admin:accounts_user_change", args=[police_user.pk]),
        {
            "username": police_user.username,
            "first_name": police_user.first_name,
            "last_name": police_user.last_name,
            "email": police_user.email,
            "organisation": police_user.organisation_id,
            "roles": ["registrant", "screener"],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "kan alleen worden vervuld door medewerkers van een Veiligheidshuis" in response.text
    assert set(police_user.roles.values_list("code", flat=True)) == {"registrant"}


def test_the_functional_administrator_adds_a_registrant(beheerder, demo_users):
    response = beheerder.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nieuwe.aanmelder",
            "first_name": "Noor",
            "last_name": "Nieuw",
            "email": "noor@demo.invalid",
            "organisation": demo_users["aanmelder"].organisation_id,
            "roles": ["registrant"],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="nieuwe.aanmelder")
    assert list(user.roles.all()) == [Role.objects.get(code="registrant")]
    assert not user.is_superuser
    # No password typed by the administrator: the new user is invited to choose their own.
    assert not user.has_usable_password()
    mail = OutgoingMail.objects.get(template_key="invitation")
    assert mail.recipients == ["noor@demo.invalid"]


def test_a_new_user_needs_an_e_mail_address_for_the_invitation(beheerder, demo_users):
    page = beheerder.get(reverse("admin:accounts_user_add"))
    assert "password1" not in page.context["adminform"].form.fields
    response = beheerder.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "zonder-mail",
            "organisation": demo_users["aanmelder"].organisation_id,
            "roles": ["registrant"],
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="zonder-mail").exists()
    assert not OutgoingMail.objects.exists()


def test_the_functional_administrator_cannot_make_a_superuser(beheerder):
    page = beheerder.get(
        reverse("admin:accounts_user_change", args=[User.objects.get(username="screener").pk])
    )
    assert "is_superuser" not in page.context["adminform"].form.fields
