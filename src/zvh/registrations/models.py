"""A registration (aanmelding) of a person or family system at a Veiligheidshuis."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.common.bsn import validate_bsn
from zvh.common.text import name_key
from zvh.network.models import LifeDomain, Municipality, Organisation, TargetGroup, Veiligheidshuis

from .status import DECIDED_STATUSES, Status, registrant_status


class Channel(models.TextChoices):
    """How a registration reached the Veiligheidshuis."""

    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call to the meldpunt")
    API = "api", _("Partner system (API)")


#: The channels through which the meldpunt itself receives a registration from a partner (a phone
#: call, an e-mail) and records it on the partner's behalf.
ON_BEHALF_CHANNELS: frozenset[str] = frozenset({Channel.EMAIL, Channel.PHONE})


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class NotInformedReason(models.TextChoices):
    """Weighty reasons to leave the client uninformed of the registration."""

    SAFETY = "safety", _("Safety of the people involved")
    CRIMINAL_INVESTIGATION = "criminal_investigation", _("A running criminal investigation")
    OTHER = "other", _("Another weighty reason")


class Registration(models.Model):
    """A person or family system registered by a partner.

    The Veiligheidshuis follows from the main person's municipality. The reference, the moment of
    receipt and the reply deadline are set once, at submission; the deadline is stored (and
    indexed) because the meldpunt's queue sorts and filters on it.

    A registration the meldpunt records on a partner's behalf (channel phone or e-mail, see
    ``services.registration_start_on_behalf``) has its Veiligheidshuis given, and its moment of
    receipt (the call, the mail) preset on the draft: the reply term runs from then.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="registrations", null=True
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    #: A token the form carries so that a double click or a resubmit finds the same registration.
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    #: The partner's user who registered; empty when the meldpunt recorded a registration on
    #: behalf of a partner whose contact has no account (a phone call, an e-mail).
    registrant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registrations",
        null=True,
        blank=True,
    )
    #: The screener who recorded a phone call or completed an e-mail on the partner's behalf;
    #: empty for the partner's own registrations and for e-mails the intake listener drafted.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    registrant_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations"
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail address"), blank=True)

    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    reason = models.TextField(_("reason for registration"), blank=True)
    situation = models.TextField(_("description of the situation"), blank=True)
    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="registrations")
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    urgency_explanation = models.TextField(_("why urgent"), blank=True)

    client_informed = models.BooleanField(_("client informed"), null=True)
    client_informed_on = models.DateField(_("informed on"), null=True, blank=True)
    client_informed_how = models.CharField(_("informed how"), max_length=200, blank=True)
    not_informed_reason = models.CharField(
        _("reason not to inform"), max_length=30, choices=NotInformedReason.choices, blank=True
    )
    not_informed_explanation = models.TextField(_("explanation"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("reply deadline"), null=True, blank=True)
    #: Time spent waiting for the registrant's information, added to the deadline on the answer.
    suspended = models.DurationField(default=timedelta)
    waiting_since = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_late = models.BooleanField(_("decided late"), null=True)
    #: Bumped on every change; the API's ETag and the forms' stale-write check read it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["veiligheidshuis", "status", "deadline_at"], name="reg_queue_idx"),
            # an organisation's registrations (API list): its count is read from this index
            # alone on PostgreSQL (covering the columns the drafts filter asks for)
            models.Index(
                fields=["registrant_organisation", "-created_at"],
                include=["status", "channel"],
                name="reg_org_cover_idx",
            ),
            # the meldpunt's drafts to complete (queue page): a few among ~0.5 % drafts
            models.Index(
                fields=["veiligheidshuis", "channel", "received_at"],
                condition=models.Q(status="draft"),
                name="reg_draft_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("draft"))

    @property
    def is_decided(self) -> bool:
        """Decided (a closed case included): the registration has its decision."""
        return self.status in DECIDED_STATUSES

    @property
    def registrant_status(self) -> Status:
        """The status the registering organisation sees (``status.registrant_status``)."""
        return registrant_status(self.status)

    def get_registrant_status_display(self) -> str:
        return str(self.registrant_status.label)

    @property
    def on_behalf(self) -> bool:
        """Recorded by the meldpunt on a partner's behalf (a phone call or an e-mail)."""
        return self.channel in ON_BEHALF_CHANNELS

    @property
    def main_person(self) -> "Person | None":
        return next((p for p in self.persons.all() if p.is_main), None)


class Relation(models.TextChoices):
    """How a person relates to the main person of a family system."""

    MAIN = "main", _("Registered person")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    PARTNER = "partner", _("Partner")
    SIBLING = "sibling", _("Brother or sister")
    HOUSEHOLD = "household", _("Other household member")
    OTHER = "other", _("Other")


class Person(models.Model):
    """A person in a registration; exactly one is the main person (relation MAIN)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="persons")
    position = models.PositiveSmallIntegerField(default=0)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    given_names = models.CharField(_("given names"), max_length=200)
    surname_prefix = models.CharField(_("prefix"), max_length=30, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    city = models.CharField(_("place"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    #: ``name_key`` of surname prefix + surname, for spelling-tolerant matching.
    surname_key = models.CharField(max_length=200, db_index=True, editable=False)
    given_key = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["registration", "position"]
        indexes = [
            models.Index(fields=["bsn"], name="person_bsn_idx"),
            models.Index(fields=["date_of_birth", "surname_key"], name="person_dob_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.surname_key = name_key(f"{self.surname_prefix}{self.surname}")
        self.given_key = name_key(self.given_names)
        super().save(*args, **kwargs)

    @property
    def is_main(self) -> bool:
        return self.relation == Relation.MAIN

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


class InvolvedPartner(models.Model):
    """A partner already involved with the person(s), and whom to contact there."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="involved_partners"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone number"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail address"), blank=True)
    involvement = models.CharField(_("involvement"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("involved partner")
        verbose_name_plural = _("involved partners")
        ordering = ["registration", "pk"]

    def __str__(self) -> str:
        return self.organisation_name


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Stored under random names: the original file name can itself be personal data."""
    return f"attachments/{instance.registration.public_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["registration", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReferenceCounter(models.Model):
    """The last reference number issued per Veiligheidshuis and year (locked on submission)."""

    veiligheidshuis = models.ForeignKey(Veiligheidshuis, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["veiligheidshuis", "year"], name="refcounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.veiligheidshuis_id}/{self.year}: {self.last_number}"


class StatusChange(models.Model):
    """One row of a registration's history: who moved it, when, from which status to which, why.

    Rows are only ever appended, by ``zvh.registrations.workflow.transition``. The table kept the
    name it had in the triage app, where the history used to live.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    why = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "triage_statuschange"
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["registration", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
