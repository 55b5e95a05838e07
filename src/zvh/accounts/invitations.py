"""Inviting a new user: an administrator never types a password for someone else.

Rules:
- An invited account starts without a usable password. The invitation is a link with a token
  made by Django's password-reset machinery (``PasswordResetTokenGenerator``, with its own
  salt): it is bound to the account's password and last login, so it works once (setting the
  password changes the hash) and never after a login; it expires after
  ``PASSWORD_RESET_TIMEOUT`` seconds.
- Only ``permissions.may_invite_user`` users invite, only accounts that have never logged in, within
  their scope; the invitee gets a mail with the link only (``signals.user_invited``: the
  notifications app queues it in the outbox), no name or other personal data.
- Accepting sets the chosen password (the password validators apply) and logs the invitee in
  with the password only, so the next page is the enrolment of their second factor.
"""

import datetime as dt
from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from zvh.network.models import Organisation

from .models import User
from .permissions import ensure, may_invite_user
from .signals import user_invited

log = structlog.get_logger(__name__)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "zvh.accounts.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    """The path of a fresh invitation link for ``user``."""
    return reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


def _in_scope(by: Any, invitee: User) -> bool:
    vh = by.veiligheidshuis
    if vh is None or invitee.organisation_id is None:
        return False
    return (
        Organisation.objects.filter(pk=invitee.organisation_id)
        .filter(Q(veiligheidshuis=vh) | Q(memberships__veiligheidshuis=vh))
        .exists()
    )


def user_invite(*, user: User, by: Any, now: dt.datetime | None = None) -> User:
    """Invite ``user`` (new, or invited before but never logged in) by mail. An account
    without a usable password keeps none until the invitee chooses one; every invitation gets a
    new unusable password, so only the latest link works."""
    ensure(may_invite_user(by, user, in_scope=_in_scope(by, user)))
    if not user.email:
        raise ValidationError({"email": _("Fill in the e-mail address to send the invitation to.")})
    now = now or timezone.now()
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user_invited.send(
            sender=User,
            user=user,
            by=by,
            path=invitation_path(user),
            valid_until=now + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )
    log.info("user_invited", user_id=user.pk, by_id=getattr(by, "pk", None))
    return user


def invitation_accept(*, user: User, token: str, password: str) -> User:
    """Set the invitee's password, once, while the token is valid."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not invitation_tokens.check_token(locked, token):
            raise ValidationError(
                _("This invitation has expired or has already been used."), code="invalid_token"
            )
        locked.set_password(password)
        locked.save(update_fields=["password"])
    log.info("invitation_accepted", user_id=locked.pk)
    return locked
