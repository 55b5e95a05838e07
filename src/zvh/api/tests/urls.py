"""The project's URLs plus the test-only API endpoints (before the API's catch-all 404)."""

from django.urls import path

from zvh.config.urls import urlpatterns as project_urlpatterns

from . import views

urlpatterns = [
    path("api/v1/test/life-domains/", views.LifeDomainCreateView.as_view()),
    path("api/v1/test/registrations/<uuid:public_id>/", views.RegistrationReasonView.as_view()),
    *project_urlpatterns,
]
