"""The admin site is the functional administrator's workplace, not a Django staff back door.

Platform superusers see everything; functional administrators see and change only the
configuration of their own Veiligheidshuis (``ScopedAdmin``); nobody else gets in.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zvh.accounts.permissions import may_administer, may_administer_everything


class ZvhAdminSite(admin.AdminSite):
    site_header = _("zvh configuration")
    site_title = _("zvh configuration")
    index_title = _("Configuration of the Veiligheidshuis")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_administer(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Everyone logs in through the one login page (and, later, its second factor)."""
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("login"))


class ScopedAdmin(admin.ModelAdmin):
    """Functional administrators work within their own Veiligheidshuis.

    ``scope_queryset`` narrows the rows to the administrator's Veiligheidshuis; a row outside it
    is not found (404), so it can be neither seen nor changed. ``admin_can_add`` and
    ``admin_can_delete`` say what a functional administrator may do beyond changing.
    """

    admin_can_add = True
    admin_can_delete = True

    def scope_queryset(self, queryset: QuerySet, vh: Any) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if may_administer_everything(request.user):
            return queryset
        if not may_administer(request.user):
            return queryset.none()
        return self.scope_queryset(queryset, request.user.veiligheidshuis)

    def _allowed(self, request: HttpRequest) -> bool:
        return may_administer(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_administer_everything(request.user) or (
            self.admin_can_add and self._allowed(request)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_administer_everything(request.user) or (
            self.admin_can_delete and self._allowed(request)
        )


class ScopedInline:
    """Inline rows follow the permissions of the page they stand on."""

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return may_administer(request.user)

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_view_permission(request, obj)


class OwnHouseChoice:
    """A form whose ``veiligheidshuis`` is chosen offers a functional administrator only their
    own Veiligheidshuis (platform superusers: every one)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "veiligheidshuis" and not request.user.is_superuser:
            own = getattr(request.user, "veiligheidshuis", None)
            kwargs["queryset"] = db_field.related_model.objects.filter(pk=getattr(own, "pk", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class OwnHouseAdmin(OwnHouseChoice, ScopedAdmin):
    """Records that belong to one Veiligheidshuis (their ``veiligheidshuis`` field): a functional
    administrator sees and chooses only their own."""

    def scope_queryset(self, queryset: QuerySet, vh: Any) -> QuerySet:
        return queryset.filter(veiligheidshuis=vh)


admin_site = ZvhAdminSite(name="admin")
