"""One call that fills an empty, migrated database: ``dataset_generate``."""

import datetime as dt
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from zvh.access_log.models import AccessLogEntry, AccessLogSubject
from zvh.accounts.models import User
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Person, Registration, StatusChange
from zvh.triage.models import Decision, InformationRequest

from .dataset import Generator, Summary
from .network import NETWORK_MODELS, network_create
from .plan import Plan
from .sink import DeferredIndexes, RowSink, sequences_reset

BULK_MODELS = (
    Registration,
    Registration.life_domains.through,
    Person,
    StatusChange,
    Decision,
    InformationRequest,
    AccessLogEntry,
    AccessLogSubject,
)
ALL_MODELS = (*NETWORK_MODELS, *BULK_MODELS)


class NotEmptyError(RuntimeError):
    """generate_data fills an empty database only (it writes explicit ids)."""


def database_is_empty() -> bool:
    return not (
        Veiligheidshuis.objects.exists()
        or User.objects.exists()
        or Registration.objects.exists()
        or AccessLogEntry.objects.exists()
    )


def dataset_generate(
    *, plan: Plan, progress: Callable[[str], None] = lambda message: None
) -> Summary:
    """Fill the (empty, migrated) database with ``plan``'s synthetic dataset, in one
    transaction. The same plan (scale, seed, end) gives the same rows, ids included.

    Access-log person keys are keyed hashes with the running settings' secret: generate with
    the settings the server will run with, or the privacy officer's person query finds nothing.
    """
    if not database_is_empty():
        raise NotEmptyError(
            "generate_data fills an empty database: create and migrate a new one first."
        )
    started = time.monotonic()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        network = network_create(
            rng=random.Random(f"network:{plan.seed}"),  # noqa: S311
            seed=plan.seed,
            joined_on=(plan.start - dt.timedelta(days=30)).date(),
        )
        progress(f"network created ({time.monotonic() - started:.0f} s)")
        deferred = DeferredIndexes(model._meta.db_table for model in BULK_MODELS)
        deferred.drop()
        summary = Generator(plan=plan, network=network, sink=RowSink()).run()
        progress(f"rows written ({time.monotonic() - started:.0f} s); rebuilding indexes")
        deferred.restore()
        sequences_reset(ALL_MODELS)
    progress(f"committed ({time.monotonic() - started:.0f} s); vacuuming")
    vacuum(model._meta.db_table for model in BULK_MODELS)
    progress(f"vacuumed ({time.monotonic() - started:.0f} s)")
    return summary


def vacuum(tables) -> None:
    """PostgreSQL: ``VACUUM (ANALYZE)`` the bulk-loaded tables, after the commit (it cannot run
    in a transaction). A database that has been running for years has been vacuumed by
    autovacuum: hint bits set and the visibility map filled, so counts can be answered from an
    index alone. Without this the first weeks of reads would set the hint bits, and the bench
    would measure that (autovacuum may be off, as on our CI machines)."""
    if connection.vendor != "postgresql":
        return
    names = ", ".join(tables)
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # a caller's transaction (the tests): statistics only
            cursor.execute(f"ANALYZE {names}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {names}")
