"""The stored access report's rows as the letter and the detail page show them (labels in the
reader's language, times in Dutch local time)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zvh.access_log.enums import OBJECT_KINDS, EventType, Purpose
from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ

from .enums import RequestKind

#: The subject line of the answer letter, per kind of request.
LETTER_SUBJECTS = {
    RequestKind.ACCESS: _("Your request for access to your personal data"),
    RequestKind.RECTIFICATION: _("Your request for rectification of your personal data"),
    RequestKind.ERASURE: _("Your request for erasure of your personal data"),
    RequestKind.RESTRICTION: _("Your request to restrict the processing of your personal data"),
    RequestKind.OBJECTION: _("Your objection to the processing of your personal data"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportLine:
    at: dt.datetime
    organisation: str
    roles: str
    event: str
    purpose: str
    files: str


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def report_lines(rows: list[dict]) -> list[ReportLine]:
    return [
        ReportLine(
            at=dt.datetime.fromisoformat(row["at"]).astimezone(LOCAL_TZ),
            organisation=row.get("organisation") or "—",
            roles=", ".join(
                _label(RoleCode, code) for code in filter(None, row.get("roles", "").split(","))
            )
            or "—",
            event=_label(EventType, row.get("event", "")),
            purpose=_label(Purpose, row.get("purpose", "")),
            files=", ".join(
                f"{OBJECT_KINDS.get(obj.get('type'), obj.get('type'))} {obj.get('ref')}"
                for obj in row.get("objects", [])
            )
            or "—",
        )
        for row in rows
    ]
