"""The statuses a registration moves through. The allowed moves are in ``zvh.triage.workflow``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    SCREENING = "screening", _("Screening")
    WAITING_FOR_INFORMATION = "waiting_for_information", _("Waiting for information")
    DECIDED = "decided", _("Decided")


#: Statuses the meldpunt still has to act on (the queue).
OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.RECEIVED, Status.SCREENING, Status.WAITING_FOR_INFORMATION}
)
