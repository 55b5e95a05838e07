"""Messages to people outside the closed network: e-mails carry a reference and a link only."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zvh.notifications"
    label = "notifications"

    def ready(self) -> None:
        from . import signals  # noqa: F401
