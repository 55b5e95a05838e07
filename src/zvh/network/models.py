"""Configuration as data: Veiligheidshuizen, what they offer, whom they serve, and who has joined.

Nothing in the code depends on which Veiligheidshuis a record belongs to; every difference between
regions is a value here, edited by the functional administrator.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from zvh.common.fields import ChoiceListField
from zvh.deadlines.terms import ReplyTerm, TermUnit

from .enums import IntakeChannel, OrganisationKind, Outcome

code_validator = RegexValidator(
    r"^[A-Z]{2,5}$", _("Use 2 to 5 capital letters, e.g. MST."), code="invalid_code"
)
cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is GM followed by four digits."), code="invalid_cbs"
)


class Veiligheidshuis(models.Model):
    """A regional Zorg- en Veiligheidshuis and the procedure it runs.

    A Veiligheidshuis offers at least one outcome and one intake channel, screens against at least
    one criterion, and promises a reply term of at least one day.
    """

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"),
        max_length=5,
        unique=True,
        validators=[code_validator],
        help_text=_("Used in references, e.g. MST-2026-00042."),
        error_messages={"unique": _("Another Veiligheidshuis already uses this short code.")},
    )
    region = models.CharField(_("region"), max_length=200)
    meldpunt_email = models.EmailField(_("meldpunt e-mail address"))
    reply_term_amount = models.PositiveSmallIntegerField(
        _("reply term"),
        validators=[MinValueValidator(1, _("The reply term must be at least one day."))],
    )
    reply_term_unit = models.CharField(
        _("reply term unit"), max_length=20, choices=TermUnit.choices
    )
    offered_outcomes = ChoiceListField(_("outcomes offered"), choices_enum=Outcome, blank=False)
    intake_channels = ChoiceListField(_("intake channels"), choices_enum=IntakeChannel, blank=False)

    class Meta:
        verbose_name = _("Veiligheidshuis")
        verbose_name_plural = _("Veiligheidshuizen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply_term_amount__gte=1), name="vh_reply_term_positive"
            ),
            models.UniqueConstraint(Upper("code"), name="vh_code_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.code = (self.code or "").upper()
        errors = {}
        if not self.offered_outcomes:
            errors["offered_outcomes"] = _("A Veiligheidshuis offers at least one outcome.")
        if not self.intake_channels:
            errors["intake_channels"] = _("A Veiligheidshuis accepts at least one intake channel.")
        if errors:
            raise ValidationError(errors)

    @property
    def reply_term(self) -> ReplyTerm:
        return ReplyTerm(amount=self.reply_term_amount, unit=TermUnit(self.reply_term_unit))

    def offers(self, outcome: Outcome) -> bool:
        return outcome in self.offered_outcomes

    def outcome_choices(self) -> list[tuple[str, str]]:
        """The offered outcomes in the fixed order of ``Outcome``, with their labels."""
        return [
            (value, label) for value, label in Outcome.choices if value in self.offered_outcomes
        ]


class SelectionCriterion(models.Model):
    """One of a Veiligheidshuis's ordered screening questions (answered yes/no with motivation)."""

    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("question"))

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["veiligheidshuis", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["veiligheidshuis", "position"], name="criterion_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class LifeDomain(models.Model):
    """A life domain (leefgebied) a registration can concern; each Veiligheidshuis has its list."""

    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.CASCADE, related_name="life_domains"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")
        ordering = ["veiligheidshuis", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["veiligheidshuis", "position"], name="life_domain_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality by its CBS code, served by at most one Veiligheidshuis."""

    name = models.CharField(_("name"), max_length=120)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[cbs_code_validator],
        error_messages={"unique": _("A municipality with this CBS code already exists.")},
    )
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis,
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        verbose_name=_("served by"),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A municipality cannot leave a Veiligheidshuis whose target groups still apply to it."""
        if not self.pk:
            return
        previous = Municipality.objects.filter(pk=self.pk).values_list(
            "veiligheidshuis_id", flat=True
        )[0]
        if previous and previous != self.veiligheidshuis_id:
            names = list(
                self.target_groups.filter(veiligheidshuis_id=previous).values_list(
                    "name", flat=True
                )
            )
            if names:
                raise ValidationError(
                    {
                        "veiligheidshuis": _(
                            "Target groups of the current Veiligheidshuis still apply to this "
                            "municipality: %(names)s. Remove it from them first."
                        )
                        % {"names": ", ".join(names)}
                    }
                )


class TargetGroup(models.Model):
    """A target group (doelgroep) of a Veiligheidshuis.

    A target group applies only to municipalities its own Veiligheidshuis serves, and is offered
    only to persons living in one of those municipalities.
    """

    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis,
        on_delete=models.CASCADE,
        related_name="target_groups",
        verbose_name=_("Veiligheidshuis"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, related_name="target_groups", verbose_name=_("applies to municipalities")
    )

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["veiligheidshuis", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["veiligheidshuis", "code"], name="target_group_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner organisation, or a Veiligheidshuis's own staff organisation.

    Partners take part in the networks (covenants) of the Veiligheidshuizen they have joined.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    veiligheidshuis = models.OneToOneField(
        Veiligheidshuis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_organisation",
        verbose_name=_("staff of Veiligheidshuis"),
        help_text=_("Set only for the organisation of a Veiligheidshuis's own staff."),
    )
    networks = models.ManyToManyField(
        Veiligheidshuis,
        through="CovenantMembership",
        related_name="partners",
        blank=True,
        verbose_name=_("networks joined"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        is_vh_kind = self.kind == OrganisationKind.VEILIGHEIDSHUIS
        if is_vh_kind != (self.veiligheidshuis_id is not None):
            raise ValidationError(
                {
                    "veiligheidshuis": _(
                        "An organisation of kind Zorg- en Veiligheidshuis is the staff of exactly "
                        "one Veiligheidshuis; other organisations are not."
                    )
                }
            )


class CovenantMembership(models.Model):
    """A partner organisation has signed the covenant of a Veiligheidshuis's network."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("covenant membership")
        verbose_name_plural = _("covenant memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "veiligheidshuis"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.veiligheidshuis}"
