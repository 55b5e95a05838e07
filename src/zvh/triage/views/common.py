"""What the meldpunt's pages share: the guard, the error summary (``common.error_summary``) and
"assign to me" as posted from a page."""

from collections.abc import Callable
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import may_use_meldpunt
from zvh.common.client_address import client_address
from zvh.common.error_summary import SummaryItem, error_summary
from zvh.registrations.access import guarded
from zvh.registrations.models import Registration

from .. import queue_services


def meldpunt_only(*, event_type: EventType) -> Callable[[Callable], Callable]:
    """Log in first; then only screeners of a Veiligheidshuis pass (403 for everyone else).
    Refusals (403, 404) are logged as denied ``event_type`` for purpose triage."""
    return guarded(allowed=may_use_meldpunt, event_type=event_type, purpose=Purpose.TRIAGE)


def assign_as_posted(request: HttpRequest, registration: Registration) -> None:
    """Assign ``registration`` to the screener who posts (``to=me``, also taking it over from a
    colleague) or, with ``to=nobody``, take its assignment away (``registration_assign``, which
    asks ``may_assign``); the outcome as a message for the next page."""
    user = cast(User, request.user)
    to = None if request.POST.get("to") == "nobody" else user
    try:
        queue_services.registration_assign(
            registration=registration,
            to=to,
            by=user,
            now=timezone.now(),
            client_address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if to is None:
            messages.success(request, _("%(ref)s is no longer assigned.") % {"ref": registration})
        else:
            messages.success(request, _("%(ref)s is assigned to you.") % {"ref": registration})


__all__ = ["SummaryItem", "assign_as_posted", "error_summary", "meldpunt_only"]
