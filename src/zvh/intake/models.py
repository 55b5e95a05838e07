"""Mails to a meldpunt address, as the intake listener stored them.

The raw message is kept byte for byte in the database (``InboundMailContent``), in the same
transaction as its row: the listener answers 250 only after that commit, so a mail it accepted
is never lost and no stored file outlives a rolled-back row (decision 0007). The content lives in
a table of its own so that lists never load it, and so that retention can remove it and leave
the row as a tombstone.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.common.fields import ChoiceListField
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Attachment, Registration

from .enums import AttachmentVerdict, MailStatus, QuarantineReason


class InboundMail(models.Model):
    """One mail for one Veiligheidshuis (a mail to two meldpunt addresses is two rows).

    ``message_key`` is the SHA-256 of the Message-ID (of the raw bytes when there is none):
    unique per Veiligheidshuis, so the same mail delivered twice is stored once
    (``duplicate_count`` counts the repeats). ``purged_at`` set: the content and everything
    personal are gone (retention); the row remains as a tombstone.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis, on_delete=models.PROTECT, related_name="inbound_mails"
    )
    status = models.CharField(_("status"), max_length=20, choices=MailStatus.choices)
    reasons = ChoiceListField(_("reasons"), choices_enum=QuarantineReason, blank=True)
    message_key = models.CharField(max_length=64, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    envelope_from = models.CharField(_("envelope sender"), max_length=320, blank=True)
    header_from = models.CharField(_("sender"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"))
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, editable=False)
    duplicate_count = models.PositiveIntegerField(default=0)
    last_duplicate_at = models.DateTimeField(null=True, blank=True)
    #: The partner's registrant the sender was recognised as (None: not recognised).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_mails",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("reason for rejection"), blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["veiligheidshuis", "message_key"], name="inbound_mail_once_per_vh"
            ),
        ]
        indexes = [
            models.Index(
                fields=["veiligheidshuis", "status", "-received_at"], name="inbound_mail_list_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def reason_labels(self) -> list[str]:
        return [str(QuarantineReason(code).label) for code in self.reasons]


class InboundMailContent(models.Model):
    """The message exactly as received."""

    mail = models.OneToOneField(
        InboundMail, on_delete=models.CASCADE, primary_key=True, related_name="content"
    )
    raw = models.BinaryField()

    class Meta:
        verbose_name = _("original message")
        verbose_name_plural = _("original messages")

    def __str__(self) -> str:
        return str(self.mail_id)


class InboundAttachment(models.Model):
    """An attachment found in a mail, with what was found of it (the file itself stays inside the
    original message; an accepted one is copied to the registration)."""

    mail = models.ForeignKey(InboundMail, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    verdict = models.CharField(max_length=30, choices=AttachmentVerdict.choices)
    attachment = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment of an incoming e-mail")
        verbose_name_plural = _("attachments of incoming e-mails")
        ordering = ["mail", "position"]

    def __str__(self) -> str:
        return self.name
