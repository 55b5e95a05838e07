from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "zvh.triage"
    label = "triage"

    def ready(self) -> None:
        from zvh.registrations.answers import register_answer_service

        from .services import information_request_answer

        register_answer_service(information_request_answer)
