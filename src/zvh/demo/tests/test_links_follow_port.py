"""Every generated absolute link follows the configured base URL, which follows PORT (and HOST)
when ZVH_BASE_URL is unset."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from zvh.api.problems import problem_type_uri
from zvh.config.base_url import base_url_from
from zvh.notifications.models import OutgoingMail
from zvh.notifications.services import absolute_url

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"HOST": "localhost", "PORT": "9000"}, "http://localhost:9000"),
        ({"HOST": "0.0.0.0", "PORT": "8001"}, "http://127.0.0.1:8001"),  # noqa: S104
        ({"HOST": "::1", "PORT": "8001"}, "http://[::1]:8001"),
        ({"ZVH_BASE_URL": "https://zvh.example.org/", "PORT": "8123"}, "https://zvh.example.org"),
    ],
)
def test_the_base_url_follows_host_and_port(environ, expected):
    assert base_url_from(environ) == expected


def test_the_settings_take_the_base_url_from_port():
    """The real settings module, in a fresh process with PORT set and ZVH_BASE_URL unset."""
    env = {k: v for k, v in os.environ.items() if k not in {"ZVH_BASE_URL", "HOST"}}
    env.update(PORT="8123", DJANGO_SETTINGS_MODULE="zvh.config.settings.dev")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ZVH_BASE_URL)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT / "src",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123"


def test_mail_links_and_problem_types_use_the_base_url(settings):
    settings.ZVH_BASE_URL = base_url_from({"PORT": "8123"})
    assert absolute_url(reverse("home")) == "http://127.0.0.1:8123/"
    assert problem_type_uri("not-found") == "http://127.0.0.1:8123/api/v1/problems/not-found/"


@pytest.mark.django_db
def test_a_queued_mail_links_to_the_port(settings, demo_users):
    """The demo registrations' mails (in the outbox) carry links on the configured port."""

    settings.ZVH_BASE_URL = base_url_from({"PORT": "8123"})
    call_command("load_demo", stdout=io.StringIO())
    bodies = list(OutgoingMail.objects.values_list("body", flat=True))
    assert bodies
    assert all("http://127.0.0.1:8123/" in body for body in bodies)
    assert not any(":8000" in body for body in bodies)
