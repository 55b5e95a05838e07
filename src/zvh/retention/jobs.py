"""Retention runs by itself: once a day, at night, through the project's scheduler."""

import datetime as dt

from .services import retention_run

#: Local time from which the daily run is due (quiet hours).
RUN_FROM = dt.time(2, 0)


def retention_job(*, now: dt.datetime) -> int:
    """The scheduled run: removes what has passed its period; returns how many registrations
    went (the access-log purge is counted in its own log event)."""
    return len(retention_run(now=now, dry_run=False).removals)
