"""The outbox, the editable mail templates, and the bookkeeping of scheduled jobs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration

from .keys import MailKey
from .templating import validate_template_source


class OutgoingMail(models.Model):
    """A mail, stored in the transaction of the action that caused it, then sent by the worker.

    ``last_error`` holds an exception class or SMTP reply code only, never an address or a
    server's message text. The ``message_id`` is fixed at creation, so a mail that had to be sent
    again (see docs/decisions/0005-outbox.md) carries the same Message-ID.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    template_key = models.CharField(_("mail"), max_length=40, choices=MailKey.choices)
    language = models.CharField(_("language"), max_length=10)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    #: Text attachments, e.g. a calendar invitation: a list of {"filename", "content_type",
    #: "content", and optionally "method" (the iCalendar METHOD)}. Never personal data.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis,
        verbose_name=_("Veiligheidshuis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["veiligheidshuis", "status"], name="outbox_vh_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_template_key_display()} {self.reference}".strip()


class MailTemplate(models.Model):
    """A Veiligheidshuis's own text for one mail in one language (see ``templating``)."""

    veiligheidshuis = models.ForeignKey(
        Veiligheidshuis,
        verbose_name=_("Veiligheidshuis"),
        on_delete=models.CASCADE,
        related_name="mail_templates",
    )
    key = models.CharField(_("mail"), max_length=40, choices=MailKey.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mail template")
        verbose_name_plural = _("mail templates")
        ordering = ["veiligheidshuis", "key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["veiligheidshuis", "key", "language"], name="mailtemplate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.language})"

    def save(self, *args, **kwargs) -> None:
        # Validated on every save, not only in the admin form.
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "body"):
            try:
                validate_template_source(key=self.key, source=getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)


class JobRun(models.Model):
    """One run of a scheduled job for one period; the unique (job, period) pair is the lock that
    keeps a second, overlapping or repeated run of the same period from doing the work again."""

    job = models.CharField(max_length=50)
    period = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="jobrun_unique")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class DeadlineNotice(models.Model):
    """A reminder or escalation sent about a registration: at most one per kind and deadline.
    A deadline that moves (suspended while waiting for information) gets its own reminder."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="deadline_notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    deadline_at = models.DateTimeField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "deadline_at"], name="deadlinenotice_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.registration_id}"
