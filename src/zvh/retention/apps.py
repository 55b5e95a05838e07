from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "zvh.retention"
    label = "retention"
    verbose_name = _("Retention")

    def ready(self) -> None:
        from zvh.notifications.scheduler import Job, daily_from, schedule

        from .jobs import RUN_FROM, retention_job

        schedule(Job("retention", daily_from(RUN_FROM), retention_job))
