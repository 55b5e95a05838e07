"""The second factor: TOTP devices (django-otp), recovery codes, and the administrator's reset."""

import time

import structlog
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

log = structlog.get_logger(__name__)


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
