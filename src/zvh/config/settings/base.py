"""Settings shared by every environment; secrets and hosts come from the environment."""

import os
from pathlib import Path

import dj_database_url
import django.forms
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from zvh.config.base_url import base_url_from
from zvh.config.logging import configure_structlog

SRC_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = SRC_DIR / "zvh"
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(os.environ.get("ZVH_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "csp",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "two_factor.plugins.webauthn",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "zvh.common",
    "zvh.network",
    "zvh.accounts",
    "zvh.deadlines",
    "zvh.registrations",
    "zvh.triage",
    "zvh.casework",
    "zvh.approach",
    "zvh.notifications",
    "zvh.access_log",
    "zvh.retention",
    "zvh.intake",
    "zvh.reporting",
    "zvh.subject_requests",
    "zvh.demo",
    "zvh.api",
    "zvh.bench",
    "zvh.operations",
]

MIDDLEWARE = [
    "zvh.operations.metrics.RequestMetricsMiddleware",  # first: times every request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "zvh.common.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zvh.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "zvh.common.csrf.CsrfViewMiddleware",  # Django's, accepting no-referrer form posts
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zvh.common.middleware.SessionLifetimeMiddleware",
    "zvh.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zvh.config.urls"
WSGI_APPLICATION = "zvh.config.wsgi.application"

_FORMS_DIR = Path(django.forms.__file__).parent
TEMPLATES = [
    {
        # Django's own Jinja2 form templates (django/forms/jinja2), first: the form renderer
        # (FORM_RENDERER, TemplatesSetting) finds the stock widget, field and error-list templates
        # here, about twice as fast to render as the Django engine's (docs/performance.md,
        # issue 15). Nothing else lives in this engine. Before them, two of ours
        # (common/form_templates): the select and the radio/checkbox list with their options and
        # attributes inlined as a macro instead of an included template per option (the same
        # HTML; a form with choices renders ~14 % faster).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "forms",
        "DIRS": [PACKAGE_DIR / "common" / "form_templates", _FORMS_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {},
    },
    {
        # The pages; and a form template only this engine has (the admin's admin/widgets/...,
        # which include Django's own form templates: hence their directory here too).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates", _FORMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zvh.accounts.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zvh.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and a worker share the embedded database;
    # secure_delete overwrites deleted content, so erased data does not linger in free pages
    # (retention checkpoints the WAL after a run; decision 0006).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "zvh.accounts.lockout.LockoutBackend",  # axes' check; hashes locked attempts too
    "rules.permissions.ObjectPermissionBackend",
    "zvh.accounts.backends.UserBackend",  # Django's ModelBackend, fewer queries per page
]
LOGIN_URL = "login"
# Every account logs in with a second factor: an authenticator app (TOTP) or a security key or
# passkey (WebAuthn); recovery codes as backup. No SMS, phone calls or e-mail codes.
OTP_TOTP_ISSUER = "zvh"
#: WebAuthn: the name browsers show, and the relying party id, the domain credentials are bound
#: to (unset: the host of the request, for development; production takes ZVH_WEBAUTHN_RP_ID or
#: else the first of DJANGO_ALLOWED_HOSTS). Any authenticator, no attestation; as a second factor
#: after the password, user verification (PIN, fingerprint) is welcome but not required.
TWO_FACTOR_WEBAUTHN_RP_NAME = os.environ.get("ZVH_WEBAUTHN_RP_NAME", "zvh")
TWO_FACTOR_WEBAUTHN_RP_ID = os.environ.get("ZVH_WEBAUTHN_RP_ID") or None
TWO_FACTOR_WEBAUTHN_UV_REQUIREMENT = "preferred"
TWO_FACTOR_WEBAUTHN_ATTESTATION_CONVEYANCE = "none"
#: Set here, not left to the plugin's defaults: zvh.common.reauthentication imports the plugin's
#: forms before the plugin's AppConfig.ready() fills in its defaults (admin autodiscovery).
TWO_FACTOR_WEBAUTHN_ENTITIES_FORM_MIXIN = (
    "two_factor.plugins.webauthn.forms.DefaultWebauthnEntitiesFormMixin"
)
TWO_FACTOR_PATCH_ADMIN = False
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
TWO_FACTOR_LOGIN_TIMEOUT = 600

# Lockout (zvh.accounts.lockout): 5 failed attempts lock the account name, whatever the address
# or browser, for a period that doubles with each further series of failures. A success resets
# only its own account's count. An address is never locked: its failures slow its answers down.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = "zvh.accounts.lockout.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zvh.accounts.lockout.locked_out"
AXES_USERNAME_CALLABLE = "zvh.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "zvh.common.client_address.axes_client_address"
AXES_VERBOSE = False
#: Failed logins from one address within the lockout's window that cost nothing; each further
#: one makes every login answer to that address wait, doubling from the base to the cap.
ZVH_LOGIN_ADDRESS_FREE_FAILURES = 10
ZVH_LOGIN_ADDRESS_DELAY_SECONDS = 0.5
ZVH_LOGIN_ADDRESS_MAX_DELAY_SECONDS = 8.0
#: The reverse proxies of our own (addresses or CIDR ranges, comma-separated): only from these
#: is X-Forwarded-For believed (zvh.common.client_address). Empty: never.
ZVH_TRUSTED_PROXIES = env_list("ZVH_TRUSTED_PROXIES")
LOGIN_REDIRECT_URL = "home"  # users with one role land on their work list (accounts.navigation)
# Invitation links of new users (zvh.accounts.invitations) work this long, once.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("ZVH_INVITATION_SECONDS", str(3 * 24 * 3600)))
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "zvh.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

# Sessions: 15 minutes idle (renewed on every request), 8 hours at most since login.
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ZVH_SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60
# The timeout warning ("stay logged in") opens this long before the idle limit (issue 14;
# WCAG 2.2.1): zvh.accounts.session_timeout.
ZVH_SESSION_WARNING_SECONDS = 2 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer to anyone, our own pages included. Browsers then send `Origin: null` on form posts;
# zvh.common.csrf accepts that only with the browser's `Sec-Fetch-Site: same-origin`.
SECURE_REFERRER_POLICY = "no-referrer"
# Django's W003 looks for its CSRF middleware by name and cannot see zvh's subclass; the checks in
# zvh.common.checks take its place (and that of W016, the Secure CSRF cookie).
# axes.W006 asks for locking addresses too; zvh slows a failing address down instead
# (zvh.accounts.lockout), as a locked address would lock out everyone behind a NAT or proxy.
SILENCED_SYSTEM_CHECKS = ["security.W003", "axes.W006"]

# A nonce-based Content-Security-Policy without 'unsafe-inline' on every response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Error pages and exception reports carry no personal data: Dutch templates without request
# details (templates/4xx.html, 500.html), no mails to ADMINS, and a reporter filter that masks
# every posted value and frame variable (zvh.common.errors).
ADMINS: list[tuple[str, str]] = []
MANAGERS: list[tuple[str, str]] = []
DEFAULT_EXCEPTION_REPORTER_FILTER = "zvh.common.errors.PersonalDataReporterFilter"

# Exports and deletions need password + TOTP code proven within this many seconds
# (zvh.common.reauthentication); a login with both counts.
ZVH_REAUTHENTICATION_SECONDS = 5 * 60
# The access log is kept this many years (zvh.access_log.purge); never fewer than 5.
ZVH_ACCESS_LOG_RETENTION_YEARS = int(os.environ.get("ZVH_ACCESS_LOG_RETENTION_YEARS", "5"))

# Demo accounts may only be loaded where a setting says so (never in production).
ZVH_DEMO_ALLOWED = False

LOG_LEVEL = os.environ.get("ZVH_LOG_LEVEL", "INFO")
LOG_FORMAT = os.environ.get("ZVH_LOG_FORMAT", "console")
LOGGING = configure_structlog(level=LOG_LEVEL, fmt=LOG_FORMAT)

# Every absolute link (e-mails, API problem types, invitations) starts here: ZVH_BASE_URL, else
# http://HOST:PORT of the development server (zvh.config.base_url). E-mail bodies never carry
# names or case contents.
ZVH_BASE_URL = base_url_from(os.environ)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "zvh <noreply@zvh.invalid>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
EMAIL_TIMEOUT = 10

# Background work: Django's Tasks API (django-tasks backport) on the database (django-tasks-db):
# no broker; `manage.py db_worker` runs the tasks, `manage.py run_scheduler` the periodic jobs.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The outbox (zvh.notifications.outbox): retries with doubling waits from the base up to the cap,
# at most this many attempts; a mail "sending" longer than the lease is recovered by the sweep.
ZVH_OUTBOX_BACKOFF_SECONDS = float(os.environ.get("ZVH_OUTBOX_BACKOFF_SECONDS", "60"))
ZVH_OUTBOX_BACKOFF_MAX_SECONDS = float(os.environ.get("ZVH_OUTBOX_BACKOFF_MAX_SECONDS", "21600"))
ZVH_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("ZVH_OUTBOX_MAX_ATTEMPTS", "12"))
ZVH_OUTBOX_SENDING_LEASE_SECONDS = int(os.environ.get("ZVH_OUTBOX_SENDING_LEASE_SECONDS", "600"))
ZVH_OUTBOX_SWEEP_GRACE_SECONDS = int(os.environ.get("ZVH_OUTBOX_SWEEP_GRACE_SECONDS", "120"))
ZVH_SCHEDULER_LEASE_SECONDS = 900
#: Finished background-task rows (ids only, no personal data) are kept this long, then pruned.
ZVH_TASK_RESULTS_KEEP_DAYS = int(os.environ.get("ZVH_TASK_RESULTS_KEEP_DAYS", "14"))
#: The right-hand side of the Message-IDs zvh gives its mails.
ZVH_MAIL_MESSAGE_ID_DOMAIN = os.environ.get("ZVH_MAIL_MESSAGE_ID_DOMAIN", "zvh.invalid")

# The manager's figures (zvh.reporting.disclosure): counts from 1 up to this number minus one are
# shown as "<N" so that nobody can be recognised from a small cell; 1 shows every count.
ZVH_REPORTING_MIN_CELL = int(os.environ.get("ZVH_REPORTING_MIN_CELL", "5"))

# Attachments to a registration.
ZVH_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ZVH_ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
}

# The e-mail intake (zvh.intake, `manage.py run_intake`; docs/decisions/0007-email-intake.md).
#: Largest mail accepted, in bytes (larger: refused with 552 during DATA).
ZVH_INTAKE_MAX_BYTES = int(os.environ.get("ZVH_INTAKE_MAX_BYTES", str(25 * 1024 * 1024)))
#: More parts, deeper nesting, more header lines or a longer header: quarantined.
ZVH_INTAKE_MAX_PARTS = 100
ZVH_INTAKE_MAX_DEPTH = 10
ZVH_INTAKE_MAX_HEADERS = 500
ZVH_INTAKE_MAX_HEADER_BYTES = 8 * 1024
#: The authserv-id of the mail server in front (its Authentication-Results header); when set,
#: only mails it marked dmarc=pass can become drafts without a screener. Empty: not checked.
ZVH_INTAKE_TRUSTED_AUTHSERV_ID = os.environ.get("ZVH_INTAKE_TRUSTED_AUTHSERV_ID", "")
#: Days a rejected mail's content is kept after the rejection (then only a tombstone remains).
ZVH_INTAKE_REJECTED_RETENTION_DAYS = int(os.environ.get("ZVH_INTAKE_REJECTED_RETENTION_DAYS", "30"))

# The REST API for partner systems (zvh.api): bearer tokens of API clients, RFC 9457 errors.
#: Requests per API client, e.g. "120/minute" (DRF throttle rate syntax).
ZVH_API_RATE = os.environ.get("ZVH_API_RATE", "120/minute")
#: Requests per client address, whatever the token (zvh.common.client_address).
ZVH_API_ADDRESS_RATE = os.environ.get("ZVH_API_ADDRESS_RATE", "600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["zvh.api.authentication.ApiClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["zvh.api.permissions.IsApiClient"],
    "DEFAULT_THROTTLE_CLASSES": [
        "zvh.api.throttling.ApiClientRateThrottle",
        "zvh.api.throttling.ApiAddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"api_client": ZVH_API_RATE, "api_address": ZVH_API_ADDRESS_RATE},
    "DEFAULT_PARSER_CLASSES": ["zvh.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "zvh.api.pagination.StablePageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "zvh.api.schema.ZvhAutoSchema",
    "EXCEPTION_HANDLER": "zvh.api.problems.problem_exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "zvh API for partner systems",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["zvh.api.schema.only_api_paths"],
    # casework (issue 12): choice sets sharing a field name get a name of their own
    "ENUM_NAME_OVERRIDES": {
        "MeetingStateEnum": "zvh.casework.models.Meeting.State",
        "AgreementStateEnum": "zvh.casework.models.Agreement.State",
        "AgendaItemOutcomeEnum": "zvh.casework.models.AgendaItem.Outcome",
        "OutcomeEnum": "zvh.network.enums.Outcome",  # the decision's, as named before
        "AftercareCheckOutcomeEnum": "zvh.approach.models.AftercareCheck.Outcome",
        "ApproachFormEnum": "zvh.approach.models.ApproachForm",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zvh.api.schema.add_description",
    ],
}

# Operations (zvh.operations; docs/operations.md): health endpoints and Prometheus metrics.
#: /health/ready fails when the worker's or scheduler's heartbeat is older than this (the
#: scheduler beats every minute; the worker when it gets to the beat task the scheduler enqueues).
ZVH_HEALTH_HEARTBEAT_MAX_AGE_SECONDS = int(
    os.environ.get("ZVH_HEALTH_HEARTBEAT_MAX_AGE_SECONDS", "300")
)
#: /health/ready fails from this many pending mails in the outbox on.
ZVH_HEALTH_OUTBOX_BACKLOG_LIMIT = int(os.environ.get("ZVH_HEALTH_OUTBOX_BACKLOG_LIMIT", "500"))
#: The bearer token Prometheus presents at /metrics; unset: /metrics does not exist (404).
ZVH_METRICS_TOKEN = os.environ.get("ZVH_METRICS_TOKEN", "")
