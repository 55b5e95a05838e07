"""The casework block of the home page: the planners' link, the agenda items the user is
invited to, and their organisation's open actions (references and dates only)."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.casework import selectors
from zvh.casework.models import AgendaItem

register = template.Library()


@register.inclusion_tag("casework/_home.html", takes_context=True)
def casework_home(context: dict[str, Any]) -> dict[str, Any]:
    user = context["user"]
    if not user.is_authenticated:
        return {"show": False}
    now = timezone.now()
    actions = list(selectors.organisation_actions(user=user).filter(owner=user)[:10])
    return {
        "show": True,
        "staff": selectors.staff_house_id(user) is not None,
        "items": selectors.invitee_items(user=user, now=now),
        "actions": actions,
        "organisation_open": selectors.organisation_actions(user=user).count(),
    }


#: What the registrant reads about an agenda item's outcome (never the minutes).
REGISTRANT_OUTCOME = {
    "next_meeting": _("The case will be discussed again in a later consultation."),
    "integrated_approach": _("The case continues in the integrated approach."),
    "close": _("The case was closed after the consultation."),
}


@register.inclusion_tag("casework/_registrant_outcome.html")
def case_outcome_notice(registration: Any) -> dict[str, Any]:
    """The outcomes of the consultations on the registration's case, for its registrant: the
    date and what follows, nothing of the minutes (one query)."""
    items = (
        AgendaItem.objects.filter(case__links__registration=registration)
        .exclude(outcome="")
        .order_by("-outcome_at")[:5]
    )
    return {
        "notices": [(item.outcome_at, REGISTRANT_OUTCOME.get(item.outcome, "")) for item in items]
    }
