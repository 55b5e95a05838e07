"""The invitation mail of a new user (``accounts.invitations``): the link only."""

import datetime as dt
import uuid
from typing import Any

from zvh.accounts.models import User

from .keys import MailKey
from .models import OutgoingMail
from .services import absolute_url, send_templated


def invitation_mail_send(
    *, user: User, by: Any, path: str, valid_until: dt.datetime
) -> OutgoingMail | None:
    """Queue the invitation in the outbox, in the caller's transaction, in the site's language.
    The body holds the inviting Veiligheidshuis's name, the link and its expiry date."""
    veiligheidshuis = getattr(by, "veiligheidshuis", None)
    return send_templated(
        template=MailKey.INVITATION,
        to=[user.email],
        context={
            "url": absolute_url(path),
            "valid_until": valid_until,
            "veiligheidshuis_obj": veiligheidshuis,
        },
        idempotency_key=f"invitation:{user.pk}:{uuid.uuid4()}",
    )
