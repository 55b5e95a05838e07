"""The case (casus) after triage, its consultations, what was shared, minutes and agreements.

A case is the unit of a Veiligheidshuis's work after a decision "agenda for a consultation" or
"integrated approach": one person or one family system. Later registrations of the same people
can be joined to it. Its status changes only through ``workflow.case_transition``.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zvh.network.models import LifeDomain, Organisation, Veiligheidshuis
from zvh.registrations.models import Registration


def user_ref(verbose_name: Any = None, *, related_name: str = "+", optional: bool = False) -> Any:
    """A reference to the user who did (or owns) something: never deleted while referred to
    (PROTECT), without a reverse accessor unless named. Shared by casework and approach."""
    options: dict[str, Any] = {"on_delete": models.PROTECT, "related_name": related_name}
    if verbose_name is not None:
        options["verbose_name"] = verbose_name
    if optional:
        options |= {"null": True, "blank": True}
    return models.ForeignKey(settings.AUTH_USER_MODEL, **options)


def house_ref(related_name: str, *, one: bool = False) -> Any:
    """The Veiligheidshuis a setting or a list item belongs to (``one``: at most one per house);
    goes with the house."""
    field = models.OneToOneField if one else models.ForeignKey
    return field(Veiligheidshuis, on_delete=models.CASCADE, related_name=related_name)


def unique_name_per_house(name: str) -> models.UniqueConstraint:
    """No two items of one house's list with the same name."""
    return models.UniqueConstraint(fields=["veiligheidshuis", "name"], name=name)


class HouseListItem(models.Model):
    """An item of a list a Veiligheidshuis configures itself (kinds of meeting, closing
    reasons, measures, escalation routes): its place in the list, and whether it is still
    offered (items are switched off, not deleted). Subclasses give ``veiligheidshuis``
    (``house_ref``) and ``name``."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["veiligheidshuis", "position", "name"]

    def __str__(self) -> str:
        return str(getattr(self, "name", ""))


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    INTEGRATED_APPROACH = "integrated_approach", _("Integrated approach")
    AFTERCARE = "aftercare", _("Aftercare")
    CLOSED = "closed", _("Closed")


# --- configuration per Veiligheidshuis ---------------------------------------------------------


class CaseworkSettings(models.Model):
    """A Veiligheidshuis's casework settings (defaults apply while it has none)."""

    veiligheidshuis = house_ref("casework_settings", one=True)
    #: How many days after a meeting its invitees may still open their agenda items.
    invitee_days_after_meeting = models.PositiveSmallIntegerField(
        _("days invitees keep access after the meeting"), default=14
    )
    #: How many days before its due date an agreement's owner is reminded.
    reminder_days_before_due = models.PositiveSmallIntegerField(
        _("days before the due date to remind the owner"), default=3
    )

    class Meta:
        verbose_name = _("casework settings")
        verbose_name_plural = _("casework settings")

    def __str__(self) -> str:
        return str(self.veiligheidshuis)


class MeetingKind(HouseListItem):
    """A kind of meeting a Veiligheidshuis holds (case consultation, triage meeting, …)."""

    veiligheidshuis = house_ref("meeting_kinds")
    name = models.CharField(_("name"), max_length=120)

    class Meta(HouseListItem.Meta):
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        constraints = [unique_name_per_house("meeting_kind_name_unique")]


class CloseReason(HouseListItem):
    """A reason to close a case, from the Veiligheidshuis's own list."""

    veiligheidshuis = house_ref("close_reasons")
    name = models.CharField(_("name"), max_length=200)

    class Meta(HouseListItem.Meta):
        verbose_name = _("closing reason")
        verbose_name_plural = _("closing reasons")


# --- the case ----------------------------------------------------------------------------------


class Case(models.Model):
    """One person or family system the Veiligheidshuis works on after triage."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = user_ref()
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.ForeignKey(
        CloseReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["veiligheidshuis", "status"], name="case_vh_status_idx")]

    def __str__(self) -> str:
        return self.reference


class CaseRegistration(models.Model):
    """A registration belongs to at most one case: the one its decision opened, or the one the
    meldpunt joined it to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="case_link"
    )
    joined_at = models.DateTimeField()
    joined_by = user_ref()
    opened_case = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("registration of a case")
        verbose_name_plural = _("registrations of a case")
        ordering = ["case", "joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} ← {self.registration}"


class CaseStatusChange(models.Model):
    """One row of a case's history; only ever appended by ``workflow.case_transition``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=30, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=CaseStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    why = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


# --- meetings ----------------------------------------------------------------------------------


class Meeting(models.Model):
    """A meeting of a Veiligheidshuis with cases on its agenda.

    ``sequence`` is the calendar invitation's SEQUENCE: every change invitees are told about
    bumps it (RFC 5545), and ``ical_uid`` stays the same.
    """

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.ForeignKey(MeetingKind, on_delete=models.PROTECT, verbose_name=_("kind"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    chair = user_ref(_("chair"))
    minute_taker = user_ref(_("minute-taker"))
    planned_by = user_ref()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED)
    ical_uid = models.CharField(max_length=100, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["veiligheidshuis", "starts_at"], name="meeting_vh_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class AgendaItem(models.Model):
    """A case on a meeting's agenda, with the question the meeting must answer, and what the
    chair chose to share with the invitees (a summary for the meeting and life domains)."""

    class Outcome(models.TextChoices):
        NEXT_MEETING = "next_meeting", _("Another meeting")
        INTEGRATED_APPROACH = "integrated_approach", _("Integrated approach")
        CLOSE = "close", _("Close the case")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.TextField(_("question for the meeting"))
    summary = models.TextField(_("case summary for the meeting"), blank=True)
    shared_life_domains = models.ManyToManyField(
        LifeDomain, blank=True, related_name="+", verbose_name=_("life domains shared")
    )
    client_invited = models.BooleanField(_("client or family invited"), default=False)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.case}"


class Invitation(models.Model):
    """A named person of a partner organisation invited for one agenda item."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ATTEND = "attend", _("Attends")
        DECLINE = "decline", _("Declines")
        DELEGATED = "delegated", _("Sends a colleague")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = user_ref(related_name="invitations")
    invited_at = models.DateTimeField()
    invited_by = user_ref()
    answer = models.CharField(max_length=20, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    delegated_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["item", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="invitation_item_user_unique")
        ]
        indexes = [models.Index(fields=["user", "answer"], name="invitation_user_idx")]

    def __str__(self) -> str:
        return f"{self.item} → {self.organisation}"

    @property
    def active(self) -> bool:
        """Invitations handed to a colleague no longer give access."""
        return self.answer != self.Answer.DELEGATED


class SharingRecord(models.Model):
    """The case's one sharing record (WGS): what was shared with which organisation, when, why.

    Appended, never changed: when invitations go out and when the chair changes what an item
    shares (``CONSULTATION``: with its meeting and agenda item), and when the procesregisseur
    shares parts of the plan of approach or a partner views them (``PLAN_SHARED`` and
    ``PLAN_VIEWED``: with the plan's version number, no meeting). ``shared`` lists what was
    shared, in words (no personal data).
    """

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Shared for a case consultation")
        PLAN_SHARED = "plan_shared", _("Plan parts shared")
        PLAN_VIEWED = "plan_viewed", _("Plan parts viewed by the partner")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sharing_records")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONSULTATION)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The number of the plan of approach's version shared or viewed (plan kinds only).
    plan_version = models.PositiveIntegerField(null=True, blank=True)
    shared_at = models.DateTimeField()
    shared_by = user_ref()
    purpose = models.CharField(max_length=40)
    shared = models.TextField()

    class Meta:
        verbose_name = _("sharing record")
        verbose_name_plural = _("sharing records")
        ordering = ["case", "shared_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="sharing_record_consultation_has_its_item",
                condition=~Q(kind="consultation") | Q(meeting__isnull=False, item__isnull=False),
            ),
            models.CheckConstraint(
                name="sharing_record_plan_has_its_version",
                condition=Q(kind="consultation") | Q(plan_version__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.organisation}"

    @property
    def is_plan(self) -> bool:
        return self.kind != self.Kind.CONSULTATION


# --- minutes and agreements --------------------------------------------------------------------


class Minutes(models.Model):
    """The minutes of one agenda item: drafted by the minute-taker, finalised by the chair."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    situation = models.TextField(_("situation"), blank=True)
    #: Life domain id (as a string) -> the analysis for that domain.
    analysis = models.JSONField(_("analysis per life domain"), default=dict, blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    drafted_by = user_ref()
    updated_at = models.DateTimeField()
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = user_ref(optional=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.item}"

    @property
    def final(self) -> bool:
        return self.finalised_at is not None


class Agreement(models.Model):
    """An agreement (afspraak): an action, its owner organisation and person, a due date.

    It belongs to a case; ``item`` is the agenda item it was made on, and is empty for an
    agreement from elsewhere (a plan of approach). Everything that shows or mails an agreement
    tolerates ``item=None``.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    action = models.TextField(_("action"))
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    owner = user_ref(_("owner"), related_name="agreements")
    due_on = models.DateField(_("due date"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = user_ref(optional=True)
    done_note = models.TextField(_("note"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_signalled_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["owner_organisation", "state", "due_on"], name="agreement_org_idx"
            ),
            models.Index(fields=["state", "due_on"], name="agreement_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.due_on}"
