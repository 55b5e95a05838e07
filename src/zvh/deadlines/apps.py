from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "zvh.deadlines"
    label = "deadlines"
