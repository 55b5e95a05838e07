from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zvh.common"
    label = "common"
