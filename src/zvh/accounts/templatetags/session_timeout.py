"""``{% session_timeout %}``: the session timeout warning dialog (see
``accounts.session_timeout``)."""

from typing import Any

from django import template

from zvh.accounts.session_timeout import dialog_context

register = template.Library()


@register.inclusion_tag("accounts/_session_timeout.html", takes_context=True)
def session_timeout(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {}
    return {**dialog_context(request), "request": request, "csrf_token": context.get("csrf_token")}
