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
