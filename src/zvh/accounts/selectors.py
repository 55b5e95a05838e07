"""Reads about users: what a user starts with after logging in."""

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User
from .roles import RoleCode


@dataclass(frozen=True, slots=True, kw_only=True)
class StartCard:
    """One block on the home page: where a role starts its work."""

    role: RoleCode
    title: str
    text: str
    url: str | None = None
    link_text: str = ""
    #: Further (url, text) links under the main one.
    more: tuple[tuple[str, str], ...] = ()


def start_cards_for(user: User) -> list[StartCard]:
    """One card per role the user holds, in the order of ``RoleCode``; none for a user without
    roles. Veiligheidshuis staff see the name of their own Veiligheidshuis."""
    vh = user.veiligheidshuis
    vh_name = vh.name if vh else ""
    org_name = user.organisation.name if user.organisation else ""
    cards = {
        RoleCode.REGISTRANT: StartCard(
            role=RoleCode.REGISTRANT,
            title=_("Register a person or family"),
            text=_(
                "Register a person or family system at the Veiligheidshuis of their municipality, "
                "and follow the registrations of %(org)s."
            )
            % {"org": org_name},
            url=reverse("registrations:list"),
            link_text=_("Registrations of my organisation"),
        ),
        RoleCode.SCREENER: StartCard(
            role=RoleCode.SCREENER,
            title=_("Meldpunt queue"),
            text=_(
                "Screen the open registrations of %(vh)s against the criteria and decide within "
                "the reply term."
            )
            % {"vh": vh_name},
            url=reverse("triage:queue"),
            link_text=_("Open the queue"),
        ),
        RoleCode.PROCESREGISSEUR: StartCard(
            role=RoleCode.PROCESREGISSEUR,
            title=_("My cases"),
            text=_("Direct the process of the prioritised cases of %(vh)s assigned to you.")
            % {"vh": vh_name},
            url=reverse("casework:list"),
            link_text=_("Open my cases"),
        ),
        RoleCode.MANAGER: StartCard(
            role=RoleCode.MANAGER,
            title=_("Figures"),
            text=_("Registrations, decisions and timeliness of %(vh)s, in aggregate.")
            % {"vh": vh_name},
            url=reverse("reporting:figures"),
            link_text=_("Open the figures"),
        ),
        RoleCode.FUNCTIONAL_ADMIN: StartCard(
            role=RoleCode.FUNCTIONAL_ADMIN,
            title=_("Configuration"),
            text=_(
                "Reply term, outcomes, criteria, life domains, municipalities, target groups, "
                "partner organisations and users of %(vh)s."
            )
            % {"vh": vh_name},
            url=reverse("admin:index"),
            link_text=_("Manage the configuration"),
        ),
        RoleCode.PRIVACY_OFFICER: StartCard(
            role=RoleCode.PRIVACY_OFFICER,
            title=_("Access log"),
            text=_(
                "Review who accessed which file of %(vh)s, and answer requests of data subjects."
            )
            % {"vh": vh_name},
            url=reverse("access_log:log"),
            link_text=_("Open the access log"),
        ),
    }
    extensions = (reverse("retention_extensions:list"), _("Retention extensions"))
    more = {
        RoleCode.SCREENER: (extensions,),
        RoleCode.PROCESREGISSEUR: (extensions,),
        RoleCode.PRIVACY_OFFICER: (
            (reverse("subject_requests:list"), _("Data subject requests")),
            extensions,
        ),
    }
    return [
        replace(cards[role], more=more.get(role, ()))
        for role in RoleCode
        if role in user.role_codes
    ]
