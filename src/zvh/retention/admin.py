"""The functional administrator sets their Veiligheidshuis's retention periods, and can see
(and, after confirming password and code, apply) what has outlived them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from zvh.accounts.admin_site import OwnHouseAdmin, admin_site
from zvh.common.client_address import client_address
from zvh.common.reauthentication import reauthentication_required
from zvh.network.models import Veiligheidshuis

from .models import RetentionPolicy
from .services import retention_apply


@admin.register(RetentionPolicy, site=admin_site)
class RetentionPolicyAdmin(OwnHouseAdmin):
    """One row per Veiligheidshuis (the shipped defaults until it is added)."""

    admin_can_delete = False
    list_display = [
        "veiligheidshuis",
        "draft_days",
        "refer_elsewhere_months",
        "refer_back_months",
        "consultation_agenda_months",
        "integrated_approach_months",
        "integrated_approach_after_closure",
    ]
    change_list_template = "admin/retention/retentionpolicy/change_list.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.apply_view)
        return [path("apply/", view, name="retention_apply"), *super().get_urls()]

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def apply_view(self, request: HttpRequest) -> HttpResponse:
        """GET: what would go now (a dry run). POST (after re-authentication): remove it."""
        if not self._allowed(request):
            raise PermissionDenied
        if request.method == "POST":
            return _remove(request)
        vh = _scope(request)
        report = retention_apply(now=timezone.now(), dry_run=True, veiligheidshuis=vh)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Apply the retention periods"),
            "report": report,
            "veiligheidshuis": vh,
        }
        return TemplateResponse(request, "admin/retention/retentionpolicy/apply.html", context)


def _scope(request: HttpRequest) -> Veiligheidshuis | None:
    """A functional administrator's own Veiligheidshuis; all of them for a superuser."""
    return None if request.user.is_superuser else request.user.veiligheidshuis


@reauthentication_required
def _remove(request: HttpRequest) -> HttpResponse:
    report = retention_apply(
        now=timezone.now(),
        dry_run=False,
        veiligheidshuis=_scope(request),
        by=request.user,
        client_address=client_address(request),
    )
    count = len(report.removals)
    messages.success(
        request,
        ngettext(
            "%(count)d registration was removed.",
            "%(count)d registrations were removed.",
            count,
        )
        % {"count": count},
    )
    return redirect(reverse("admin:retention_apply"))
