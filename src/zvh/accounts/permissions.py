"""The one place that answers "may this user do X (to this object)?".

Every predicate checks that the user is authenticated and active. Selectors filter with the same
rules, services call :func:`ensure` on them, views, the admin and DRF permission classes only
delegate. A new role or access path is a new predicate here plus its column in the authorisation
matrix (``common/tests/test_authorisation_matrix.py``), never an inline role check elsewhere.

Predicates take the user first and are cheap: ``user.role_codes`` is cached on the instance and
``user.organisation`` / ``user.veiligheidshuis`` are loaded with the session's user
(``accounts.backends.UserBackend``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from .roles import RoleCode

# --------------------------------------------------------------------------------------------
# Building blocks


def is_active_user(user: Any) -> bool:
    """An authenticated, active account (an anonymous user or a disabled account is neither)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(user: Any, role: RoleCode) -> bool:
    """An active user holding ``role`` (whatever organisation it acts for)."""
    return is_active_user(user) and role in user.role_codes


def staff_veiligheidshuis_id(user: Any, role: RoleCode) -> int | None:
    """The id of the Veiligheidshuis for which an active user holds the staff role ``role``;
    None for anyone else (a staff role counts only at a Veiligheidshuis's own organisation)."""
    if not has_role(user, role):
        return None
    vh = user.veiligheidshuis
    return vh.pk if vh is not None else None


def is_staff_of(user: Any, role: RoleCode, veiligheidshuis_id: int | None) -> bool:
    """An active user with staff role ``role`` at that very Veiligheidshuis."""
    own = staff_veiligheidshuis_id(user, role)
    return own is not None and own == veiligheidshuis_id


def ensure(allowed: bool, message: str = "") -> None:
    """Raise ``PermissionDenied`` (403 in a view, a problem in the API) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)


# --------------------------------------------------------------------------------------------
# Navigation and invitations (issue 14, point 10)


def may_invite_users(user: Any) -> bool:
    """Functional administrators of a Veiligheidshuis (for its staff and partners) and platform
    superusers."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    return staff_veiligheidshuis_id(user, RoleCode.FUNCTIONAL_ADMIN) is not None


def may_invite(user: Any, invitee: Any, *, in_scope: bool) -> bool:
    """``may_invite_users``, for an account that has never logged in, within the inviter's
    scope (``in_scope``: the invitee acts for the Veiligheidshuis's own staff organisation or a
    partner in its network; a superuser's scope is everyone)."""
    return may_invite_users(user) and invitee.last_login is None and (user.is_superuser or in_scope)
