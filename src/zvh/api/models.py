"""API clients (a partner system acting for one organisation) and the idempotency records of
their POST requests."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.network.models import Organisation


class ApiClient(models.Model):
    """A partner system that acts for one organisation through the API.

    Its token is shown once at creation and stored only as a hash. A client authenticates only
    while it is neither revoked nor expired. Each client has its own service user (registrant of
    the client's organisation) that the API passes as ``by=`` to the services, so every rule and
    the access log treat the partner system like a registrant of that organisation.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("service user"),
    )
    prefix = models.CharField(_("token prefix"), max_length=8, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="api_client_name_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def is_usable(self, *, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class IdempotencyRecord(models.Model):
    """The stored outcome of one POST with an ``Idempotency-Key``, per client and key.

    The row is inserted in the same transaction as the work it guards, so it exists exactly when
    the work was committed; only successful (2xx) responses are kept.
    """

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="idempotency")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response_body = models.JSONField(null=True)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    #: The registration the stored response is about (its public id), so that retention can
    #: remove the copy of its data kept here with it.
    registration_public_id = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
