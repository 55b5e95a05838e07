"""The procesregisseur's pages (mounted at /regie/)."""

from django.urls import path

from . import casework_views

app_name = "casework"

urlpatterns = [
    path("", casework_views.case_list, name="list"),
    path("<uuid:public_id>/", casework_views.case_detail, name="detail"),
    path("<uuid:public_id>/afsluiten/", casework_views.case_close_view, name="close"),
]
