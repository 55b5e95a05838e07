from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.mail_list, name="list"),
    path("<uuid:public_id>/", views.mail_detail, name="detail"),
    path("<uuid:public_id>/origineel/", views.mail_original, name="original"),
    path("<uuid:public_id>/accepteren/", views.mail_accept, name="accept"),
    path("<uuid:public_id>/afwijzen/", views.mail_reject, name="reject"),
]
