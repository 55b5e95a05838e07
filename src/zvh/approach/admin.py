"""The functional administrator configures the integrated approach of their Veiligheidshuis:
the caseload's signals, the labels of the five-point scale, the measures of drang and dwang, the
routes of escalation and handing back."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from zvh.accounts.admin_site import ScopedAdmin, admin_site
from zvh.network.models import Veiligheidshuis

from .models import ApproachSettings, EscalationRoute, Measure, ScaleLevel


class _HouseAdmin(ScopedAdmin):
    def scope_queryset(self, queryset: QuerySet, vh: Veiligheidshuis) -> QuerySet:
        return queryset.filter(veiligheidshuis=vh)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        house = getattr(request.user, "veiligheidshuis", None)
        if db_field.name == "veiligheidshuis" and not request.user.is_superuser:
            kwargs["queryset"] = Veiligheidshuis.objects.filter(pk=house.pk if house else 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ApproachSettings, site=admin_site)
class ApproachSettingsAdmin(_HouseAdmin):
    admin_can_delete = False
    list_display = [
        "veiligheidshuis",
        "inactivity_weeks",
        "evaluation_due_days",
        "evaluation_interval_weeks",
        "aftercare_check_months",
    ]


@admin.register(ScaleLevel, site=admin_site)
class ScaleLevelAdmin(_HouseAdmin):
    """The five points are fixed (1 to 5); their labels are the house's."""

    admin_can_add = False
    admin_can_delete = False
    list_display = ["veiligheidshuis", "value", "label"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["veiligheidshuis", "value"] if obj is not None else []


@admin.register(Measure, site=admin_site)
class MeasureAdmin(_HouseAdmin):
    admin_can_delete = False
    list_display = ["veiligheidshuis", "position", "name", "legal_framework", "active"]


@admin.register(EscalationRoute, site=admin_site)
class EscalationRouteAdmin(_HouseAdmin):
    """Routes are switched off, not deleted (escalations refer to them)."""

    admin_can_delete = False
    list_display = [
        "veiligheidshuis",
        "kind",
        "position",
        "name",
        "form",
        "receiving_party",
        "active",
    ]
