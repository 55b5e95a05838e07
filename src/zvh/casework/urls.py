"""Casework pages (mounted at /overleg/)."""

from django.urls import path

from . import case_views, meeting_views, views

app_name = "cases"

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("nieuw/", meeting_views.meeting_new, name="meeting_new"),
    path("<uuid:public_id>/", views.meeting_detail, name="meeting"),
    path("<uuid:public_id>/wijzigen/", meeting_views.meeting_edit, name="meeting_edit"),
    path("<uuid:public_id>/annuleren/", views.meeting_cancel_view, name="meeting_cancel"),
    path("<uuid:public_id>/agendapunt/", views.item_add, name="item_add"),
    path("punt/<uuid:public_id>/", views.item_detail, name="item"),
    path("punt/<uuid:public_id>/delen/", views.item_share, name="item_share"),
    path("punt/<uuid:public_id>/uitnodigen/", views.item_invite, name="item_invite"),
    path("punt/<uuid:public_id>/antwoord/", views.item_answer, name="item_answer"),
    path("punt/<uuid:public_id>/verslag/", views.item_minutes, name="item_minutes"),
    path("punt/<uuid:public_id>/vaststellen/", views.item_finalise, name="item_finalise"),
    path("punt/<uuid:public_id>/afspraak/", views.item_agreement, name="item_agreement"),
    path("punt/<uuid:public_id>/uitkomst/", views.item_outcome_view, name="item_outcome"),
    path("acties/", views.action_list, name="actions"),
    path("acties/<uuid:public_id>/gereed/", views.action_done, name="action_done"),
    path("casussen/", views.case_list, name="cases"),
    path("casussen/<uuid:public_id>/", views.case_detail, name="case"),
    path("casussen/<uuid:public_id>/heropenen/", case_views.case_reopen_view, name="case_reopen"),
    path("casussen/<uuid:public_id>/koppelen/", views.case_join, name="case_join"),
    path("casussen/<uuid:public_id>/delingen/", views.sharing_record, name="sharing"),
    path(
        "casussen/<uuid:public_id>/delingen/export/",
        views.sharing_record_export,
        name="sharing_export",
    ),
]
