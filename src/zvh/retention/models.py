"""How long a Veiligheidshuis keeps registrations, and what is left of one after its period.

Periods count from the last change of a draft that was never submitted, and from the decision
for a decided registration (per outcome), except the integrated approach, whose period counts
from the closing of the case unless the policy says otherwise (an unclosed case is never
removed). Open registrations are never removed. The shipped
defaults (``DEFAULT_*``) are a starting point to agree with the data protection officer, not
legal advice; see docs/decisions/0006-retention.md.
"""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.network.enums import OrganisationKind, Outcome
from zvh.network.models import Municipality, TargetGroup, Veiligheidshuis
from zvh.registrations.models import Channel, Urgency

DEFAULT_DRAFT_DAYS = 90
#: Whether the integrated approach's period counts from the closing of the case (else from the
#: decision) when a Veiligheidshuis has not set it.
DEFAULT_INTEGRATED_APPROACH_AFTER_CLOSURE = True
DEFAULT_MONTHS: dict[Outcome, int] = {
    Outcome.REFER_ELSEWHERE: 6,
    Outcome.REFER_BACK: 6,
    Outcome.CONSULTATION_AGENDA: 24,
    Outcome.INTEGRATED_APPROACH: 60,
}
MAX_MONTHS = 120


#: When the period of a decided registration starts, for most outcomes.
FROM_THE_DECISION = _("Counted from the decision.")


def _months(
    label: Any, outcome: Outcome, help_text: Any = FROM_THE_DECISION
) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=DEFAULT_MONTHS[outcome],
        validators=[
            MinValueValidator(1, _("Keep a registration at least one month.")),
            MaxValueValidator(MAX_MONTHS, _("Keep a registration at most ten years.")),
        ],
        help_text=help_text,
    )


class RetentionPolicy(models.Model):
    """A Veiligheidshuis's retention periods. Without a row, the shipped defaults apply."""

    veiligheidshuis = models.OneToOneField(
        Veiligheidshuis,
        on_delete=models.CASCADE,
        related_name="retention_policy",
        verbose_name=_("Veiligheidshuis"),
    )
    draft_days = models.PositiveSmallIntegerField(
        _("drafts never submitted (days)"),
        default=DEFAULT_DRAFT_DAYS,
        validators=[
            MinValueValidator(7, _("Keep a draft at least a week.")),
            MaxValueValidator(365, _("Keep a draft at most a year.")),
        ],
        help_text=_("Counted from the last change of the draft."),
    )
    refer_elsewhere_months = _months(
        _("referred to another organisation (months)"), Outcome.REFER_ELSEWHERE
    )
    refer_back_months = _months(_("referred back to the registrant (months)"), Outcome.REFER_BACK)
    consultation_agenda_months = _months(
        _("put on the agenda of a consultation (months)"), Outcome.CONSULTATION_AGENDA
    )
    integrated_approach_months = _months(
        _("prioritised for the integrated approach (months)"),
        Outcome.INTEGRATED_APPROACH,
        _("Counted from the closing of the case, or from the decision (see below)."),
    )
    integrated_approach_after_closure = models.BooleanField(
        _("count the integrated approach from the closing of the case"),
        default=DEFAULT_INTEGRATED_APPROACH_AFTER_CLOSURE,
        help_text=_(
            "When ticked, the period starts when the procesregisseur closes the case, and a case "
            "that is not closed is never removed. When not ticked, it starts at the decision."
        ),
    )

    class Meta:
        verbose_name = _("retention periods")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return str(self.veiligheidshuis)


class RegistrationTombstone(models.Model):
    """What statistics need of a removed registration, and nothing that identifies anyone: no
    reference, no names, no texts, dates without times."""

    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="tombstones"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    #: The kind of the registering organisation (police, youth care, …), not the organisation:
    #: empty for tombstones written before it was kept.
    registrant_kind = models.CharField(
        max_length=30, choices=OrganisationKind.choices, blank=True, default=""
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: How many persons the registration concerned (a family system has several).
    persons = models.PositiveSmallIntegerField()
    received_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decided_late = models.BooleanField(null=True)
    #: The day an integrated-approach case was closed (empty: not closed, or another outcome).
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    information_requests = models.PositiveSmallIntegerField(default=0)
    removed_on = models.DateField()

    class Meta:
        verbose_name = _("removed registration")
        verbose_name_plural = _("removed registrations")
        indexes = [
            models.Index(fields=["veiligheidshuis", "received_on"], name="tombstone_vh_received")
        ]

    def __str__(self) -> str:
        return f"{self.veiligheidshuis_id} {self.received_on} {self.outcome}"
