"""What the meldpunt records while screening and deciding."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.network.enums import Outcome
from zvh.network.models import Organisation, SelectionCriterion
from zvh.registrations.models import Registration


class ScreeningAnswer(models.Model):
    """A screener's yes/no answer to one selection criterion, with motivation (internal)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="screening_answers"
    )
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.PROTECT)
    answer = models.BooleanField(_("answer"))
    motivation = models.TextField(_("motivation"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "criterion"], name="screening_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.position}: {'ja' if self.answer else 'nee'}"


class InformationRequest(models.Model):
    """The meldpunt asks the registrant for more; the reply deadline waits until the answer."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField(_("question"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["registration", "requested_at"]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.requested_at:%Y-%m-%d}"


class ApproachMode(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary")
    DRANG = "drang", _("With drang (pressure)")
    DWANG = "dwang", _("With dwang (legal coercion)")


class Decision(models.Model):
    """The outcome of triage. Each outcome has its own data; the registrant sees the outcome and
    ``message_to_registrant``, never ``motivation`` (internal)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    motivation = models.TextField(_("motivation (internal)"))
    message_to_registrant = models.TextField(_("message to the registrant"), blank=True)
    # refer elsewhere
    receiving_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiving_organisation_name = models.CharField(max_length=200, blank=True)
    # refer back
    advice = models.TextField(_("advice to the registrant"), blank=True)
    # consultation agenda
    consultation_date = models.DateField(_("consultation date"), null=True, blank=True)
    consultation_partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("partners to invite")
    )
    # integrated approach
    approach_mode = models.CharField(
        _("form of the approach"), max_length=20, choices=ApproachMode.choices, blank=True
    )
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    #: Superseded: closing is the case's (``casework.Case.closed_at``, through the case
    #: workflow); migration ``casework.0004_cases_for_decisions`` carried these values over.
    #: No longer written or read; kept only for that migration and to be dropped later.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.registration}: {self.get_outcome_display()}"


# --- the queue's assignment and saved filters (issue 14, point 3) ------------------------------


class Assignment(models.Model):
    """Which screener of the registration's own Veiligheidshuis works on it (at most one). No
    row: unassigned. Every change is logged in the access log (``registration_assign``)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, primary_key=True, related_name="assignment"
    )
    # A removed account takes its assignments with it (the registration is unassigned again).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("assigned to"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        # "assigned to me" in the queue: the screener's registrations, read from this index.
        indexes = [models.Index(fields=["assignee", "registration"], name="assignment_user_idx")]

    def __str__(self) -> str:
        return f"{self.registration} → {self.assignee}"


class SavedFilter(models.Model):
    """A screener's named queue filter and sort: the query string of the queue page (its
    parameters checked by the queue's form when saved). Per user; only its owner sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
