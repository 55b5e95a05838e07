"""django-two-factor-auth's pages (the ``two_factor`` namespace), with zvh's enrolment view, and
the WebAuthn plugin's two scripts (the options for ``navigator.credentials`` of this session)."""

from django.urls import URLPattern, URLResolver, include, path
from two_factor.urls import core

from .views import SetupView

urlpatterns: list[URLPattern | URLResolver] = [
    *(pattern for pattern in core if pattern.name != "setup"),
    path("account/two_factor/setup/", SetupView.as_view(), name="setup"),
    path(
        "account/two_factor/webauthn/",
        include("two_factor.plugins.webauthn.urls", namespace="two_factor_webauthn"),
    ),
]
