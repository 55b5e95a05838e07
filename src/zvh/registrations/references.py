"""References of submitted registrations: ``<CODE>-<YEAR>-<5 digits>``, e.g. ``MST-2026-00042``."""

from django.db import IntegrityError, transaction

from zvh.network.models import Veiligheidshuis

from .models import ReferenceCounter


def format_reference(*, code: str, year: int, number: int) -> str:
    return f"{code}-{year}-{number:05d}"


def _locked_counter(*, veiligheidshuis: Veiligheidshuis, year: int) -> ReferenceCounter:
    """The counter row of this Veiligheidshuis and year, locked until the caller's transaction
    ends. The first submission of a year creates the row; when two create it at once, the unique
    constraint lets one win and the other simply locks the winner's row."""
    counters = ReferenceCounter.objects.select_for_update()
    counter = counters.filter(veiligheidshuis=veiligheidshuis, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            ReferenceCounter.objects.create(veiligheidshuis=veiligheidshuis, year=year)
    except IntegrityError:
        pass  # another submission created it first; lock theirs
    return counters.get(veiligheidshuis=veiligheidshuis, year=year)


def reference_allocate(*, veiligheidshuis: Veiligheidshuis, year: int) -> str:
    """The next reference of a Veiligheidshuis in a year.

    Must run inside the submitting transaction: the counter row stays locked until it commits,
    so concurrent submissions queue up and get consecutive numbers, and a submission that rolls
    back takes its number back with it (no gaps, no duplicates).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_allocate must run inside the submitting transaction")
    counter = _locked_counter(veiligheidshuis=veiligheidshuis, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(code=veiligheidshuis.code, year=year, number=counter.last_number)
