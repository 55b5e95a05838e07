"""Calendar invitations (iCalendar, RFC 5545/5546) for meetings, built with ``icalendar``.

An invitation carries the meeting's time and place (or video link), the case reference and a
link into zvh, never a person's name or problems. Every change invitees are told about sends
the same UID with a higher SEQUENCE; a cancellation is METHOD:CANCEL with STATUS:CANCELLED.
"""

from datetime import datetime

import icalendar

REQUEST, CANCEL = "REQUEST", "CANCEL"


def meeting_ics(
    *,
    uid: str,
    sequence: int,
    method: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str,
    url: str,
    stamp: datetime,
    organiser_email: str = "",
) -> str:
    """The VCALENDAR text of one meeting for one invitee."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//zvh//casework//NL")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("description", url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    if organiser_email:
        event.add("organizer", f"mailto:{organiser_email}")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def ics_attachment(content: str, *, method: str) -> dict[str, str]:
    """The outbox's attachment record of an invitation."""
    return {
        "filename": "uitnodiging.ics",
        "content_type": "text/calendar",
        "content": content,
        "method": method,
    }
