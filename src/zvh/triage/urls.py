from django.urls import path

from . import on_behalf_views, views

app_name = "triage"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("filters/", views.save_filter, name="save_filter"),
    path("filters/<int:pk>/verwijderen/", views.delete_filter, name="delete_filter"),
    path("telefonisch/", on_behalf_views.phone_start, name="phone"),
    path("<uuid:public_id>/aanvullen/", on_behalf_views.draft_edit, name="draft"),
    path("<uuid:public_id>/aanvullen/verwijderen/", on_behalf_views.draft_discard, name="discard"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/toewijzen/", views.assign, name="assign"),
    # the same from the registration's own page (back to that page)
    path("<uuid:public_id>/toewijzing/", views.detail_assign, name="detail_assign"),
    path("<uuid:public_id>/start/", views.start_screening, name="start"),
    path("<uuid:public_id>/informatieverzoek/", views.request_information, name="request"),
    path("<uuid:public_id>/screening/", views.screening, name="screening"),
    path("<uuid:public_id>/besluit/", views.decide, name="decide"),
    path("<uuid:public_id>/besluit/bevestigen/", views.decide_confirm, name="decide_confirm"),
]
