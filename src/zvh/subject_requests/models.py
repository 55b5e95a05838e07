"""Data-subject requests under the WGS/AVG contact point, and retention extensions.

A request holds personal data of its own: the person it concerns (as the privacy pages identify
a person: a BSN, or surname + given names + date of birth, or both) and the requester's contact
details. Its legal term is stored (``due_on``, indexed) when it is registered and when it is
extended, so lists sort and filter on it and the scheduler finds what is due.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.access_log.values import LoggedPerson
from zvh.common.bsn import validate_bsn
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration

from .enums import (
    Decision,
    EventKind,
    ExtensionStatus,
    ExtensionTarget,
    NoticeMeans,
    RequesterKind,
    RequestKind,
    RequestStatus,
    RestrictionGround,
)


class SubjectRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    #: E.g. AVG-MST-2026-0003: per Veiligheidshuis and year of receipt.
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="subject_requests"
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )

    # The person the request is about.
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    surname = models.CharField(_("surname (with prefix)"), max_length=200, blank=True)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    # Who made the request, and how to reach them.
    requester_kind = models.CharField(_("requester"), max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField(_("name of the requester"), max_length=200, blank=True)
    requester_address = models.TextField(_("postal address"), blank=True)
    requester_email = models.EmailField(_("e-mail address"), blank=True)
    requester_phone = models.CharField(_("telephone number"), max_length=30, blank=True)

    received_on = models.DateField(_("received on"))
    #: The legal term: one month from receipt, three once extended (``deadlines.months``).
    due_on = models.DateField(_("answer due by"))

    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_notice_on = models.DateField(_("requester told on"), null=True, blank=True)
    extension_notice_means = models.CharField(
        _("requester told by"), max_length=20, choices=NoticeMeans.choices, blank=True
    )

    restriction_ground = models.CharField(
        _("legal ground for the restriction"),
        max_length=30,
        choices=RestrictionGround.choices,
        blank=True,
    )
    restriction_explanation = models.TextField(_("explanation of the restriction"), blank=True)

    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_ground = models.TextField(_("ground for the decision"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["veiligheidshuis", "status", "due_on"], name="subjreq_vh_due"),
            models.Index(fields=["status", "due_on"], name="subjreq_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(bsn="") | models.Q(date_of_birth__isnull=False),
                name="subjreq_person_identified",
            ),
            models.CheckConstraint(
                condition=models.Q(extended_on__isnull=True) | ~models.Q(extension_reason=""),
                name="subjreq_extension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def person(self) -> LoggedPerson:
        """The person as the access log keys them."""
        return LoggedPerson(
            bsn=self.bsn,
            surname=self.surname,
            given_names=self.given_names,
            date_of_birth=self.date_of_birth,
        )

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def is_extended(self) -> bool:
        return self.extended_on is not None

    @property
    def is_restricted(self) -> bool:
        return bool(self.restriction_ground)


class SubjectRequestEvent(models.Model):
    """The history of a request: one row per step, in the transaction of the step."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    status_from = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class SubjectAccessReport(models.Model):
    """The access report handed to the requester of an access request: a snapshot of the
    access log's successful entries about the person, made when it was attached (and replaced
    when it is made again while the request is open). Stored, not regenerated: the answer must
    show what was handed out, and the log keeps growing (making the report is itself an entry).
    Rows hold dates, organisations, roles, actions, purposes and file references: no staff
    names (CJEU C-579/21)."""

    request = models.OneToOneField(
        SubjectRequest, on_delete=models.CASCADE, related_name="access_report"
    )
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    #: ``[{"at": iso, "organisation": …, "roles": …, "event": …, "purpose": …, "files": …}]``
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"report {self.request_id}"


class SubjectRequestNotice(models.Model):
    """A reminder or overdue signal sent about a request: at most one per kind and term (an
    extended term is a new term with its own reminder)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        OVERDUE = "overdue", _("Overdue")

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_on"], name="subjreq_notice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.request_id}"


class RetentionExtension(models.Model):
    """Keep something longer than its retention period, for a reason, until an end date.

    Two steps: a screener, procesregisseur or privacy officer requests it; a privacy officer
    approves or rejects it (``accounts.permissions.may_approve_retention_extension``). Only an
    approved extension whose end date has not passed holds off retention
    (``extensions.running_extensions``). The target is a kind plus a foreign key per kind; the
    reference is copied so the list still says what was kept after the target is gone.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="retention_extensions"
    )
    target_kind = models.CharField(
        _("what is kept"),
        max_length=20,
        choices=ExtensionTarget.choices,
        default=ExtensionTarget.REGISTRATION,
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retention_extensions",
    )
    target_reference = models.CharField(_("reference"), max_length=30)
    reason = models.TextField(_("reason"))
    ends_on = models.DateField(_("kept until"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note with the decision"), blank=True)

    class Meta:
        verbose_name = _("retention extension")
        verbose_name_plural = _("retention extensions")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(
                fields=["registration", "status", "ends_on"], name="retext_registration_running"
            ),
            models.Index(fields=["veiligheidshuis", "requested_at"], name="retext_vh_requested"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="retext_reason_required"),
            models.CheckConstraint(
                condition=models.Q(status=ExtensionStatus.REQUESTED)
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="retext_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_kind_display()} {self.target_reference}"
