"""Production: everything secret or host-specific comes from the environment, no defaults."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of 50+ characters."
    )
#: The key of the access log's person keys (decision 0003): its own secret, so that rotating
#: SECRET_KEY never makes older log entries unfindable by person.
ZVH_ACCESS_LOG_PERSON_KEY_SECRET = os.environ.get("ZVH_ACCESS_LOG_PERSON_KEY_SECRET", "")
if len(ZVH_ACCESS_LOG_PERSON_KEY_SECRET) < 50 or ZVH_ACCESS_LOG_PERSON_KEY_SECRET == SECRET_KEY:
    raise ImproperlyConfigured(
        "ZVH_ACCESS_LOG_PERSON_KEY_SECRET must be set to a random string of 50+ characters, "
        "other than DJANGO_SECRET_KEY."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")  # noqa: F405
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names zvh is served at.")
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]
#: The domain WebAuthn credentials are bound to: never taken from a request's Host header here.
TWO_FACTOR_WEBAUTHN_RP_ID = os.environ.get("ZVH_WEBAUTHN_RP_ID") or ALLOWED_HOSTS[0].lstrip(".")

SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Strict"
LOG_FORMAT = os.environ.get("ZVH_LOG_FORMAT", "json")
LOGGING = configure_structlog(level=LOG_LEVEL, fmt=LOG_FORMAT)  # noqa: F405
ZVH_DEMO_ALLOWED = False
#: Probes and the Prometheus scraper reach these over plain HTTP inside the cluster/host.
SECURE_REDIRECT_EXEMPT = [r"^health/(live|ready)$", r"^metrics$"]
