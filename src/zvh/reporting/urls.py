from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("export/", views.figures_export, name="export"),
    path("export/xlsx/", views.figures_export_xlsx, name="export_xlsx"),
]
