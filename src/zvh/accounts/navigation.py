"""The header menu: each role's work areas, and where a user lands after logging in.

Rules:
- A user sees the work areas of the roles they hold (``permissions.has_role``), in the order of
  ``RoleCode``; a user with several roles also gets "Overview" (the home page's cards) first.
- A user with exactly one role lands on that role's first work area after logging in (and the
  product name in the header leads there); everyone else lands on the overview.
- Nothing here queries the database: the roles are cached on the user and the URLs are
  reversed by name.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import has_role, is_active_user
from .roles import RoleCode


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkArea:
    label: Promise
    url_name: str


#: Each role's work areas, the first being where a user with only that role lands.
WORK_AREAS: dict[RoleCode, tuple[WorkArea, ...]] = {
    RoleCode.REGISTRANT: (
        WorkArea(label=_("Registrations"), url_name="registrations:list"),
        WorkArea(label=_("New registration"), url_name="registrations:start"),
    ),
    RoleCode.SCREENER: (
        WorkArea(label=_("Queue"), url_name="triage:queue"),
        WorkArea(label=_("Incoming e-mail"), url_name="intake:list"),
    ),
    RoleCode.PROCESREGISSEUR: (
        WorkArea(label=_("My cases"), url_name="casework:list"),
        WorkArea(label=_("My caseload"), url_name="approach:caseload"),
    ),
    RoleCode.MANAGER: (WorkArea(label=_("Figures"), url_name="reporting:figures"),),
    RoleCode.FUNCTIONAL_ADMIN: (
        WorkArea(label=_("Configuration"), url_name="admin:index"),
        WorkArea(label=_("Invite a user"), url_name="admin:accounts_user_add"),
    ),
    RoleCode.PRIVACY_OFFICER: (
        WorkArea(label=_("Access log"), url_name="access_log:log"),
        WorkArea(label=_("Report for a data subject"), url_name="access_log:report"),
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuItem:
    label: str
    url: str
    current: bool = False


def held_roles(user: Any) -> list[RoleCode]:
    return [role for role in RoleCode if has_role(user, role)]


def landing_url_for(user: Any) -> str:
    """Where ``user`` starts: the first work area of their only role, else the overview."""
    roles = held_roles(user)
    if len(roles) == 1:
        return reverse(WORK_AREAS[roles[0]][0].url_name)
    return reverse("home")


def menu_for(user: Any, *, path: str) -> list[MenuItem]:
    """The header menu of ``user`` on the page at ``path``; the item whose URL is the longest
    prefix of ``path`` is the current one (the overview only on itself)."""
    if not is_active_user(user):
        return []
    roles = held_roles(user)
    entries: list[tuple[str, str]] = []
    if len(roles) > 1:
        entries.append((str(_("Overview")), reverse("home")))
    for role in roles:
        entries.extend((str(area.label), reverse(area.url_name)) for area in WORK_AREAS[role])
    home = reverse("home")
    matches = [
        url for _label, url in entries if path == url or (url != home and path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    return [MenuItem(label=label, url=url, current=url == current) for label, url in entries]
