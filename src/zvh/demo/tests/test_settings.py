"""The production settings pass Django's deployment checks without a single warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "zvh.config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "ZVH_ACCESS_LOG_PERSON_KEY_SECRET": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "zvh.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "zvh.config.settings.production",
            "DJANGO_SECRET_KEY": "",
            "DJANGO_ALLOWED_HOSTS": "zvh.example.org",
        },
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_own_person_key_secret():
    """The access log's person keys have their own secret (decision 0003), never SECRET_KEY."""
    secret = secrets.token_urlsafe(64)
    for person_key_secret in ("", "too-short", secret):
        result = run_manage(
            "check",
            env={
                "DJANGO_SETTINGS_MODULE": "zvh.config.settings.production",
                "DJANGO_SECRET_KEY": secret,
                "ZVH_ACCESS_LOG_PERSON_KEY_SECRET": person_key_secret,
                "DJANGO_ALLOWED_HOSTS": "zvh.example.org",
            },
        )
        assert result.returncode != 0
        assert "ZVH_ACCESS_LOG_PERSON_KEY_SECRET" in result.stderr
