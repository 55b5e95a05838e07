"""The mails zvh sends, and which values each template may use.

A template sees only values that carry no personal data: the reference, dates, links, counts and
the Veiligheidshuis's name. Nothing else is ever put into a template's context.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKey(models.TextChoices):
    RECEIVED = "received", _("Acknowledgement to the registrant")
    NEW_REGISTRATION = "new_registration", _("New registration, to the meldpunt")
    INFORMATION_REQUESTED = "information_requested", _("Request for information")
    INFORMATION_ANSWERED = "information_answered", _("Answer to a request for information")
    DECIDED = "decided", _("Decision")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder to the meldpunt")
    DEADLINE_ESCALATION = "deadline_escalation", _("Escalation of a passed deadline")
    SCREENER_DIGEST = "screener_digest", _("Daily digest for screeners")
    MEETING_INVITATION = "meeting_invitation", _("Invitation to a case consultation")
    MEETING_UPDATED = "meeting_updated", _("Changed case consultation")
    MEETING_CANCELLED = "meeting_cancelled", _("Cancelled case consultation")
    AGREEMENT_REMINDER = "agreement_reminder", _("Reminder of an agreement's due date")
    AGREEMENT_OVERDUE = "agreement_overdue", _("Overdue agreement, to the chair")
    CASE_OUTCOME = "case_outcome", _("Outcome of a consultation, to the registrant")
    SUBJECT_REQUEST_REMINDER = (
        "subject_request_reminder",
        _("Reminder of a data subject request's term, to the privacy officers"),
    )
    SUBJECT_REQUEST_OVERDUE = (
        "subject_request_overdue",
        _("A data subject request's term has passed, to the privacy officers"),
    )
    INVITATION = "invitation", _("Invitation to a new user")


#: Values every registration mail may use.
_REGISTRATION = frozenset({"reference", "veiligheidshuis", "url", "received_at", "deadline_at"})

#: Values every casework mail may use (a case reference, never a registration's contents).
_MEETING = frozenset({"veiligheidshuis", "url", "case_reference", "meeting_at"})
_AGREEMENT = frozenset({"veiligheidshuis", "url", "case_reference", "due_on"})
#: Values every data-subject request mail may use: its own reference (never the person's), the
#: day its term ends and a link to it.
_SUBJECT_REQUEST = frozenset({"reference", "veiligheidshuis", "url", "due_on"})

#: The context variables each template may use (and nothing else: anything else is refused).
VARIABLES: dict[str, frozenset[str]] = {
    # The invitation link only: no name, username or organisation (accounts.invitations).
    MailKey.INVITATION: frozenset({"veiligheidshuis", "url", "valid_until"}),
    MailKey.RECEIVED: _REGISTRATION,
    # ``urgent``: the registrant marked it urgent (a yes/no, no reason: that is personal data).
    MailKey.NEW_REGISTRATION: _REGISTRATION | {"urgent"},
    MailKey.INFORMATION_REQUESTED: _REGISTRATION | {"asked_at"},
    MailKey.INFORMATION_ANSWERED: _REGISTRATION | {"answered_at"},
    MailKey.DECIDED: _REGISTRATION | {"decided_at"},
    MailKey.DEADLINE_REMINDER: _REGISTRATION | {"working_days_left"},
    MailKey.DEADLINE_ESCALATION: _REGISTRATION | {"working_days_overdue"},
    MailKey.MEETING_INVITATION: _MEETING,
    MailKey.MEETING_UPDATED: _MEETING,
    MailKey.MEETING_CANCELLED: _MEETING,
    MailKey.AGREEMENT_REMINDER: _AGREEMENT,
    MailKey.AGREEMENT_OVERDUE: _AGREEMENT,
    MailKey.CASE_OUTCOME: _REGISTRATION,
    MailKey.SCREENER_DIGEST: frozenset(
        {
            "veiligheidshuis",
            "url",
            "today",
            "open_count",
            "due_soon_count",
            "overdue_count",
            "waiting_count",
            # Phone calls and e-mails the meldpunt has yet to complete and submit (a count).
            "drafts_count",
            # Open registrations marked urgent (a count).
            "urgent_count",
            # A list of {reference, deadline_at, working_days_left, url, urgent}.
            "items",
        }
    ),
    MailKey.SUBJECT_REQUEST_REMINDER: _SUBJECT_REQUEST | {"days_left"},
    MailKey.SUBJECT_REQUEST_OVERDUE: _SUBJECT_REQUEST | {"days_overdue"},
}
