from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zvh.notifications"
    label = "notifications"
