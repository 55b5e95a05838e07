"""Mails sent once per deadline: a notice row, unique per (subject, kind, deadline), is written in
the transaction that queues the mail, so a repeated or concurrent run finds it (or waits for it
and fails to insert) and sends nothing. Used for the reply deadlines of registrations and the
legal terms of data-subject requests."""

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet


def without_notice(
    subjects: QuerySet[Any], notices: QuerySet[Any], *, subject: str, deadline: str
) -> QuerySet[Any]:
    """``subjects`` that have none of ``notices`` (of one kind) for their current deadline, the
    earliest deadline first, with their Veiligheidshuis. ``subject`` is the notices' field naming
    the subject, ``deadline`` the field holding the deadline on both."""
    noticed = notices.filter(**{subject: OuterRef("pk"), deadline: OuterRef(deadline)})
    return (
        subjects.annotate(noticed=Exists(noticed))
        .filter(noticed=False)
        .select_related("veiligheidshuis")
        .order_by(deadline, "pk")
    )


def sent_once(*, notice: Callable[[], object], send: Callable[[], object]) -> bool:
    """Write the notice row (``notice()``) and queue the mail (``send()``) in one transaction;
    False when the row was already there: an earlier or concurrent run sent the mail."""
    try:
        with transaction.atomic():
            notice()
            send()
    except IntegrityError:
        return False
    return True
