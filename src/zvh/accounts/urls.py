from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("uitnodiging/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
]
