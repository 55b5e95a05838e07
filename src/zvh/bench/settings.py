"""Settings for the benchmark server and the bench database (``make bench``); never production.

Production's behaviour (DEBUG off, sessions saved on every request, second factor, CSP, access
log) with loopback-only hosts, a fixed secret (the dataset's access-log person keys are keyed
hashes with it, so ``generate_data`` and the server must share it), no API throttling (one
client drives thousands of requests) and the baseline view mounted.
"""

import os

from zvh.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "bench-only-not-secret-" + "b" * 40
)  # synthetic bench data only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
ROOT_URLCONF = "zvh.bench.urls"
ZVH_BENCH_VIEWS = True
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"api_client": "1000000/minute"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Static files straight from the apps (no collectstatic for a bench run).
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
LOG_LEVEL = os.environ.get("ZVH_LOG_LEVEL", "WARNING")
LOGGING = configure_structlog(level=LOG_LEVEL, fmt="console")  # noqa: F405
