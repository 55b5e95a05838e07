"""What the intake does when something happens to a registration it made."""

from typing import Any

from django.conf import settings
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from zvh.registrations.signals import meldpunt_draft_discarding

from .services import inbound_mails_draft_discarded


@receiver(meldpunt_draft_discarding, dispatch_uid="intake_reject_mail_of_discarded_draft")
def _reject_the_mail(sender: Any, *, registration, by, reason, now, client_address, **_kw) -> None:
    """A draft the meldpunt deletes: the mail it was made of becomes a rejected mail, with the
    reason (in the site's language: the note is stored text)."""
    with translation.override(settings.LANGUAGE_CODE):
        note = _("The meldpunt deleted the draft registration: %(reason)s") % {
            "reason": reason.label
        }
    inbound_mails_draft_discarded(
        registration=registration, by=by, note=note, now=now, client_address=client_address
    )
