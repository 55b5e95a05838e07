"""``{% registrant_actions %}``: on a registrant's home page, the questions of the meldpunt that
wait for their answer, tagged "action needed" (issue 14). The references shown are logged as a
search (purpose registration), as on the list page."""

from typing import Any

from django import template

from zvh.access_log.enums import EventType, Purpose
from zvh.registrations.access import log_page_read
from zvh.registrations.selectors import registrant_waiting

register = template.Library()

#: At most this many on the home page; the list page shows the rest.
HOME_LIMIT = 10


@register.inclusion_tag("registrations/_action_needed.html", takes_context=True)
def registrant_actions(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"waiting": []}
    waiting = list(registrant_waiting(request.user)[:HOME_LIMIT])
    if waiting:
        log_page_read(
            request,
            registrations=waiting,
            persons=[],
            event_type=EventType.SEARCH,
            purpose=Purpose.REGISTRATION,
        )
    return {"waiting": waiting}
