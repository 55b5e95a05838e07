"""Re-authentication before exports and deletions: password and the second factor again.

A view decorated with ``reauthentication_required`` runs only when the session proved, within
``settings.ZVH_REAUTHENTICATION_SECONDS`` (default 5 minutes), both the account's password and
its second factor: a current code of its authenticator app, or, for an account enrolled with a
security key or passkey, the key's answer to a fresh challenge (WebAuthn). A full login counts as
such a proof; so does the confirmation form this module shows. Otherwise the view does not run: the
user gets the form, which posts the original request's fields back (so a filtered export need
not be filled in again), or, for a GET, confirms at ``reauthenticate`` and returns.

Wrong passwords count towards the lockout (django-axes, through ``authenticate``); wrong codes
towards django-otp's throttling of the device. Recovery codes are not accepted here.
"""

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import structlog
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.plugins.webauthn.forms import WebauthnEntitiesFormMixin
from two_factor.plugins.webauthn.models import WebauthnDevice
from two_factor.plugins.webauthn.utils import (
    make_credential_request_options,
    verify_authentication_response,
)
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidJSONStructure
from webauthn.helpers.parse_authentication_credential_json import (
    parse_authentication_credential_json,
)

log = structlog.get_logger(__name__)

#: The session key holding the moment (epoch seconds) of the last proof.
REAUTHENTICATED_AT = "zvh_reauthenticated_at"
PREFIX = "reauth"
#: Present in a post that carries the confirmation form.
MARKER = f"{PREFIX}-confirm"
SENSITIVE = (f"{PREFIX}-password", f"{PREFIX}-otp_token")
DEFAULT_SECONDS = 5 * 60
#: The session key holding the challenge of the security key's next answer (used once).
WEBAUTHN_CHALLENGE = "zvh_reauth_webauthn_challenge"


def mark_reauthenticated(session: Any, *, at: float | None = None) -> None:
    """Record in the session that password and TOTP code were just proven."""
    session[REAUTHENTICATED_AT] = time.time() if at is None else at


def on_user_verified(*, request: HttpRequest, **_: object) -> None:
    """``two_factor.signals.user_verified`` receiver: a login with password and a second factor
    is itself a fresh proof (connected in ``CommonConfig.ready``)."""
    if request is not None and hasattr(request, "session"):
        mark_reauthenticated(request.session)


def recently_reauthenticated(request: HttpRequest) -> bool:
    seconds = int(getattr(settings, "ZVH_REAUTHENTICATION_SECONDS", DEFAULT_SECONDS))
    proven = request.session.get(REAUTHENTICATED_AT)
    return proven is not None and 0 <= time.time() - float(proven) <= seconds


def _totp_matches(user: Any, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return True
    return False


def _key_matches(form: "ReauthenticationForm", token: str) -> bool:
    """The security key's answer signs this session's last challenge (taken: used once)."""
    challenge = form.request.session.pop(WEBAUTHN_CHALLENGE, None)
    if not challenge:
        return False
    try:
        key_handle = parse_authentication_credential_json(token).id
        device = WebauthnDevice.objects.get(
            user=form.request.user, key_handle=key_handle, confirmed=True
        )
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            return False
        device.sign_count = verify_authentication_response(
            device.public_key,
            device.sign_count,
            form.webauthn_rp,
            form.webauthn_origin,
            challenge,
            token,
        )
    except (InvalidJSONStructure, InvalidAuthenticationResponse, WebauthnDevice.DoesNotExist):
        return False
    device.last_used_at = timezone.now()
    device.save(update_fields=["sign_count", "last_used_at"])
    return True


class ReauthenticationForm(WebauthnEntitiesFormMixin, forms.Form):
    """The account's password and its second factor; one message for any mistake, so it does
    not tell which of the two was wrong. For an account enrolled with a security key (and no
    authenticator app), ``otp_token`` is the key's answer, filled in by the page's script."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("Code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", PREFIX)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.request = request
        user = request.user
        self.uses_key = (
            WebauthnDevice.objects.filter(user=user, confirmed=True).exists()
            and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        )
        if self.uses_key:
            field = self.fields["otp_token"]
            field.label = _("Security key or passkey")
            field.max_length = None
            field.validators = []
            field.widget = forms.HiddenInput(attrs={"data-webauthn-answer": ""})

    def new_key_challenge(self) -> dict[str, Any] | None:
        """For a security key: the options of ``navigator.credentials.get`` with a new challenge
        (remembered in the session for the next answer); None for an authenticator app."""
        if not self.uses_key:
            return None
        handles = WebauthnDevice.objects.filter(user=self.request.user, confirmed=True).values_list(
            "key_handle", flat=True
        )
        options, challenge = make_credential_request_options(
            self.webauthn_rp, allowed_credential_ids=handles
        )
        self.request.session[WEBAUTHN_CHALLENGE] = challenge
        return json.loads(options)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password, token = data.get("password"), data.get("otp_token")
        if password is None or token is None:
            return data
        user = self.request.user
        same = authenticate(self.request, username=user.get_username(), password=password)
        code_ok = _key_matches(self, token) if self.uses_key else _totp_matches(user, token.strip())
        if same is None or same.pk != user.pk or not code_ok:
            log.info("reauthentication_failed", user_id=user.pk)
            message = (
                _("The password or the security key was not accepted.")
                if self.uses_key
                else _("The password or the code is not correct.")
            )
            raise ValidationError(message, code="invalid_credentials")
        return data


def _replayed_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The original post's fields, to send along again (never the token or the form itself)."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name in request.POST
        if name != "csrfmiddlewaretoken" and not name.startswith(f"{PREFIX}-")
        for value in request.POST.getlist(name)
    ]


def _challenge(request: HttpRequest, form: ReauthenticationForm | None) -> HttpResponse:
    if request.method == "POST":
        action = request.get_full_path()
    else:
        action = f"{reverse('reauthenticate')}?next={request.get_full_path()}"
    form = form or ReauthenticationForm(request=request)
    context = {
        "form": form,
        "action": action,
        "replayed": _replayed_fields(request),
        "marker": MARKER,
        "key_options": form.new_key_challenge(),
    }
    return render(request, "common/reauthenticate.html", context, status=403)


def reauthentication_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run ``view`` only after a recent proof of password and TOTP code (see the module).

    Put it inside ``login_required``; anonymous requests pass through to that check. The
    password and code are marked sensitive, so no error report ever shows them."""

    @wraps(view)
    @sensitive_post_parameters(*SENSITIVE)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or recently_reauthenticated(request):
            return view(request, *args, **kwargs)
        form = None
        if request.method == "POST" and MARKER in request.POST:
            form = ReauthenticationForm(request.POST, request=request)
            if form.is_valid():
                mark_reauthenticated(request.session)
                log.info("reauthenticated", user_id=request.user.pk)
                return view(request, *args, **kwargs)
        return _challenge(request, form)

    return wrapped


@sensitive_post_parameters(*SENSITIVE)
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """The confirmation page for pages reached with GET: confirm, then back to ``next``."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    form = ReauthenticationForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        mark_reauthenticated(request.session)
        log.info("reauthenticated", user_id=request.user.pk)
        return redirect(target)
    context = {
        "form": form,
        "action": request.get_full_path(),
        "replayed": [],
        "marker": MARKER,
        "key_options": form.new_key_challenge(),
    }
    return render(request, "common/reauthenticate.html", context)
