"""Pages of the integrated approach (mounted at /aanpak/)."""

from django.urls import path

from . import views, views_monitoring

app_name = "approach"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("partner/", views.partner_list, name="partner_list"),
    path("<uuid:public_id>/", views.plan_detail, name="plan"),
    path("<uuid:public_id>/regie/", views.direction, name="direction"),
    path("<uuid:public_id>/plan/", views.plan_edit, name="plan_edit"),
    path("<uuid:public_id>/afspraak/", views.agreement_add, name="agreement_add"),
    path("<uuid:public_id>/delen/", views.share, name="share"),
    path("<uuid:public_id>/vergelijken/", views.compare, name="compare"),
    path("<uuid:public_id>/partner/", views.partner_detail, name="partner"),
    path("<uuid:public_id>/verstrekkingen/", views.disclosures, name="disclosures"),
    path("<uuid:public_id>/evaluatie/", views_monitoring.evaluation, name="evaluation"),
    path("<uuid:public_id>/afsluiten/", views_monitoring.close, name="close"),
    path("<uuid:public_id>/escalatie/", views_monitoring.escalation, name="escalation"),
    path("<uuid:public_id>/nazorg/", views_monitoring.aftercare_check, name="aftercare_check"),
]
