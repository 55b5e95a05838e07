from django.urls import path

from . import extension_views as views

app_name = "retention_extensions"

urlpatterns = [
    path("", views.extension_list, name="list"),
    path("nieuw/", views.extension_create, name="create"),
    path("<uuid:public_id>/", views.extension_detail, name="detail"),
    path("<uuid:public_id>/beoordelen/", views.extension_decide, name="decide"),
]
