"""The integrated approach (procesregie) of a case: who directs it, and its plan of approach.

- ``Direction``: the procesregisseur of a case; a handover ends the current row and appends the
  next (who handed to whom, when, why). At most one current row per case.
- ``Plan`` / ``PlanVersion`` / ``PlanEntry``: every change makes a new, immutable version; the
  plan's ``current_number`` is the optimistic lock a change must name.
- ``PlanAgreement``: an agreement of Casework 1 (``casework.Agreement``) linked to a goal (a
  person and life domain of the plan), with the version that added it.
- ``PlanShare``: the life domains of the plan shared with a partner organisation; every sharing
  and every partner's view of the plan goes into the case's one sharing record
  (``casework.SharingRecord``, the plan kinds; WGS).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zvh.casework.models import (
    Agreement,
    Case,
    HouseListItem,
    house_ref,
    unique_name_per_house,
    user_ref,
)
from zvh.network.models import LifeDomain, Organisation
from zvh.registrations.models import Person

from .defaults import SCALE_MAX, SCALE_MIN


class ApproachForm(models.TextChoices):
    """The form of the integrated approach (the values of the triage decision's mode)."""

    VOLUNTARY = "voluntary", _("Voluntary")
    DRANG = "drang", _("With drang (pressure)")
    DWANG = "dwang", _("With dwang (legal coercion)")


# --- configuration per Veiligheidshuis ---------------------------------------------------------


class EscalationKind(models.TextChoices):
    ESCALATE = "escalate", _("Escalation")
    DEESCALATE = "deescalate", _("Handing back (de-escalation)")


ESCALATION_KINDS = EscalationKind.choices


class ApproachSettings(models.Model):
    """A Veiligheidshuis's settings for the integrated approach (defaults apply while it has
    none)."""

    veiligheidshuis = house_ref("approach_settings", one=True)
    #: A case without any activity for this many weeks is signalled on the caseload.
    inactivity_weeks = models.PositiveSmallIntegerField(
        _("weeks without activity before a case is signalled"), default=4
    )
    #: An evaluation within this many days is signalled as due.
    evaluation_due_days = models.PositiveSmallIntegerField(
        _("days before an evaluation to signal it as due"), default=7
    )
    #: Evaluations are held every this many weeks (the next date is proposed from it).
    evaluation_interval_weeks = models.PositiveSmallIntegerField(
        _("weeks between evaluations"), default=6
    )
    #: The aftercare checks, in months after the closing evaluation (e.g. "3,6").
    aftercare_check_months = models.CharField(
        _("aftercare checks (months after closing, comma separated)"),
        max_length=40,
        default="3,6",
    )

    class Meta:
        verbose_name = _("integrated approach settings")
        verbose_name_plural = _("integrated approach settings")

    def __str__(self) -> str:
        return str(self.veiligheidshuis)

    def check_months(self) -> list[int]:
        """The aftercare check offsets in months (sorted; invalid parts ignored; 3 and 6 when
        none is valid)."""
        months = sorted(
            {int(part) for part in self.aftercare_check_months.split(",") if part.strip().isdigit()}
            - {0}
        )
        return months or [3, 6]

    def clean(self) -> None:
        """The aftercare checks: whole months from 1 to 60, separated by commas."""
        parts = [part.strip() for part in self.aftercare_check_months.split(",")]
        if not parts or not all(part.isdigit() and 1 <= int(part) <= 60 for part in parts):
            raise ValidationError(
                {"aftercare_check_months": _("Give whole months from 1 to 60, e.g. 3,6.")}
            )


class ScaleLevel(models.Model):
    """The label of one point of the five-point scale, per Veiligheidshuis."""

    veiligheidshuis = house_ref("scale_levels")
    value = models.PositiveSmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=120)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["veiligheidshuis", "value"]
        constraints = [
            models.UniqueConstraint(fields=["veiligheidshuis", "value"], name="scale_level_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="scale_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Measure(HouseListItem):
    """A measure of drang or dwang with its legal framework, from the Veiligheidshuis's list."""

    veiligheidshuis = house_ref("approach_measures")
    name = models.CharField(_("measure"), max_length=200)
    legal_framework = models.CharField(_("legal framework"), max_length=200)

    class Meta(HouseListItem.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [unique_name_per_house("measure_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_framework})"


class EscalationRoute(HouseListItem):
    """A route a case may take at an escalation or a handing back, from the Veiligheidshuis's
    list (e.g. to the Levensloopaanpak, from voluntary to drang, back to the local team): its
    kind, the form of the approach it leads to (if it changes it) and the receiving party it
    names by default."""

    veiligheidshuis = house_ref("escalation_routes")
    kind = models.CharField(_("kind"), max_length=12, choices=ESCALATION_KINDS)
    name = models.CharField(_("route"), max_length=200)
    #: The form of the approach the route leads to ("" leaves it as it is).
    form = models.CharField(
        _("form of the approach it leads to"),
        max_length=20,
        choices=ApproachForm.choices,
        blank=True,
    )
    #: The receiving party when the procesregisseur names none (e.g. "Levensloopaanpak").
    receiving_party = models.CharField(_("receiving party"), max_length=200, blank=True)

    class Meta(HouseListItem.Meta):
        verbose_name = _("escalation route")
        verbose_name_plural = _("escalation routes")
        ordering = ["veiligheidshuis", "kind", "position", "name"]
        constraints = [unique_name_per_house("escalation_route_name_unique")]


# --- direction ---------------------------------------------------------------------------------


class Direction(models.Model):
    """A procesregisseur directing a case from ``assigned_at`` until ``ended_at`` (a handover)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="directions")
    procesregisseur = user_ref(related_name="directions")
    assigned_at = models.DateTimeField()
    assigned_by = user_ref()
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["case", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_at=None), name="direction_one_current"
            )
        ]
        indexes = [
            models.Index(fields=["procesregisseur", "ended_at"], name="direction_regisseur_idx")
        ]

    def __str__(self) -> str:
        return f"{self.case} ← {self.procesregisseur}"


# --- the plan ----------------------------------------------------------------------------------


class Plan(models.Model):
    """A case's plan of approach: its versions; ``current_number`` names the latest."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    current_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("plan of approach")
        verbose_name_plural = _("plans of approach")

    def __str__(self) -> str:
        return f"{self.case} v{self.current_number}"


class PlanVersion(models.Model):
    """One immutable version of a plan: the form of the approach and the goals (entries)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = user_ref()
    form = models.CharField(_("form of the approach"), max_length=20, choices=ApproachForm.choices)
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("measure")
    )
    measure_ends_on = models.DateField(_("end date of the measure"), null=True, blank=True)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan.case} v{self.number}"


class PlanEntry(models.Model):
    """For one person and one life domain: the situation, a goal and the score at the start."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    situation = models.TextField(_("situation"), blank=True)
    goal = models.TextField(_("goal"))
    start_score = models.PositiveSmallIntegerField(_("score at the start"))

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ["version", "person__position", "life_domain__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person", "life_domain"], name="plan_entry_unique"
            ),
            models.CheckConstraint(
                condition=Q(start_score__gte=SCALE_MIN, start_score__lte=SCALE_MAX),
                name="plan_entry_score_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.life_domain}"


class PlanAgreement(models.Model):
    """An agreement (Casework 1) as an action towards a goal of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agreement_links")
    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="plan_link")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    added_in = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("agreement of the plan")
        verbose_name_plural = _("agreements of the plan")
        ordering = ["plan", "agreement__due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.life_domain}"


class PlanShare(models.Model):
    """A life domain of the plan shared with a partner organisation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()
    shared_by = user_ref()

    class Meta:
        verbose_name = _("shared part of a plan")
        verbose_name_plural = _("shared parts of plans")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation", "life_domain"], name="plan_share_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.organisation}"


# --- monitoring, escalation, closure (issue 13, items 4-6; branch monitor) ----------------------


class GoalResult(models.TextChoices):
    """The result of a goal at the closing evaluation."""

    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT = "not", _("Not achieved")


class Evaluation(models.Model):
    """An evaluation of the plan: per goal a new score and a note, the agreements reviewed.

    A closing evaluation (``closing``) also gives the result per goal and the closing reason;
    after it the case is in aftercare. Evaluations are never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date of the evaluation"))
    created_at = models.DateTimeField()
    created_by = user_ref()
    note = models.TextField(_("note"), blank=True)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    closing = models.BooleanField(default=False)
    close_reason = models.ForeignKey(
        "casework.CloseReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["plan", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.plan.case} {self.held_on}"


class EvaluationScore(models.Model):
    """The score of one goal (person and life domain) at an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)
    result = models.CharField(_("result"), max_length=10, choices=GoalResult.choices, blank=True)

    class Meta:
        verbose_name = _("score at an evaluation")
        verbose_name_plural = _("scores at evaluations")
        ordering = ["evaluation", "person__position", "life_domain__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "person", "life_domain"], name="evaluation_score_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCALE_MIN, score__lte=SCALE_MAX),
                name="evaluation_score_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.life_domain} {self.score}"


class EvaluationAgreement(models.Model):
    """An agreement as reviewed at an evaluation: its state then, and a note."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="agreement_reviews"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=Agreement.State.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reviewed agreement")
        verbose_name_plural = _("reviewed agreements")
        ordering = ["evaluation", "agreement__due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.agreement_id} {self.state}"


class Escalation(models.Model):
    """An escalation (e.g. to the Levensloopaanpak, or to drang or dwang) or a handing back
    (de-escalation) to a local team or organisation, with the receiving party and the
    motivation: the case's history of its course. A change of form points to its plan version."""

    Kind = EscalationKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving organisation"),
    )
    to_name = models.CharField(_("receiving party"), max_length=200, blank=True)
    #: The house's route taken (none for escalations recorded before routes were configured).
    route = models.ForeignKey(
        EscalationRoute,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("route"),
    )
    motivation = models.TextField(_("motivation"))
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    by = user_ref()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"

    @property
    def receiving_party(self) -> str:
        if self.to_organisation_id is not None and self.to_organisation is not None:
            return self.to_organisation.name
        return self.to_name


class AftercareCheck(models.Model):
    """A check date of a case in aftercare; at it the procesregisseur records how things are
    and ends the case, reopens it, or keeps it in aftercare until the next check."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Stays in aftercare until the next check")
        END = "end", _("End the case")
        REOPEN = "reopen", _("Reopen the integrated approach")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="aftercare_checks")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="checks")
    due_on = models.DateField(_("check date"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = user_ref(optional=True)
    how_things_are = models.TextField(_("how things are"), blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reason = models.CharField(_("reason for reopening"), max_length=300, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("aftercare check")
        verbose_name_plural = _("aftercare checks")
        ordering = ["case", "due_on", "pk"]
        indexes = [models.Index(fields=["case", "done_at"], name="aftercare_check_open_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.due_on}"
