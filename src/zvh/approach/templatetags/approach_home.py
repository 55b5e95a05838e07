"""Where a partner finds the plans of approach their organisation has a role in (an agreement
it owns or a part shared with it): a card on the home page and a line on the open actions
(branch figures). One count query; nothing when there is no such plan."""

from typing import Any

from django import template

from zvh.accounts.permissions import is_active_user
from zvh.approach import selectors

register = template.Library()


@register.inclusion_tag("approach/_partner_link.html", takes_context=True)
def approach_partner_link(context: dict[str, Any], variant: str = "card") -> dict[str, Any]:
    """``variant`` "card" (the home page) or "line" (the open actions)."""
    user = context.get("user")
    if user is None or not is_active_user(user):
        return {"plans": 0, "variant": variant}
    return {"plans": selectors.partner_plans(user).count(), "variant": variant}
