"""The functional administrator's screens: the outbox (pending, failed, sent; retry) and the
mail templates (edit with validation, preview with example data), both scoped to their own
Veiligheidshuis."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zvh.accounts.admin_site import ScopedAdmin, admin_site

from .keys import VARIABLES
from .models import MailTemplate, OutgoingMail
from .outbox import outbox_retry
from .template_services import mail_template_preview


@admin.register(OutgoingMail, site=admin_site)
class OutgoingMailAdmin(ScopedAdmin):
    """Read-only: mails are written by zvh, not by hand. Failed mails can be retried."""

    admin_can_add = False
    admin_can_delete = False
    list_display = [
        "created_at",
        "template_key",
        "reference",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "template_key"]
    search_fields = ["reference"]
    actions = ["retry"]
    fields = [
        "status",
        "template_key",
        "language",
        "reference",
        "veiligheidshuis",
        "recipients",
        "subject",
        "body",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "message_id",
    ]
    readonly_fields = fields

    def scope_queryset(self, queryset: QuerySet, vh: Any) -> QuerySet:
        return queryset.filter(veiligheidshuis=vh)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # viewing only; the retry action is its own permission

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    @admin.action(description=_("Retry the selected failed mails"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = outbox_retry(mails=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed mail will be sent again.",
                "%(count)d failed mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["veiligheidshuis", "key", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16, "cols": 90})}


@admin.register(MailTemplate, site=admin_site)
class MailTemplateAdmin(ScopedAdmin):
    form = MailTemplateForm
    list_display = ["key", "language", "veiligheidshuis", "updated_at"]
    list_filter = ["key", "language"]
    readonly_fields = ["variables", "preview"]
    fields = ["veiligheidshuis", "key", "language", "subject", "body", "variables", "preview"]

    def scope_queryset(self, queryset: QuerySet, vh: Any) -> QuerySet:
        return queryset.filter(veiligheidshuis=vh)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "veiligheidshuis" and not request.user.is_superuser:
            vh = request.user.veiligheidshuis
            kwargs["queryset"] = db_field.related_model.objects.filter(pk=getattr(vh, "pk", None))
            kwargs["initial"] = vh
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("variables you can use"))
    def variables(self, obj: MailTemplate | None) -> str:
        if obj is None or not obj.key:
            return "—"
        return ", ".join(f"{{{{ {name} }}}}" for name in sorted(VARIABLES[obj.key]))

    @admin.display(description=_("preview with example data"))
    def preview(self, obj: MailTemplate | None) -> str:
        if obj is None or not obj.pk:
            return _("Save the template to see a preview.")
        try:
            rendered = mail_template_preview(template=obj)
        except ValidationError as error:
            return "; ".join(error.messages)
        return format_html(
            '<pre class="mail-preview">{}\n\n{}</pre>', rendered.subject, rendered.body
        )
