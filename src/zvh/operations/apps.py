from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "zvh.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from zvh.notifications.scheduler import Job, every_minute, schedule

        from .heartbeats import heartbeat_job

        schedule(Job("heartbeat", every_minute, heartbeat_job))
