"""The statuses a registration moves through. The allowed moves are in ``workflow.ALLOWED``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    SCREENING = "screening", _("Screening")
    WAITING_FOR_INFORMATION = "waiting_for_information", _("Waiting for information")
    DECIDED = "decided", _("Decided")
    #: A decided registration whose case (``zvh.casework``) is closed; decided again when the
    #: case is reopened.
    CLOSED = "closed", _("Closed")


#: Statuses the meldpunt still has to act on (the queue).
OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.RECEIVED, Status.SCREENING, Status.WAITING_FOR_INFORMATION}
)

#: Statuses of a registration with a decision: decided, and a prioritised case closed since.
DECIDED_STATUSES: frozenset[Status] = frozenset({Status.DECIDED, Status.CLOSED})


def registrant_status(status: "Status | str") -> Status:
    """The status as the registering organisation sees it: the closing of a prioritised case is
    the procesregisseur's business, so a closed case stays "decided" to them."""
    return Status.DECIDED if status == Status.CLOSED else Status(status)


def registrant_statuses_shown_as(shown: "Status | str") -> frozenset[Status]:
    """The statuses a registrant sees as ``shown`` (what their filter on it selects)."""
    return frozenset(s for s in Status if registrant_status(s) == shown)
