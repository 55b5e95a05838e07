"""A data subject's report in plain language: the log entries about one person, grouped per
registration of theirs, repeated accesses folded into one line.

Rules:
- A registration is the person's own when an entry about them concerns that registration alone
  (its creation, a view, a change: then every person the entry names is in it). Only their own
  registrations are named, by reference, never by the internal id.
- An entry that concerns several registrations (a list or search result) names only the
  person's own among them; one that names none of theirs is shown without any reference, under
  "other". Nothing about another registration ever reaches the report.
- Within a group, consecutive accesses on the same day by the same organisation and roles, of
  the same kind and for the same purpose fold into one line: "viewed 12 times between 07:54
  and 07:58".
- The purpose is shown in words a data subject understands, not the log's code ("triage").
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import EventType, Purpose
from .models import AccessLogEntry

REGISTRATION = "registration"
#: What the report reads of an entry.
REPORT_COLUMNS = (
    "occurred_at",
    "sequence",
    "organisation_name",
    "roles",
    "event_type",
    "purpose",
    "objects_concerned",
)

#: Why, in the data subject's words.
PLAIN_PURPOSES: dict[str, Promise] = {
    Purpose.REGISTRATION: gettext_lazy("To register you with the Veiligheidshuis"),
    Purpose.TRIAGE: gettext_lazy("To assess whether the Veiligheidshuis can help"),
    Purpose.INFORMATION_REQUEST: gettext_lazy("To ask for or give more information"),
    Purpose.PROCESS_DIRECTION: gettext_lazy("To coordinate the help you get"),
    Purpose.PRIVACY_REVIEW: gettext_lazy("To check that your data is handled with care"),
    Purpose.DATA_SUBJECT_REQUEST: gettext_lazy("To answer your request to see your data"),
    Purpose.ADMINISTRATION: gettext_lazy("To keep the system running"),
    Purpose.RETENTION: gettext_lazy("To remove data after the retention period"),
}


def _once(event_type: str) -> str:
    """What happened once, with ``%(time)s``."""
    phrases: dict[str, str] = {
        EventType.CREATE: _("Recorded at %(time)s"),
        EventType.VIEW: _("Viewed at %(time)s"),
        EventType.UPDATE: _("Edited at %(time)s"),
        EventType.DELETE: _("Removed at %(time)s"),
        EventType.SEARCH: _("Shown in a list or search result at %(time)s"),
        EventType.EXPORT: _("Exported at %(time)s"),
        EventType.PRINT: _("Printed at %(time)s"),
    }
    return phrases.get(event_type, _("Accessed at %(time)s"))


def _repeated(event_type: str) -> str:
    """What happened ``%(count)s`` (two or more) times between ``%(first)s`` and ``%(last)s``."""
    phrases: dict[str, str] = {
        EventType.CREATE: _("Recorded %(count)s times between %(first)s and %(last)s"),
        EventType.VIEW: _("Viewed %(count)s times between %(first)s and %(last)s"),
        EventType.UPDATE: _("Edited %(count)s times between %(first)s and %(last)s"),
        EventType.DELETE: _("Removed %(count)s times between %(first)s and %(last)s"),
        EventType.SEARCH: _(
            "Shown in a list or search result %(count)s times between %(first)s and %(last)s"
        ),
        EventType.EXPORT: _("Exported %(count)s times between %(first)s and %(last)s"),
        EventType.PRINT: _("Printed %(count)s times between %(first)s and %(last)s"),
    }
    return phrases.get(event_type, _("Accessed %(count)s times between %(first)s and %(last)s"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportLine:
    """One line of the report: one access, or several alike folded."""

    day: dt.date
    first: dt.datetime
    last: dt.datetime
    count: int
    organisation: str
    roles: str
    event_type: str
    purpose: str

    @property
    def what(self) -> str:
        if self.count == 1:
            return _once(self.event_type) % {"time": f"{self.first:%H:%M}"}
        return _repeated(self.event_type) % {
            "count": self.count,
            "first": f"{self.first:%H:%M}",
            "last": f"{self.last:%H:%M}",
        }

    @property
    def why(self) -> str:
        plain = PLAIN_PURPOSES.get(self.purpose)
        return str(plain) if plain is not None else self.purpose

    def folds(self, other: "ReportLine") -> bool:
        return (self.day, self.organisation, self.roles, self.event_type, self.purpose) == (
            other.day,
            other.organisation,
            other.roles,
            other.event_type,
            other.purpose,
        )


@dataclass(slots=True, kw_only=True)
class ReportGroup:
    """The accesses concerning one registration of the person (``reference`` "" for a draft
    without one yet), or, with ``registration`` False, everything else."""

    registration: bool
    reference: str = ""
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def accesses(self) -> int:
        return sum(line.count for line in self.lines)

    def add(self, line: ReportLine) -> None:
        if self.lines and self.lines[-1].folds(line):
            previous = self.lines[-1]
            self.lines[-1] = replace(previous, count=previous.count + line.count, last=line.last)
            return
        self.lines.append(line)


def _registration_ids(entry: AccessLogEntry) -> list[str]:
    return [
        str(obj.get("id")) for obj in entry.objects_concerned if obj.get("type") == REGISTRATION
    ]


def own_registrations(entries: Iterable[AccessLogEntry]) -> dict[str, str]:
    """The person's own registrations (id → reference, "" while a draft): those an entry about
    them concerns alone."""
    own: dict[str, str] = {}
    for entry in entries:
        registrations = [o for o in entry.objects_concerned if o.get("type") == REGISTRATION]
        if len(registrations) == 1:
            obj = registrations[0]
            own[str(obj.get("id"))] = obj.get("ref") or own.get(str(obj.get("id")), "")
    return own


def subject_report_groups(entries: Iterable[AccessLogEntry]) -> list[ReportGroup]:
    """The report's groups: the person's registrations in the order they first appear, then
    "other" (if anything is in it). ``entries`` are about the person, oldest first."""
    entries = list(entries)
    own = own_registrations(entries)
    groups: dict[str, ReportGroup] = {}
    other = ReportGroup(registration=False)
    for entry in entries:
        at = localtime(entry.occurred_at)
        line = ReportLine(
            day=at.date(),
            first=at,
            last=at,
            count=1,
            organisation=entry.organisation_name,
            roles=", ".join(entry.role_labels),
            event_type=entry.event_type,
            purpose=entry.purpose,
        )
        mine = [rid for rid in _registration_ids(entry) if rid in own]
        if not mine:
            other.add(line)
        for rid in mine:
            group = groups.setdefault(rid, ReportGroup(registration=True, reference=own[rid]))
            group.add(line)
    result = list(groups.values())
    if other.lines:
        result.append(other)
    return result
