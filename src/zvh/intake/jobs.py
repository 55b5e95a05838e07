"""The e-mail intake's nightly retention, through the project's scheduler."""

import datetime as dt

from .services import intake_retention_run

#: Local time from which the daily run is due (after the registrations' retention at 02:00, so
#: mails of registrations removed tonight go tonight).
RUN_FROM = dt.time(2, 30)


def intake_retention_job(*, now: dt.datetime) -> int:
    return intake_retention_run(now=now)
