from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "zvh.network"
    label = "network"
    verbose_name = _("Network configuration")

    def ready(self) -> None:
        from . import signals  # noqa: F401
