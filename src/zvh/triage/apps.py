from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "zvh.triage"
    label = "triage"
    verbose_name = _("Screening and decisions")

    def ready(self) -> None:
        from zvh.registrations.answers import register_answer_service

        from .services import information_request_answer

        register_answer_service(information_request_answer)
