"""The last sign of life of the background processes (no personal data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Component(models.TextChoices):
    WORKER = "worker", _("Task worker")
    SCHEDULER = "scheduler", _("Scheduler")


class Heartbeat(models.Model):
    """One row per background component: when it last proved it works. The scheduler's beat is
    written by its periodic ``heartbeat`` job; the worker's by a task that job enqueues, so a
    fresh worker beat means the queue is being worked through, not merely that a process runs."""

    component = models.CharField(
        _("component"), max_length=20, choices=Component.choices, unique=True
    )
    beat_at = models.DateTimeField(_("last beat"), null=True, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.component}: {self.beat_at}"
