"""Writes of users and their roles."""

from collections.abc import Iterable

import structlog
from django.db import transaction

from zvh.network.models import Organisation

from .models import Role, User
from .roles import RoleCode
from .validation import validate_roles_for_organisation

log = structlog.get_logger(__name__)


def user_upsert(
    *,
    username: str,
    organisation: Organisation | None,
    roles: Iterable[RoleCode],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
) -> User:
    """Create or update a user acting for ``organisation`` with exactly ``roles``."""
    roles = list(roles)
    validate_roles_for_organisation(organisation=organisation, roles=roles)
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        user.organisation = organisation
        user.first_name, user.last_name, user.email = first_name, last_name, email
        if password is not None:
            user.set_password(password)
        user.full_clean(exclude=["password"] if password is None and created else None)
        user.save()
        user.roles.set(Role.objects.filter(code__in=roles))
    log.info(
        "user_upserted",
        user_id=user.pk,
        created=created,
        roles=sorted(RoleCode(role).value for role in roles),
    )
    return user
