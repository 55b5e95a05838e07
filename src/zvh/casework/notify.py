"""The casework mails: reference, date and link only (see ``zvh.notifications``)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from zvh.notifications.keys import MailKey
from zvh.notifications.services import absolute_url, send_templated

from .calendar import CANCEL, REQUEST, ics_attachment, meeting_ics
from .models import AgendaItem, Agreement, Invitation, Meeting


def item_url(item: AgendaItem) -> str:
    return absolute_url(reverse("cases:item", args=[item.public_id]))


def _location(meeting: Meeting) -> str:
    return " · ".join(part for part in (meeting.place, meeting.video_link) if part)


def invitation_ics(invitation: Invitation, *, method: str = REQUEST) -> str:
    item, meeting = invitation.item, invitation.item.meeting
    return meeting_ics(
        uid=f"{meeting.ical_uid}-{invitation.public_id}",
        sequence=meeting.sequence,
        method=method,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.kind.name} {item.case.reference}",
        location=_location(meeting),
        url=item_url(item),
        stamp=timezone.now(),
        organiser_email=meeting.veiligheidshuis.meldpunt_email,
    )


def notify_invitation(invitation: Invitation, *, key: str = MailKey.MEETING_INVITATION) -> None:
    """Mail one invitee (new, changed or cancelled) with the calendar part. One mail per
    invitation and SEQUENCE: a repeat of the same event is not queued twice."""
    item, meeting = invitation.item, invitation.item.meeting
    method = CANCEL if key == MailKey.MEETING_CANCELLED else REQUEST
    send_templated(
        template=key,
        to=[invitation.user.email],
        context={
            "veiligheidshuis_obj": meeting.veiligheidshuis,
            "case_reference": item.case.reference,
            "meeting_at": meeting.starts_at,
            "url": item_url(item),
        },
        idempotency_key=f"{key}:{invitation.public_id}:s{meeting.sequence}",
        attachments=[ics_attachment(invitation_ics(invitation, method=method), method=method)],
    )


def notify_agreement(agreement: Agreement, *, key: str, to: list[str], today: date) -> None:
    """A reminder to the owner, or the overdue signal to the chair and procesregisseurs."""
    send_templated(
        template=key,
        to=to,
        context={
            "veiligheidshuis_obj": agreement.case.veiligheidshuis,
            "case_reference": agreement.case.reference,
            "due_on": agreement.due_on,
            "url": absolute_url(
                reverse("cases:actions")
                if key == MailKey.AGREEMENT_REMINDER or agreement.item is None
                else reverse("cases:item", args=[agreement.item.public_id])
            ),
        },
        idempotency_key=f"{key}:{agreement.public_id}:{agreement.due_on}",
    )


def notify_registrants_of_outcome(item: AgendaItem) -> None:
    """Tell the registrants of the case's registrations that the consultation has an outcome
    (reference and link only)."""
    for link in item.case.links.select_related("registration__veiligheidshuis"):
        registration = link.registration
        registrant = registration.registrant
        address = registration.contact_email or (registrant.email if registrant else "")
        send_templated(
            template=MailKey.CASE_OUTCOME,
            to=[address],
            context={
                "registration": registration,
                "url": absolute_url(reverse("registrations:detail", args=[registration.public_id])),
            },
            idempotency_key=f"case_outcome:{item.public_id}:{registration.public_id}",
        )
