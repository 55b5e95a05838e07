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

from zvh.accounts.admin_site import ScopedAdmin, admin_site
from zvh.network.models import Organisation, Veiligheidshuis

from .invitations import user_invite
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


class InvitationForm(forms.ModelForm):
    """A new user: who they are, for whom they work and their roles; no password. They are
    invited by mail to choose their own (``invitations.user_invite``)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation", "roles"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The invitation to choose a password and set up a second factor is sent here."
        )


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
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
    add_form = InvitationForm
    add_form_template = "admin/change_form.html"
    actions = ["reset_second_factor", "send_invitation"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """A new user is saved without a usable password and invited by mail (in the same
        transaction: no account without its invitation)."""
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        user_invite(user=obj, by=request.user)
        self.message_user(request, _("An invitation has been sent to the e-mail address."))

    @admin.action(description=_("Send a new invitation (for users who never logged in)"))
    def send_invitation(self, request: HttpRequest, queryset: QuerySet) -> None:
        """Only users of the administrator's own scope can be selected; users who have logged in
        before are skipped (they can ask for a reset of their second factor instead)."""
        invited = 0
        for user in queryset.filter(last_login__isnull=True):
            user_invite(user=user, by=request.user)
            invited += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d user was sent a new invitation.",
                "%(count)d users were sent a new invitation.",
                invited,
            )
            % {"count": invited},
        )

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
