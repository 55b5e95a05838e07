"""User management for functional administrators: their own staff and partners."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zvh.common.admin_site import ScopedAdmin, admin_site
from zvh.network.models import Organisation, Veiligheidshuis

from .models import User
from .second_factor import second_factor_reset
from .validation import validate_roles_for_organisation


def organisations_in_scope(vh: Veiligheidshuis) -> QuerySet[Organisation]:
    """A Veiligheidshuis's own staff organisation and the partners in its network."""
    return Organisation.objects.filter(
        Q(veiligheidshuis=vh) | Q(memberships__veiligheidshuis=vh)
    ).distinct()


class RolesCheckMixin(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        roles = data.get("roles")
        if roles is not None and "organisation" in data:
            try:
                validate_roles_for_organisation(
                    organisation=data.get("organisation"), roles=[role.code for role in roles]
                )
            except ValidationError as error:
                self.add_error("roles", error)
        return data


@admin.register(User, site=admin_site)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    admin_can_delete = False  # accounts are deactivated, never deleted: the access log names them
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["is_active", "roles", "organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    filter_horizontal = ["roles"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email", "phone"]}),
        (_("Works for"), {"fields": ["organisation", "roles", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    superuser_fieldsets = [
        *fieldsets,
        (_("Platform"), {"fields": ["is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "organisation",
                    "roles",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (the user enrols again at next login)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet) -> None:
        """For a lost phone. Only users in the administrator's own scope can be selected."""
        count = sum(
            1 for user in queryset if second_factor_reset(user=user, by=request.user) or True
        )
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset.",
                "The second factors of %(count)d users were reset.",
                count,
            )
            % {"count": count},
        )

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (RolesCheckMixin, form), {})

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.fieldsets

    def scope_queryset(self, queryset: QuerySet, vh: Veiligheidshuis) -> QuerySet:
        return queryset.filter(organisation__in=organisations_in_scope(vh), is_superuser=False)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = organisations_in_scope(request.user.veiligheidshuis)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
