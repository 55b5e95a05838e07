from django.urls import path

from . import views

app_name = "subject_requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("nieuw/", views.request_create, name="create"),
    path("<uuid:public_id>/", views.request_detail, name="detail"),
    path("<uuid:public_id>/bewerken/", views.request_edit, name="edit"),
    path("<uuid:public_id>/verlengen/", views.request_extend, name="extend"),
    path("<uuid:public_id>/beperking/", views.request_restrict, name="restrict"),
    path("<uuid:public_id>/overzicht/", views.request_report, name="report"),
    path("<uuid:public_id>/beantwoorden/", views.request_answer, name="answer"),
    path("<uuid:public_id>/brief/", views.request_letter, name="letter"),
]
