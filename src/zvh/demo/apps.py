from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zvh.demo"
    label = "demo"
