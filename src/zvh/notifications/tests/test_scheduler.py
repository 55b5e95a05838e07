"""Periodic jobs: reminders two working days before the deadline, escalations when it passed
undecided, the screeners' daily digest; each sent once, however often or concurrently the
scheduler runs for the same period."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from zvh.notifications.models import DeadlineNotice, JobRun, OutgoingMail
from zvh.notifications.scheduler import SCHEDULE, hourly, job_run, scheduler_tick
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

from .conftest import run_worker

#: Monday 23 November 2026, 10:00 in Amsterdam.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MELDPUNT = sorted(["meldpunt@veiligheidshuismaastricht.nl", "screener@demo.invalid"])
MANAGER = ["manager@demo.invalid"]


def deadline(day: int) -> datetime:
    """17:00 UTC (18:00 in Amsterdam) on that day of November 2026."""
    return datetime(2026, 11, day, 17, 0, tzinfo=UTC)


@pytest.fixture
def registrations(houses, demo_users):
    def make(reference: str, status: Status, deadline_at: datetime, vh: str = "MST"):
        registration = RegistrationFactory(
            registrant=demo_users["aanmelder"],
            veiligheidshuis=houses[vh],
            status=status,
            reference=reference,
            received_at=deadline_at - timedelta(days=7),
            deadline_at=deadline_at,
        )
        PersonFactory(registration=registration, given_names="Fenna", surname="Zwartjes")
        return registration

    return {
        "due": make("MST-2026-00001", Status.SCREENING, deadline(25)),  # Wednesday: 2 days
        "later": make("MST-2026-00002", Status.RECEIVED, deadline(26)),  # Thursday: 3 days
        "waiting": make("MST-2026-00003", Status.WAITING_FOR_INFORMATION, deadline(25)),
        "overdue": make("MST-2026-00004", Status.SCREENING, deadline(20)),  # last Friday
        "decided": make("MST-2026-00005", Status.DECIDED, deadline(20)),
    }


def mails(key: str) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(template_key=key).order_by("reference"))


def test_a_reminder_two_working_days_ahead_and_an_escalation_once_passed(registrations):
    scheduler_tick(now=MONDAY)

    (reminder,) = mails("deadline_reminder")
    assert reminder.reference == "MST-2026-00001"
    assert reminder.recipients == MELDPUNT
    assert "Over 2 werkdagen verloopt de reactietermijn van aanmelding MST-2026-00001" in (
        reminder.body
    )
    assert "woensdag 25 november 2026" in reminder.body
    (escalation,) = mails("deadline_escalation")
    assert (escalation.reference, escalation.recipients) == ("MST-2026-00004", MANAGER)
    assert "vrijdag 20 november 2026 verstreken zonder besluit" in escalation.body
    for mail in OutgoingMail.objects.all():
        assert "Fenna" not in mail.body
        assert "Zwartjes" not in mail.body

    # The same hour again, the next hour, the next day: no second reminder or escalation; on
    # Tuesday the Thursday deadline is two working days away.
    scheduler_tick(now=MONDAY)
    scheduler_tick(now=MONDAY + timedelta(hours=1))
    scheduler_tick(now=MONDAY + timedelta(days=1))
    assert [m.reference for m in mails("deadline_reminder")] == ["MST-2026-00001", "MST-2026-00002"]
    assert len(mails("deadline_escalation")) == 1
    assert DeadlineNotice.objects.count() == 3


def test_no_reminders_on_a_weekend_but_escalations_still(registrations):
    saturday = MONDAY - timedelta(days=2)
    scheduler_tick(now=saturday)
    assert mails("deadline_reminder") == []
    assert [m.reference for m in mails("deadline_escalation")] == ["MST-2026-00004"]


def test_without_managers_the_escalation_goes_to_the_meldpunt_mailbox(registrations, demo_users):
    demo_users["manager"].is_active = False
    demo_users["manager"].save()
    scheduler_tick(now=MONDAY)
    (escalation,) = mails("deadline_escalation")
    assert escalation.recipients == ["meldpunt@veiligheidshuismaastricht.nl"]


def test_the_digest_goes_once_a_working_day_to_the_screeners(registrations):
    early = MONDAY.replace(hour=5)  # 06:00 in Amsterdam
    scheduler_tick(now=early)
    assert mails("screener_digest") == []
    scheduler_tick(now=MONDAY)
    scheduler_tick(now=MONDAY + timedelta(hours=3))
    (digest,) = mails("screener_digest")
    assert digest.recipients == ["screener@demo.invalid"]
    assert (
        digest.subject == "Overzicht meldpunt Zorg- en Veiligheidshuis Maastricht 23 november 2026"
        or (
            digest.subject.startswith("Overzicht meldpunt ")
            and "23 november 2026" in digest.subject
        )
    )
    assert "Openstaande aanmeldingen: 4; binnen twee werkdagen te beslissen: 1; termijn " in (
        digest.body
    )
    assert "verstreken: 1; wacht op informatie: 1." in digest.body
    assert "- MST-2026-00004: uiterlijk vrijdag 20 november 2026" in digest.body
    assert "- MST-2026-00001: uiterlijk woensdag 25 november 2026" in digest.body
    assert "MST-2026-00002" not in digest.body  # not due soon
    assert "Zwartjes" not in digest.body
    # Sittard has nothing open: no digest. Saturday: none.
    scheduler_tick(now=MONDAY + timedelta(days=5))
    assert len(mails("screener_digest")) == 1
    scheduler_tick(now=MONDAY + timedelta(days=1))
    assert len(mails("screener_digest")) == 2


def test_a_crashed_run_is_taken_over_after_the_lease_only(registrations):
    job = next(job for job in SCHEDULE if job.name == "deadline_notices")
    JobRun.objects.create(
        job=job.name, period=hourly(MONDAY), started_at=MONDAY - timedelta(minutes=5)
    )
    assert job_run(job=job, now=MONDAY) is None  # still running, as far as we know
    assert mails("deadline_reminder") == []
    later = MONDAY + timedelta(minutes=20)
    assert job_run(job=job, now=later) == 2
    run = JobRun.objects.get(job=job.name)
    assert (run.attempts, run.finished_at) == (2, later)


def _in_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run() -> None:
        try:
            barrier.wait()
            target()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_send_each_mail_once(registrations, smtp_server, db_tasks):
    assert _in_threads(4, lambda: scheduler_tick(now=MONDAY)) == []
    # Even bypassing the per-period lock, the per-registration record holds.
    from zvh.notifications.deadline_jobs import deadline_notices_send, screener_digests_send

    later = MONDAY + timedelta(minutes=90)
    assert _in_threads(3, lambda: deadline_notices_send(now=later)) == []
    assert _in_threads(3, lambda: screener_digests_send(now=later)) == []
    assert JobRun.objects.filter(job="deadline_notices").count() == 1

    run_worker()
    subjects = Counter(m["Subject"] for m in smtp_server.messages)
    assert sorted(subjects.values()) == [1, 1, 1]
    assert set(Counter(OutgoingMail.objects.values_list("template_key", flat=True))) == {
        "deadline_reminder",
        "deadline_escalation",
        "screener_digest",
    }
    assert OutgoingMail.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_run_scheduler_once(registrations):
    call_command("run_scheduler", "--once")
    assert JobRun.objects.filter(job="outbox_sweep").count() == 1


def test_finished_task_rows_are_pruned_daily_and_waiting_ones_kept(
    transactional_db, db_tasks, settings
):
    from django_tasks_db.models import DBTaskResult

    from zvh.notifications.tasks import deliver_due_mails

    settings.ZVH_TASK_RESULTS_KEEP_DAYS = 14
    for _ in range(3):
        deliver_due_mails.enqueue()
    run_worker()
    assert DBTaskResult.objects.finished().count() == 3
    waiting = deliver_due_mails.enqueue()  # not run: stays waiting, however old
    old, recent = MONDAY - timedelta(days=15), MONDAY - timedelta(days=13)
    finished = list(DBTaskResult.objects.finished().order_by("pk").values_list("pk", flat=True))
    DBTaskResult.objects.filter(pk__in=finished[:2]).update(finished_at=old, enqueued_at=old)
    DBTaskResult.objects.filter(pk=finished[2]).update(finished_at=recent)
    DBTaskResult.objects.filter(pk=waiting.id).update(enqueued_at=old)

    job = next(job for job in SCHEDULE if job.name == "task_results_prune")
    assert job_run(job=job, now=MONDAY.replace(hour=1)) is None  # 02:00 local: not yet due
    assert job_run(job=job, now=MONDAY.replace(hour=2, minute=30)) == 2
    assert job_run(job=job, now=MONDAY.replace(hour=5)) is None  # once a day
    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left == {str(finished[2]), str(waiting.id)}


def test_a_deadline_that_moved_gets_its_own_reminder_once(registrations):
    """After a reminder, an information request suspends the deadline and it moves to next
    week: when that new deadline comes near, the meldpunt is reminded again (once)."""
    scheduler_tick(now=MONDAY)
    assert [m.reference for m in mails("deadline_reminder")] == ["MST-2026-00001"]
    first = Registration.objects.get(reference="MST-2026-00001")
    first.deadline_at = deadline(25) + timedelta(days=7)  # Wednesday 2 December
    first.save(update_fields=["deadline_at"])

    for days in range(0, 9):
        scheduler_tick(now=MONDAY + timedelta(days=days, hours=1))
    reminded = [m.reference for m in mails("deadline_reminder")]
    assert reminded.count("MST-2026-00001") == 2
    assert DeadlineNotice.objects.filter(registration=first, kind="reminder").count() == 2
