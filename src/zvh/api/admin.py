"""Functional administrators manage the API clients of the organisations in their network."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zvh.accounts.admin import organisations_in_scope
from zvh.accounts.admin_site import ScopedAdmin, admin_site
from zvh.accounts.roles import RoleCode
from zvh.network.models import Organisation, Veiligheidshuis

from .models import ApiClient
from .services import api_client_create, api_client_revoke
from .validation import API_CLIENT_ROLES, MAX_VALID_DAYS, validate_new_api_client

TOKEN_ATTRIBUTE = "_zvh_new_token"  # noqa: S105 (an attribute name)


class ApiClientAddForm(forms.ModelForm):
    valid_days = forms.IntegerField(
        label=_("valid for (days)"), min_value=1, max_value=MAX_VALID_DAYS, initial=365
    )
    role = forms.ChoiceField(
        label=_("acts as"),
        choices=[(str(role), RoleCode(role).label) for role in API_CLIENT_ROLES],
        initial=str(RoleCode.REGISTRANT),
        required=False,  # left out: registrant
        help_text=_(
            "A registrant registers for its organisation; a screener is the meldpunt of a "
            "Veiligheidshuis (only for a Veiligheidshuis's own staff)."
        ),
    )

    class Meta:
        model = ApiClient
        fields = ["organisation", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["role"] = data.get("role") or str(RoleCode.REGISTRANT)
        organisation, name, days, role = (
            data.get(f) for f in ("organisation", "name", "valid_days", "role")
        )
        if organisation is not None and name is not None and days is not None and role:
            try:
                validate_new_api_client(
                    organisation=organisation, name=name, valid_days=days, role=role
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(ApiClient, site=admin_site)
class ApiClientAdmin(ScopedAdmin):
    """List, create (the token is shown once, on the page after saving) and revoke. A client is
    never deleted: its service user appears in the access log."""

    admin_can_delete = False
    list_display = [
        "name",
        "organisation",
        "acts_as",
        "prefix",
        "state",
        "expires_at",
        "last_used_at",
    ]
    list_filter = ["organisation"]
    search_fields = ["name", "prefix", "organisation__name"]
    actions = ["revoke"]
    readonly_fields = [
        "organisation",
        "prefix",
        "user",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]

    def scope_queryset(self, queryset: QuerySet, vh: Veiligheidshuis) -> QuerySet:
        return queryset.filter(organisation__in=organisations_in_scope(vh))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("organisation", "user")

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiClientAddForm
            kwargs["fields"] = ["organisation", "name", "valid_days", "role"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["organisation", "name", "valid_days", "role"]
        return ["name", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organisation":
            queryset = Organisation.objects.all()
            if not request.user.is_superuser:
                queryset = organisations_in_scope(request.user.veiligheidshuis)
            kwargs["queryset"] = queryset.order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        obj = super().save_form(request, form, change)
        if not change:
            obj._valid_days = form.cleaned_data["valid_days"]
            obj._role = form.cleaned_data["role"]
        return obj

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        client, token = api_client_create(
            organisation=obj.organisation,
            name=obj.name,
            valid_days=obj._valid_days,
            now=timezone.now(),
            role=obj._role,
        )
        for field in ApiClient._meta.concrete_fields:
            setattr(obj, field.attname, getattr(client, field.attname))
        obj._state.adding = False
        setattr(request, TOKEN_ATTRIBUTE, token)

    def response_add(self, request: HttpRequest, obj: ApiClient, *args: Any) -> HttpResponse:
        """Show the token once, on this response only; it is never stored or shown again."""
        token = getattr(request, TOKEN_ATTRIBUTE, None)
        if token is None:
            return super().response_add(request, obj, *args)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "client": obj,
            "token": token,
            "title": _("API client created"),
        }
        return TemplateResponse(request, "api/admin/token_created.html", context)

    @admin.display(description=_("acts as"))
    def acts_as(self, obj: ApiClient) -> str:
        return ", ".join(sorted(str(RoleCode(code).label) for code in obj.user.role_codes))

    @admin.display(description=_("state"))
    def state(self, obj: ApiClient) -> str:
        if obj.revoked_at is not None:
            return str(_("revoked"))
        if obj.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("active"))

    @admin.action(description=_("Revoke the selected API clients"))
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        now = timezone.now()
        count = 0
        for client in queryset.filter(revoked_at__isnull=True):
            api_client_revoke(client=client, now=now)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d API client revoked.", "%(count)d API clients revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
