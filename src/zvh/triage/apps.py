from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "zvh.triage"
    label = "triage"
