"""Casework pages (mounted at /overleg/)."""

app_name = "cases"

urlpatterns: list = []
