"""Password rules: long enough, not common, and no composition rules or forced rotation."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """Passwords of up to ``max_length`` characters are accepted (at least 64 by policy), so
    pass phrases fit; beyond that the hashing cost is refused rather than paid."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is longer than %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Your password can be up to %(max)d characters long.") % {"max": self.max_length}
