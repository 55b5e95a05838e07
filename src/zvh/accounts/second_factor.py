"""The second factor: an authenticator app (TOTP, django-otp) or a security key or passkey
(WebAuthn, django-two-factor-auth's plugin), recovery codes, and the administrator's reset.

Rules: every account has one; zvh offers exactly these two kinds (never SMS, a phone call or
an e-mailed code, which can be intercepted or redirected); recovery codes are a fallback only.
"""

import time

import structlog
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.plugins.registry import MethodBase, registry

from .models import User

log = structlog.get_logger(__name__)

GENERATOR = "generator"
WEBAUTHN = "webauthn"
#: The kinds of second factor zvh offers at enrolment, in this order, with their labels.
OFFERED = (
    (GENERATOR, _("Authenticator app (TOTP)")),
    (WEBAUTHN, _("Security key or passkey (WebAuthn)")),
)


def offered_methods() -> list[tuple[MethodBase, str]]:
    """The registered django-two-factor-auth methods zvh offers, with their labels; any other
    registered method (SMS, phone call, e-mail, YubiKey OTP) is left out."""
    registered = {method.code: method for method in registry.get_methods()}
    return [(registered[code], label) for code, label in OFFERED if code in registered]


def totp_device_ensure(*, user: User, key_hex: str) -> TOTPDevice:
    """Give ``user`` a confirmed TOTP device with a known secret (demo accounts and tests only;
    real users enrol themselves with a secret zvh generates)."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name="default", defaults={"key": key_hex, "confirmed": True}
    )
    return device


def current_totp(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app shows now for ``device``."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() if at is None else at
    return f"{generator.token():0{device.digits}d}"


def second_factor_reset(*, user: User, by: User) -> int:
    """Remove every second-factor device of ``user`` (lost phone): at the next login they enrol
    again. Returns how many devices went. Logged with both user ids."""
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
    log.info("second_factor_reset", user_id=user.pk, by_user_id=by.pk, devices=len(devices))
    return len(devices)
