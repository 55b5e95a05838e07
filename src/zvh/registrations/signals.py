"""Signals of registrations, for the apps built on them (registrations does not know those)."""

from django.dispatch import Signal

#: Sent by ``discarding.meldpunt_draft_discard`` inside its transaction, on the locked draft,
#: just before the draft is deleted, with ``registration``, ``by`` (the screener), ``reason``
#: (a ``DiscardReason``), ``now`` and ``http_request`` (or None). A receiver settles its own
#: records about the draft in that transaction (the e-mail intake: the mail it was made of); an
#: exception from a receiver rolls the whole discard back.
meldpunt_draft_discarding = Signal()

#: Sent by ``registration_submit`` inside its transaction, right after the move to "received",
#: with ``registration`` (the submitted registration). The notifications app answers it with
#: the acknowledgement and the meldpunt's mail, stored in the outbox in the same transaction, so
#: a submission that rolls back sends nothing; an exception from a receiver rolls it back too.
registration_submitted = Signal()
