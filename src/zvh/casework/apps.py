from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "zvh.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from . import jobs, signals  # noqa: F401  (the scheduler job; seeding defaults)
