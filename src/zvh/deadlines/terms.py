"""The reply term a Veiligheidshuis promises its registrants."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class TermUnit(models.TextChoices):
    """How a reply term counts: every calendar day, or working days only."""

    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyTerm:
    """A number of calendar or working days; always at least one."""

    amount: int
    unit: TermUnit

    def __post_init__(self) -> None:
        if self.amount < 1:
            raise ValueError("A reply term is at least one day.")
