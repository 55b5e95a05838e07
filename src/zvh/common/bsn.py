"""The Dutch citizen service number (BSN): nine digits that pass the elfproef."""

import random

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(value: str) -> bool:
    """Nine digits, not all zero, with 9·d1 + 8·d2 + … + 2·d8 - 1·d9 divisible by 11."""
    if len(value) != 9 or not value.isascii() or not value.isdigit() or value == "0" * 9:
        return False
    return sum(w * int(d) for w, d in zip(WEIGHTS, value, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("This is not a valid BSN: it must have 9 digits and pass the elfproef."),
            code="invalid_bsn",
        )


def generate_bsn(rng: random.Random) -> str:
    """A synthetic elfproef-valid BSN for test and demo data (never a real person's on purpose)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(w * d for w, d in zip(WEIGHTS, digits, strict=False))
        last = total % 11
        if last <= 9:
            candidate = "".join(map(str, digits)) + str(last)
            if is_valid_bsn(candidate):
                return candidate
