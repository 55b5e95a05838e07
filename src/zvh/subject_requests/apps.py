from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectRequestsConfig(AppConfig):
    name = "zvh.subject_requests"
    label = "subject_requests"
    verbose_name = _("Data subject requests")

    def ready(self) -> None:
        from zvh.notifications.scheduler import Job, daily_from, schedule

        from .jobs import NOTICES_FROM, subject_request_notices_send

        schedule(
            Job("subject_request_notices", daily_from(NOTICES_FROM), subject_request_notices_send)
        )
