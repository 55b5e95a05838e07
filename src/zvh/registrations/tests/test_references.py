"""References are gapless and unique per Veiligheidshuis, also when many arrive at once."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, transaction

from zvh.registrations.models import Channel, ReferenceCounter, Registration
from zvh.registrations.references import format_reference, reference_allocate
from zvh.registrations.services import registration_submit
from zvh.registrations.status import Status

from .conftest import NOW

SUBMITTERS = 8


def test_format():
    assert format_reference(code="MST", year=2026, number=42) == "MST-2026-00042"


@pytest.mark.django_db
def test_each_veiligheidshuis_and_year_counts_on_its_own(houses):
    with transaction.atomic():
        numbers = [
            reference_allocate(veiligheidshuis=houses["MST"], year=2026),
            reference_allocate(veiligheidshuis=houses["STD"], year=2026),
            reference_allocate(veiligheidshuis=houses["MST"], year=2026),
            reference_allocate(veiligheidshuis=houses["MST"], year=2027),
        ]
    assert numbers == ["MST-2026-00001", "STD-2026-00001", "MST-2026-00002", "MST-2027-00001"]


@pytest.mark.django_db(transaction=True)
def test_allocating_outside_a_transaction_is_a_programming_error(houses):
    with pytest.raises(RuntimeError):
        reference_allocate(veiligheidshuis=houses["MST"], year=2026)


@pytest.mark.django_db
def test_a_refused_submission_takes_no_number(make_draft, registrant):
    incomplete = make_draft(reason="")
    with pytest.raises(Exception, match="reden"):
        registration_submit(registration=incomplete, by=registrant, now=NOW)
    submitted = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    assert submitted.reference == "MST-2026-00001"


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _submit(registration: Registration, user) -> Registration:
    """Submit like a browser would. Only SQLite's *in-memory* test database (shared cache) reports
    a lock held by another connection at once ("database table is locked") instead of waiting
    for it as a file database does (busy timeout, ``BEGIN IMMEDIATE``); such an attempt rolled
    back completely, so it is simply tried again. PostgreSQL and file databases never retry."""
    while True:
        try:
            return registration_submit(registration=registration, by=user, now=NOW)
        except OperationalError as error:
            if not (_in_memory_sqlite() and "locked" in str(error)):
                raise
            time.sleep(0.01)


def _submit_all_at_once(jobs: list[tuple[Registration, object]]) -> tuple[list, list]:
    """Submit every (registration, user) pair from its own thread, released together."""
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(registration, user) -> None:
        try:
            barrier.wait(timeout=30)
            submitted = _submit(registration, user)
            with lock:
                results.append(submitted.reference)
        except BaseException as error:  # reported by the test below
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_gapless_unique_references(make_draft, registrant, demo_users):
    """The counter row does not exist yet, so the first submitters also race to create it.
    Sittard takes e-mails: its meldpunt submits them on the partner's behalf."""
    drafts = [make_draft() for _ in range(SUBMITTERS)]
    sittard = [make_draft(municipality="Sittard-Geleen", channel=Channel.EMAIL) for _ in range(3)]
    screener = demo_users["screener-sittard"]
    references, errors = _submit_all_at_once(
        [(d, registrant) for d in drafts] + [(d, screener) for d in sittard]
    )
    assert errors == []
    assert sorted(r for r in references if r.startswith("MST")) == [
        f"MST-2026-{n:05d}" for n in range(1, SUBMITTERS + 1)
    ]
    assert sorted(r for r in references if r.startswith("STD")) == [
        f"STD-2026-{n:05d}" for n in range(1, 4)
    ]
    assert ReferenceCounter.objects.get(veiligheidshuis__code="MST").last_number == SUBMITTERS
    assert Registration.objects.filter(status=Status.RECEIVED).count() == SUBMITTERS + 3


@pytest.mark.django_db(transaction=True)
def test_the_same_draft_submitted_from_many_threads_gets_one_reference(
    make_draft, registrant, mailoutbox
):
    draft = make_draft()
    references, errors = _submit_all_at_once([(draft, registrant)] * 5)
    assert errors == []
    assert set(references) == {"MST-2026-00001"}
    assert ReferenceCounter.objects.get().last_number == 1
    draft.refresh_from_db()
    assert draft.history.count() == 1
    assert len(mailoutbox) == 2  # one acknowledgement, one to the meldpunt
    assert draft.deadline_at == NOW + timedelta(days=7)
