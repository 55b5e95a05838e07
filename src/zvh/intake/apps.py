from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "zvh.intake"
    label = "intake"
    verbose_name = _("E-mail intake")

    def ready(self) -> None:
        from zvh.notifications.scheduler import Job, daily_from, schedule

        from . import receivers  # noqa: F401 (connects the signal receivers)
        from .jobs import RUN_FROM, intake_retention_job

        schedule(Job("intake_retention", daily_from(RUN_FROM), intake_retention_job))
