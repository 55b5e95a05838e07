"""Writes of API clients: create (the token is returned once), revoke, note use."""

from datetime import datetime, timedelta

import structlog
from django.db import transaction
from django.db.models import Q

from zvh.accounts.roles import RoleCode
from zvh.accounts.services import user_upsert
from zvh.network.models import Organisation

from .models import ApiClient, IdempotencyRecord
from .tokens import new_token
from .validation import validate_new_api_client

log = structlog.get_logger(__name__)

#: ``last_used_at`` is written at most this often per client.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_client_create(
    *,
    organisation: Organisation,
    name: str,
    valid_days: int,
    now: datetime,
    role: RoleCode | str = RoleCode.REGISTRANT,
) -> tuple[ApiClient, str]:
    """Create a client acting for ``organisation`` and return it with its token.

    The token is returned only here and stored only as a hash (rules: ``validate_new_api_client``).
    The client gets its own service user holding exactly one role of the organisation: the
    registrant role (the default), or the screener role for a Veiligheidshuis's own staff (a
    meldpunt system). That user has no usable password and cannot log in to the web interface.
    """
    validate_new_api_client(organisation=organisation, name=name, valid_days=valid_days, role=role)
    name = name.strip()
    token = new_token()
    with transaction.atomic():
        user = user_upsert(
            username=f"api-{token.prefix}",
            organisation=organisation,
            roles=[RoleCode(role)],
            first_name="API",
            last_name=name[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        client = ApiClient.objects.create(
            organisation=organisation,
            name=name,
            user=user,
            prefix=token.prefix,
            token_hash=token.token_hash,
            expires_at=now + timedelta(days=valid_days),
        )
    log.info(
        "api_client_created",
        api_client_id=client.pk,
        organisation_id=organisation.pk,
        role=str(role),
    )
    return client, token.token


def api_client_revoke(*, client: ApiClient, now: datetime) -> ApiClient:
    """Revoke a client for good (a revoked client is never valid again) and deactivate its
    service user. Revoking twice keeps the first moment."""
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client.pk)
        if client.revoked_at is None:
            client.revoked_at = now
            client.save(update_fields=["revoked_at"])
            client.user.is_active = False
            client.user.save(update_fields=["is_active"])
            log.info("api_client_revoked", api_client_id=client.pk)
    return client


def api_client_note_use(*, client: ApiClient, now: datetime) -> None:
    """Record that a client was used, at most once per ``LAST_USED_RESOLUTION``."""
    if client.last_used_at is not None and now - client.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiClient.objects.filter(pk=client.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    client.last_used_at = now


def idempotency_records_purge(*, older_than: datetime) -> int:
    """Forget stored responses created before ``older_than``; returns how many. A key used again
    after its record was purged is treated as a new request."""
    deleted, _details = IdempotencyRecord.objects.filter(created_at__lt=older_than).delete()
    return deleted
