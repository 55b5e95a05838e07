"""The functional administrator's screens for the network configuration."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zvh.accounts.admin_site import (
    OwnHouseAdmin,
    OwnHouseChoice,
    ScopedAdmin,
    ScopedInline,
    admin_site,
)

from .models import (
    CovenantMembership,
    LifeDomain,
    Municipality,
    Organisation,
    SelectionCriterion,
    TargetGroup,
    Veiligheidshuis,
)
from .validation import validate_criteria, validate_life_domains, validate_target_group_scope


class OrderedItemsFormSet(forms.BaseInlineFormSet):
    """Checks the whole list (criteria or life domains) with the rule from ``validation``."""

    value_field: str
    rule: Any

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        values = [
            form.cleaned_data[self.value_field]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        positions = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(set(positions)) != len(positions):
            raise ValidationError(_("Two rows have the same position."))
        type(self).rule(values)


class CriteriaFormSet(OrderedItemsFormSet):
    value_field = "text"
    rule = staticmethod(validate_criteria)


class LifeDomainsFormSet(OrderedItemsFormSet):
    value_field = "name"
    rule = staticmethod(validate_life_domains)


class SelectionCriterionInline(ScopedInline, admin.TabularInline):
    model = SelectionCriterion
    formset = CriteriaFormSet
    extra = 0
    fields = ["position", "text"]


class LifeDomainInline(ScopedInline, admin.TabularInline):
    model = LifeDomain
    formset = LifeDomainsFormSet
    extra = 0
    fields = ["position", "name"]


@admin.register(Veiligheidshuis, site=admin_site)
class VeiligheidshuisAdmin(ScopedAdmin):
    """A functional administrator changes their own Veiligheidshuis; only a platform superuser
    adds or removes one."""

    admin_can_add = False
    admin_can_delete = False
    list_display = ["name", "code", "region", "reply_term_display"]
    inlines = [SelectionCriterionInline, LifeDomainInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "region", "meldpunt_email"]}),
        (
            _("Procedure"),
            {
                "fields": [
                    ("reply_term_amount", "reply_term_unit"),
                    "offered_outcomes",
                    "intake_channels",
                ]
            },
        ),
    ]

    def scope_queryset(self, queryset: QuerySet, vh: Veiligheidshuis) -> QuerySet:
        return queryset.filter(pk=vh.pk)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The short code is part of every reference already issued.
        return [] if request.user.is_superuser else ["code"]

    @admin.display(description=_("reply term"))
    def reply_term_display(self, obj: Veiligheidshuis) -> str:
        return f"{obj.reply_term_amount} {obj.get_reply_term_unit_display()}"


@admin.register(Municipality, site=admin_site)
class MunicipalityAdmin(OwnHouseAdmin):
    admin_can_delete = False
    list_display = ["name", "cbs_code", "veiligheidshuis"]
    search_fields = ["name", "cbs_code"]


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = ["veiligheidshuis", "code", "name", "municipalities"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        vh, municipalities = data.get("veiligheidshuis"), data.get("municipalities")
        if vh and municipalities is not None:
            try:
                validate_target_group_scope(veiligheidshuis=vh, municipalities=municipalities)
            except ValidationError as error:
                self.add_error("municipalities", error)
        return data


@admin.register(TargetGroup, site=admin_site)
class TargetGroupAdmin(OwnHouseAdmin):
    form = TargetGroupForm
    list_display = ["name", "veiligheidshuis", "municipality_names"]
    list_filter = ["veiligheidshuis"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("municipalities")

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "municipalities":
            queryset = Municipality.objects.filter(veiligheidshuis__isnull=False)
            if not request.user.is_superuser:
                queryset = queryset.filter(veiligheidshuis=request.user.veiligheidshuis)
            kwargs["queryset"] = queryset.order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("applies to"))
    def municipality_names(self, obj: TargetGroup) -> str:
        return ", ".join(m.name for m in obj.municipalities.all())


class CovenantMembershipInline(OwnHouseChoice, ScopedInline, admin.TabularInline):
    model = CovenantMembership
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(veiligheidshuis=request.user.veiligheidshuis)


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(ScopedAdmin):
    """A functional administrator manages the partners in their own network."""

    admin_can_delete = False
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CovenantMembershipInline]

    def scope_queryset(self, queryset: QuerySet, vh: Veiligheidshuis) -> QuerySet:
        return queryset.filter(
            Q(memberships__veiligheidshuis=vh) | Q(veiligheidshuis=vh)
        ).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if request.user.is_superuser else ["veiligheidshuis"]
