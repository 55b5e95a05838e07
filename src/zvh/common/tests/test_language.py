"""Dutch first, English when chosen."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_interface_is_dutch_whatever_the_browser_prefers(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "<h1>Inloggen</h1>" in page.text
    assert page["Content-Language"] == "nl"


def test_english_is_served_once_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login"))
    assert "<h1>Log in</h1>" in page.text


def test_a_test_after_an_english_request_starts_in_dutch_again():
    """Runs after ``test_english_is_served_once_chosen`` (file order): its request activated
    English in this thread; the autouse ``_site_language`` fixture (src/conftest.py) puts the
    site's language back, so labels and messages here are Dutch whatever ran before."""
    from django.utils import translation
    from django.utils.translation import gettext

    assert translation.get_language() == "nl"
    assert gettext("Yes") == "Ja"
