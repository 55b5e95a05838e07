"""The header menu per role, and where users land after logging in."""

import pytest
from django.urls import reverse

from conftest import TEST_PASSWORD, current_code, password_login
from zvh.accounts.models import Role
from zvh.accounts.navigation import landing_url_for, menu_for

pytestmark = pytest.mark.django_db

LANDING = {
    "aanmelder": "registrations:list",
    "screener": "triage:queue",
    "regisseur": "casework:list",
    "manager": "reporting:figures",
    "beheerder": "admin:index",
    "privacy": "access_log:log",
}


@pytest.mark.parametrize(("username", "url_name"), LANDING.items())
def test_a_user_with_one_role_lands_on_their_work_list(client, demo_users, username, url_name):
    user = demo_users[username]
    response = password_login(client, username, code=current_code(user))
    assert response.status_code == 302
    assert response.url == reverse(url_name)
    assert landing_url_for(user) == reverse(url_name)


def test_a_user_with_several_roles_lands_on_the_overview(client, demo_users):
    user = demo_users["screener"]
    user.roles.add(Role.objects.get(code="privacy_officer"))
    response = password_login(client, "screener", code=current_code(user))
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "Werkvoorraad meldpunt" in home.text  # the welcome cards stay for them


def test_login_keeps_the_page_asked_for(client, demo_users):
    """A page asked for (``next``) wins over the landing; the overview itself does not."""
    user = demo_users["aanmelder"]
    wanted = reverse("registrations:start")
    for next_url, lands in ((wanted, wanted), (reverse("home"), reverse("registrations:list"))):
        url = f"{reverse('login')}?next={next_url}"
        client.post(
            url,
            {
                "login_view-current_step": "auth",
                "auth-username": "aanmelder",
                "auth-password": TEST_PASSWORD,
            },
        )
        response = client.post(
            url, {"login_view-current_step": "token", "token-otp_token": current_code(user)}
        )
        assert response.url == lands
        client.logout()


def test_the_menu_per_role(demo_users):
    labels = {
        username: [item.label for item in menu_for(demo_users[username], path="/")]
        for username in LANDING
    }
    assert labels == {
        "aanmelder": ["Aanmeldingen", "Nieuwe aanmelding"],
        "screener": ["Werkvoorraad", "Binnengekomen e-mail"],
        "regisseur": ["Mijn casussen", "Mijn caseload"],
        "manager": ["Cijfers"],
        "beheerder": ["Configuratie", "Gebruiker uitnodigen"],
        "privacy": ["Toegangslog", "Overzicht voor een betrokkene"],
    }


def test_the_current_item_is_the_longest_matching_one(demo_users):
    screener = demo_users["screener"]
    on_mail = menu_for(screener, path=reverse("intake:list"))
    assert [item.current for item in on_mail] == [False, True]
    on_queue_item = menu_for(screener, path=reverse("triage:queue") + "iets/")
    assert [item.current for item in on_queue_item] == [True, False]


def test_the_menu_is_on_the_page_without_queries(
    client, demo_users, login, django_assert_num_queries
):
    client = login(demo_users["privacy"])
    page = client.get(reverse("access_log:log"))
    text = page.text
    assert 'aria-label="Hoofdmenu"' in text
    assert f'<a href="{reverse("access_log:log")}" aria-current="page">Toegangslog</a>' in text
    assert 'src="/static/zvh/js/navigation.js"' in text
    assert "<script>" not in text
    user = demo_users["privacy"]
    assert user.role_codes  # loaded once per request with the user (one query)
    with django_assert_num_queries(0):
        menu_for(user, path="/")
        landing_url_for(user)


def test_nobody_without_a_second_factor_gets_a_menu(client, demo_users):
    password_login(client, "screener")  # password step only
    page = client.get(reverse("login"))
    assert "Hoofdmenu" not in page.text


def test_the_procesregisseur_reaches_the_caseload_from_the_menu(demo_users):
    """The caseload of the integrated approach (/aanpak/) is its own item, current on its
    pages (branch figures)."""
    on_caseload = menu_for(demo_users["regisseur"], path=reverse("approach:caseload"))
    assert [(item.label, item.current) for item in on_caseload] == [
        ("Mijn casussen", False),
        ("Mijn caseload", True),
    ]
    assert on_caseload[1].url == reverse("approach:caseload")
