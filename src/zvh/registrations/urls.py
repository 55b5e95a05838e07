from django.urls import path

from . import downloads, views, wizard

app_name = "registrations"

urlpatterns = [
    path("", views.registration_list, name="list"),
    path("nieuw/", views.registration_start, name="start"),
    path("<uuid:public_id>/", views.registration_detail, name="detail"),
    path(
        "<uuid:public_id>/bijlagen/<int:attachment_id>/",
        downloads.attachment_download,
        name="attachment",
    ),
    path("<uuid:public_id>/bewerken/", views.registration_edit, name="edit"),
    path("<uuid:public_id>/vragen/<slug:slug>/", wizard.registration_question, name="question"),
    path("<uuid:public_id>/controleren/", wizard.registration_check, name="check"),
    path("<uuid:public_id>/ontvangen/", views.registration_acknowledgement, name="acknowledgement"),
    path(
        "<uuid:public_id>/informatieverzoek/<int:request_id>/antwoord/",
        views.information_answer,
        name="answer",
    ),
]
