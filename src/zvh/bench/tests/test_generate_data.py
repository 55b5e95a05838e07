"""generate_data at a tiny scale produces consistent data (SQLite and PostgreSQL)."""

import itertools
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from zvh.access_log.models import AccessLogChainHead, AccessLogEntry, AccessLogSubject
from zvh.access_log.verification import access_log_verify
from zvh.accounts.models import User
from zvh.bench.generator.plan import BENCH_ACCOUNTS_PER_ROLE, Plan
from zvh.bench.generator.run import NotEmptyError, dataset_generate, vacuum
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Person, ReferenceCounter, Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import RegistrationFactory
from zvh.triage.models import Decision, InformationRequest

from .conftest import END, TINY, tiny_plan

REFERENCE = re.compile(r"^(?P<code>[A-Z]{2,5})-(?P<year>\d{4})-(?P<number>\d{5})$")


def test_the_counts_follow_the_scale(generated):
    plan = tiny_plan()
    assert plan.registrations == 200
    assert plan.access_log_entries == 2000
    assert Veiligheidshuis.objects.count() == 30
    assert Registration.objects.count() == 200
    assert AccessLogEntry.objects.count() == 2000
    assert generated.access_log_subjects == AccessLogSubject.objects.count() > 2000
    assert Person.objects.count() == generated.persons >= 200
    assert Plan.of(scale=1.0, seed=1, end=END).registrations == 1_000_000
    assert Plan.of(scale=1.0, seed=1, end=END).access_log_entries == 10_000_000


def test_every_registration_has_one_main_person(generated):
    mains = Counter(Person.objects.filter(relation="main").values_list("registration", flat=True))
    assert len(mains) == 200
    assert set(mains.values()) == {1}


def test_references_are_unique_per_house_and_counters_continue_after_them(generated):
    submitted = Registration.objects.exclude(status=Status.DRAFT).select_related("veiligheidshuis")
    last: dict[tuple[int, int], int] = {}
    for registration in submitted:
        match = REFERENCE.match(registration.reference)
        assert match
        assert match["code"] == registration.veiligheidshuis.code
        assert int(match["year"]) == registration.received_at.astimezone(LOCAL_TZ).year
        key = (registration.veiligheidshuis_id, int(match["year"]))
        last[key] = max(last.get(key, 0), int(match["number"]))
    assert len({r.reference for r in submitted}) == submitted.count()
    counters = {
        (c.veiligheidshuis_id, c.year): c.last_number for c in ReferenceCounter.objects.all()
    }
    assert counters == last
    assert not Registration.objects.filter(status=Status.DRAFT).exclude(reference=None).exists()


def test_deadlines_suspensions_and_lateness_are_consistent(generated):
    submitted = Registration.objects.exclude(status=Status.DRAFT).select_related("veiligheidshuis")
    for registration in submitted:
        term = registration.veiligheidshuis.reply_term
        expected = reply_deadline(
            term, received_at=registration.received_at, suspended=registration.suspended
        )
        assert registration.deadline_at == expected
        assert (registration.status == Status.DECIDED) == (registration.decided_at is not None)
        if registration.decided_at is not None:
            assert registration.decided_late == (registration.decided_at > registration.deadline_at)
            assert registration.decided_at < END
        waiting = registration.status == Status.WAITING_FOR_INFORMATION
        assert waiting == (registration.waiting_since is not None)
        history = list(registration.history.order_by("at", "pk"))
        assert history[0].from_status == Status.DRAFT
        assert history[-1].to_status == registration.status
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(history))
    assert Decision.objects.count() == submitted.filter(status=Status.DECIDED).count()
    answered = InformationRequest.objects.exclude(answered_at=None)
    for request in answered.select_related("registration"):
        assert request.registration.suspended >= request.answered_at - request.requested_at


def test_some_persons_were_registered_before_in_the_same_house(generated):
    repeated = (
        Person.objects.exclude(bsn="")
        .values("bsn", "registration__veiligheidshuis")
        .annotate(n=Count("registration"))
        .filter(n__gt=1)
    )
    assert repeated.exists()


def test_the_access_log_chain_verifies(generated):
    report = access_log_verify()
    assert report.intact, report.broken
    assert report.checked == 2000
    head = AccessLogChainHead.objects.get(pk=1)
    last = AccessLogEntry.objects.order_by("-sequence").first()
    assert (head.sequence, head.hash) == (last.sequence, last.hash)
    times = list(AccessLogEntry.objects.order_by("sequence").values_list("occurred_at", flat=True))
    assert times == sorted(times)
    assert times[-1] < END


def test_the_bench_accounts_can_log_in_with_their_second_factor(generated, client):
    from conftest import password_login
    from zvh.bench.driver.login import totp_code
    from zvh.bench.generator.network import bench_totp_key
    from zvh.bench.generator.plan import BENCH_PASSWORD

    assert User.objects.filter(username__startswith="bench-screener-").count() == (
        BENCH_ACCOUNTS_PER_ROLE
    )
    code = totp_code(bench_totp_key(seed=7, username="bench-screener-01"))
    response = password_login(client, "bench-screener-01", BENCH_PASSWORD, code=code)
    assert response.status_code == 302
    assert client.get("/meldpunt/").status_code == 200


def _fingerprint() -> tuple:
    registrations = tuple(
        Registration.objects.order_by("pk").values_list(
            "pk", "public_id", "reference", "status", "deadline_at", "registrant_id"
        )
    )
    persons = tuple(
        Person.objects.order_by("pk").values_list("bsn", "given_names", "surname", "date_of_birth")
    )
    return registrations, persons, AccessLogChainHead.objects.get(pk=1).hash


class _RollbackError(Exception):
    pass


def _generate_and_forget(plan: Plan) -> tuple:
    try:
        with transaction.atomic():
            dataset_generate(plan=plan)
            fingerprint = _fingerprint()
            raise _RollbackError
    except _RollbackError:
        return fingerprint


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = _generate_and_forget(tiny_plan(seed=3))
    assert not Registration.objects.exists()
    assert first == _generate_and_forget(tiny_plan(seed=3))
    assert first[2] != _generate_and_forget(tiny_plan(seed=4))[2]


def test_an_existing_database_is_refused(generated):
    with pytest.raises(NotEmptyError):
        dataset_generate(plan=tiny_plan())


@pytest.mark.django_db
def test_the_command_reports_what_it_wrote(capsys):
    call_command("generate_data", scale=TINY, seed=1, end=END.date())
    out = capsys.readouterr().out
    assert "200 registrations" in out
    assert "2000 access-log entries" in out


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_the_loaded_tables_are_vacuumed_on_postgresql(houses, demo_users):
    """As autovacuum would have left a database that ran for years: the visibility map set
    (index-only counts) and statistics gathered. Inside a transaction (the tests' own
    ``generated``) only ANALYZE can run. SQLite has nothing to vacuum."""
    RegistrationFactory.create_batch(
        3, registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"]
    )
    with transaction.atomic():
        vacuum([Registration._meta.db_table])  # ANALYZE: no error inside a transaction
    vacuum([Registration._meta.db_table])
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relallvisible, s.last_vacuum IS NOT NULL, s.last_analyze IS NOT NULL "
            "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE c.relname = %s",
            [Registration._meta.db_table],
        )
        all_visible, vacuumed, analysed = cursor.fetchone()
    assert all_visible > 0
    assert vacuumed
    assert analysed
