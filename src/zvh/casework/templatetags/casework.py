"""The casework block of the home page: the planners' link, the agenda items the user is
invited to, and their organisation's open actions (references and dates only)."""

from typing import Any

from django import template
from django.utils import timezone

from zvh.casework import selectors

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
