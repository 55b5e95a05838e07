"""`make run`: a small real deployment on one machine, on the embedded SQLite database.

Production's behaviour (DEBUG off, gunicorn, static files collected and served by whitenoise,
structured logs) on loopback HTTP with the demo accounts allowed. What differs from production,
and why (``manage.py check --deploy`` is silenced for exactly these):

- plain HTTP on loopback: no TLS redirect, no HSTS, cookies without ``Secure`` (a browser would
  not send them back over http://127.0.0.1); put zvh behind TLS (production settings) for real
  use;
- the secrets are made once and kept in ``var/`` (mode 0600) unless the environment sets them,
  so sessions and the access log's person keys survive a restart.
"""

import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403


def _kept_secret(name: str, path: Path) -> str:
    """The environment's value, else one generated once and kept in ``path``."""
    value = os.environ.get(name, "")
    if value:
        return value
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


DEBUG = False
SECRET_KEY = _kept_secret("DJANGO_SECRET_KEY", VAR_DIR / "secret-key")  # noqa: F405
ZVH_ACCESS_LOG_PERSON_KEY_SECRET = _kept_secret(
    "ZVH_ACCESS_LOG_PERSON_KEY_SECRET",
    VAR_DIR / "access-log-person-key",  # noqa: F405
)
#: Loopback, the address served at (HOST) and any names added in DJANGO_ALLOWED_HOSTS.
ALLOWED_HOSTS = [
    "127.0.0.1",
    "localhost",
    os.environ.get("HOST", "127.0.0.1"),
    *env_list("DJANGO_ALLOWED_HOSTS"),  # noqa: F405
]
ZVH_DEMO_ALLOWED = os.environ.get("ZVH_DEMO_ALLOWED", "true").lower() == "true"

# Static files: `make run` collects them into STATIC_ROOT (gitignored); whitenoise serves them
# with far-future caching from the manifest (production's storage).
STATIC_ROOT = Path(
    os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles")  # noqa: F405
)

# Mails are printed to the worker's console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# Loopback HTTP (see the module's docstring): no TLS, so no HSTS, redirect or Secure cookies.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405
    "security.W004",  # SECURE_HSTS_SECONDS: HSTS only means something over HTTPS
    "security.W008",  # SECURE_SSL_REDIRECT: there is no HTTPS to redirect to on loopback
    "security.W012",  # SESSION_COOKIE_SECURE: the browser would not send it over plain HTTP
    "zvh.W002",  # CSRF_COOKIE_SECURE: likewise
]

# Hashed names and far-future caching as in production, without whitenoise's compression step
# (gzip and brotli of every file: a minute of `make run`'s start on a small machine; the
# container image compresses once, at build time).
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}
