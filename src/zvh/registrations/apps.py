from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "zvh.registrations"
    label = "registrations"
