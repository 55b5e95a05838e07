"""Every role starts somewhere: the home page after login shows where."""

import pytest
from django.urls import reverse

from conftest import current_code, password_login
from zvh.accounts.roles import RoleCode
from zvh.accounts.services import user_upsert

pytestmark = pytest.mark.django_db

EXPECTED = {
    "aanmelder": RoleCode.REGISTRANT,
    "screener": RoleCode.SCREENER,
    "regisseur": RoleCode.PROCESREGISSEUR,
    "manager": RoleCode.MANAGER,
    "beheerder": RoleCode.FUNCTIONAL_ADMIN,
    "privacy": RoleCode.PRIVACY_OFFICER,
}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_logging_in_takes_the_password_then_the_code_and_lands_on_the_home_page(client, demo_users):
    first = password_login(client, "screener")
    assert first.status_code == 200
    assert "token-otp_token" in first.text  # the code step, not yet logged in
    assert client.get(reverse("home")).status_code == 302
    response = client.post(
        reverse("login"),
        {
            "login_view-current_step": "token",
            "token-otp_token": current_code(demo_users["screener"]),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Werkvoorraad meldpunt" in response.text


def test_a_wrong_password_is_refused_in_dutch_and_the_username_kept(client, demo_users):
    response = password_login(client, "screener", "verkeerd-wachtwoord")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in." in response.text
    assert 'value="screener"' in response.text


@pytest.mark.parametrize(("username", "role"), EXPECTED.items())
def test_each_role_starts_on_its_own_card(demo_users, login, username, role):
    page = login(demo_users[username]).get(reverse("home"))
    cards = [card.role for card in page.context["cards"]]
    assert cards == [role]
    assert f'data-role="{role}"' in page.text
    for other in set(EXPECTED.values()) - {role}:
        assert f'data-role="{other}"' not in page.text


def test_staff_see_their_own_veiligheidshuis_on_the_home_page(demo_users, login):
    assert "Veiligheidshuis district Sittard" in (
        login(demo_users["screener-sittard"]).get(reverse("home")).text
    )


def test_a_user_with_two_roles_sees_two_cards_in_a_fixed_order(demo_users, login):
    user = user_upsert(
        username="duo",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.PRIVACY_OFFICER, RoleCode.SCREENER],
    )
    page = login(user).get(reverse("home"))
    assert [card.role for card in page.context["cards"]] == [
        RoleCode.SCREENER,
        RoleCode.PRIVACY_OFFICER,
    ]


def test_a_user_without_roles_is_told_whom_to_ask(demo_users, login):
    user = user_upsert(username="nieuw", organisation=None, roles=[])
    page = login(user).get(reverse("home"))
    assert page.context["cards"] == []
    assert "functioneel beheerder" in page.text


def test_the_functional_administrator_is_linked_to_the_configuration(demo_users, login):
    page = login(demo_users["beheerder"]).get(reverse("home"))
    assert f'href="{reverse("admin:index")}"' in page.text


def test_the_english_translation_is_served_when_asked_for(demo_users, login):
    client = login(demo_users["screener"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Meldpunt queue" in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("username", "links"),
    [
        ("screener", ["/bewaartermijnen/"]),
        ("regisseur", ["/bewaartermijnen/"]),
        ("privacy", ["/privacy/verzoeken/", "/bewaartermijnen/"]),
        ("manager", []),
        ("aanmelder", []),
    ],
)
def test_case_workers_and_privacy_officers_find_the_retention_extensions(
    demo_users, login, username, links
):
    page = login(demo_users[username]).get(reverse("home"))
    (card,) = page.context["cards"]
    assert [url for url, _text in card.more] == links
    for url in links:
        assert f'href="{url}"' in page.text
