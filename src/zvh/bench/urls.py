"""The project's URLs plus the bench baseline (used as ROOT_URLCONF by the bench settings)."""

from django.urls import path

from zvh.config.urls import urlpatterns as project_urlpatterns

from . import views

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench-baseline"),
    *project_urlpatterns,
]
