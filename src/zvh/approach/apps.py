from django.apps import AppConfig


class ApproachConfig(AppConfig):
    name = "zvh.approach"
    label = "approach"
    verbose_name = "Integrated approach"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (seeding a new Veiligheidshuis's defaults)
