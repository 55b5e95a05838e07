"""Reads about users: what a user starts with after logging in."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import User
from .navigation import WORK_AREAS, held_roles
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


#: What each role's card says; ``text`` may name the user's organisation (``%(org)s``) or
#: Veiligheidshuis (``%(vh)s``). The card links to the role's first work area.
CARD_TEXTS: dict[RoleCode, tuple[Promise, Promise, Promise]] = {  # title, text, link text
    RoleCode.REGISTRANT: (
        gettext_lazy("Register a person or family"),
        gettext_lazy(
            "Register a person or family system at the Veiligheidshuis of their municipality, "
            "and follow the registrations of %(org)s."
        ),
        gettext_lazy("Registrations of my organisation"),
    ),
    RoleCode.SCREENER: (
        gettext_lazy("Meldpunt queue"),
        gettext_lazy(
            "Screen the open registrations of %(vh)s against the criteria and decide within "
            "the reply term."
        ),
        gettext_lazy("Open the queue"),
    ),
    RoleCode.PROCESREGISSEUR: (
        gettext_lazy("My cases"),
        gettext_lazy("Direct the process of the prioritised cases of %(vh)s assigned to you."),
        gettext_lazy("Open my cases"),
    ),
    RoleCode.MANAGER: (
        gettext_lazy("Figures"),
        gettext_lazy("Registrations, decisions and timeliness of %(vh)s, in aggregate."),
        gettext_lazy("Open the figures"),
    ),
    RoleCode.FUNCTIONAL_ADMIN: (
        gettext_lazy("Configuration"),
        gettext_lazy(
            "Reply term, outcomes, criteria, life domains, municipalities, target groups, "
            "partner organisations and users of %(vh)s."
        ),
        gettext_lazy("Manage the configuration"),
    ),
    RoleCode.PRIVACY_OFFICER: (
        gettext_lazy("Access log"),
        gettext_lazy(
            "Review who accessed which file of %(vh)s, and answer requests of data subjects."
        ),
        gettext_lazy("Open the access log"),
    ),
}


def start_cards_for(user: User) -> list[StartCard]:
    """One card per role the user holds, in the order of ``RoleCode``; none for a user without
    roles. Veiligheidshuis staff see the name of their own Veiligheidshuis."""
    vh = user.veiligheidshuis
    names = {
        "vh": vh.name if vh else "",
        "org": user.organisation.name if user.organisation else "",
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
    cards = []
    for role in held_roles(user):
        title, text, link_text = CARD_TEXTS[role]
        cards.append(
            StartCard(
                role=role,
                title=str(title),
                text=str(text) % names,
                url=reverse(WORK_AREAS[role][0].url_name),
                link_text=str(link_text),
                more=more.get(role, ()),
            )
        )
    return cards
