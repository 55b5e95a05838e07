"""Signals of accounts, for the apps built on them (accounts does not know those)."""

from django.dispatch import Signal

#: Sent by ``invitations.user_invite`` inside its transaction with ``user`` (the invitee),
#: ``by`` (the administrator), ``path`` (the invitation link's path, token included) and
#: ``valid_until`` (aware datetime). The notifications app queues the invitation mail in that
#: transaction; an exception from a receiver rolls the invitation back.
user_invited = Signal()
