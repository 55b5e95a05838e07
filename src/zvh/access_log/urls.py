from django.urls import path

from . import views

app_name = "access_log"

urlpatterns = [
    path("", views.log_list, name="log"),
    path("export/", views.log_export, name="export"),
    path("overzicht-betrokkene/", views.subject_report, name="report"),
]
