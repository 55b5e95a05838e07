"""The outbox over a real SMTP server: stored first, sent by the worker, retried with back-off
while the server is down or answers 4xx, failed (and shown) on 5xx, each mail delivered once."""

import socket
import struct
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zvh.notifications.models import OutgoingMail
from zvh.notifications.outbox import outbox_deliver, outbox_sweep
from zvh.notifications.services import notify_decision, send_templated
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import RegistrationFactory

from .conftest import make_worker, run_worker, statuses, work_until

pytestmark = pytest.mark.django_db(transaction=True)

CONTACT = "wijkagent.noord@politie.invalid"
BOUNCE = "bestaat-niet@politie.invalid"


@pytest.fixture
def registration(houses, demo_users) -> Registration:
    return RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status=Status.DECIDED,
        reference="MST-2026-00042",
        received_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        deadline_at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
        decided_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
        contact_email=CONTACT,
    )


def queue_mails(registration: Registration, addresses: list[str]) -> None:
    """One decision mail per address, committed in one transaction."""
    with transaction.atomic():
        for address in addresses:
            send_templated(
                template="decided",
                to=[address],
                context={"registration": registration, "url": "https://zvh.example.org/x/"},
            )


def test_a_mail_is_stored_first_and_sent_by_the_worker(registration, smtp_server, db_tasks):
    with transaction.atomic():
        notify_decision(registration=registration)
        assert OutgoingMail.objects.count() == 1
        assert DBTaskResult.objects.count() == 0  # enqueued only on commit

    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.PENDING
    assert (mail.reference, mail.veiligheidshuis, mail.recipients) == (
        "MST-2026-00042",
        registration.veiligheidshuis,
        [CONTACT],
    )
    assert DBTaskResult.objects.count() == 1
    assert smtp_server.messages == []

    run_worker()

    (message,) = smtp_server.messages
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert (mail.attempts, mail.last_error) == (1, "")
    assert mail.sent_at is not None
    assert message["Message-ID"] == mail.message_id
    assert message["Subject"] == mail.subject == "Besluit over aanmelding MST-2026-00042"
    assert message["Auto-Submitted"] == "auto-generated"


def test_the_same_event_is_queued_once(registration, smtp_server, db_tasks):
    notify_decision(registration=registration)
    notify_decision(registration=registration)  # same registration version: same event
    assert OutgoingMail.objects.count() == 1
    registration.version += 1
    notify_decision(registration=registration)
    assert OutgoingMail.objects.count() == 2


def test_a_rolled_back_action_leaves_neither_mail_nor_task(registration, smtp_server, db_tasks):
    def refused() -> None:
        with transaction.atomic():
            notify_decision(registration=registration)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        refused()
    assert OutgoingMail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_server_down_for_a_while_then_up_every_mail_arrives_once(
    registration, smtp_server, db_tasks
):
    addresses = [f"partner{i}@politie.invalid" for i in range(5)]
    smtp_server.stop()
    queue_mails(registration, addresses)

    run_worker()
    assert statuses()["pending"] == 5
    assert set(OutgoingMail.objects.values_list("last_error", flat=True)) == {
        "ConnectionRefusedError"
    }
    # Still down: the retries (enqueued with run_after = the back-off) fail again.
    work_until(lambda: all(m.attempts >= 3 for m in OutgoingMail.objects.all()))
    assert statuses()["pending"] == 5
    assert smtp_server.messages == []

    smtp_server.start()
    work_until(lambda: statuses()["sent"] == 5)
    run_worker()  # whatever is left in the queue does nothing more

    received = Counter(address for m in smtp_server.messages for address in m.envelope_to)
    assert received == Counter(addresses)
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 5


def test_backoff_doubles_up_to_the_cap(registration, smtp_server, db_tasks, settings):
    settings.ZVH_OUTBOX_BACKOFF_SECONDS = 60
    settings.ZVH_OUTBOX_BACKOFF_MAX_SECONDS = 300
    smtp_server.stop()
    queue_mails(registration, [CONTACT])
    mail = OutgoingMail.objects.get()
    waits = []
    for _attempt in range(5):
        OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        assert outbox_deliver(mail_id=mail.pk) == "retry"
        mail.refresh_from_db()
        waits.append(round((mail.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4, 5, 5]
    # Not due yet: a worker that picks it up early leaves it alone.
    assert outbox_deliver(mail_id=mail.pk) == "skipped"


def test_a_temporary_refusal_is_retried(registration, smtp_server, db_tasks):
    smtp_server.handler.refuse[CONTACT] = "451 4.3.0 Mailbox busy, try again later"
    queue_mails(registration, [CONTACT])
    work_until(lambda: OutgoingMail.objects.get().attempts >= 2)
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.PENDING
    assert mail.last_error == "recipients refused: 451"

    del smtp_server.handler.refuse[CONTACT]
    work_until(lambda: statuses()["sent"] == 1)
    assert [m.envelope_to for m in smtp_server.messages] == [[CONTACT]]


def test_a_permanent_error_is_failed_shown_and_not_retried(
    registration, smtp_server, db_tasks, demo_users, login
):
    smtp_server.handler.refuse[BOUNCE] = f"550 5.1.1 <{BOUNCE}>: no such user"
    queue_mails(registration, [BOUNCE, CONTACT])
    run_worker()

    bounced = OutgoingMail.objects.get(recipients=[BOUNCE])
    assert bounced.status == OutgoingMail.Status.FAILED
    assert bounced.attempts == 1
    assert bounced.last_error == "recipients refused: 550"  # no address, no server text
    assert OutgoingMail.objects.get(recipients=[CONTACT]).status == OutgoingMail.Status.SENT

    # Not retried: no task waiting for it, and neither the worker nor the sweep sends it again.
    assert not DBTaskResult.objects.ready().exists()
    outbox_sweep(now=timezone.now() + timedelta(hours=1))
    run_worker()
    bounced.refresh_from_db()
    assert (bounced.status, bounced.attempts) == (OutgoingMail.Status.FAILED, 1)

    # The functional administrator sees it among the failed mails…
    client = login(demo_users["beheerder"])
    changelist = reverse("admin:notifications_outgoingmail_changelist")
    page = client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert "MST-2026-00042" in page.text
    assert "recipients refused: 550" in page.text

    # …and, once the address is corrected at the other end, retries it.
    del smtp_server.handler.refuse[BOUNCE]
    response = client.post(
        changelist,
        {
            "action": "retry",
            "_selected_action": [bounced.pk, OutgoingMail.objects.get(recipients=[CONTACT]).pk],
        },
    )
    assert response.status_code == 302
    bounced.refresh_from_db()
    assert (bounced.status, bounced.attempts) == (OutgoingMail.Status.PENDING, 0)
    run_worker()
    bounced.refresh_from_db()
    assert bounced.status == OutgoingMail.Status.SENT
    received = Counter(address for m in smtp_server.messages for address in m.envelope_to)
    assert received == {BOUNCE: 1, CONTACT: 1}  # the sent one was not sent again


def test_too_many_attempts_end_in_failed(registration, smtp_server, db_tasks, settings):
    settings.ZVH_OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.stop()
    queue_mails(registration, [CONTACT])
    work_until(lambda: statuses()["failed"] == 1)
    mail = OutgoingMail.objects.get()
    assert (mail.attempts, mail.last_error) == (3, "ConnectionRefusedError")


def test_the_admin_sees_the_outbox_of_its_own_veiligheidshuis_only(
    registration, houses, demo_users, db_tasks, login
):
    queue_mails(registration, [CONTACT])
    sittard = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["STD"],
        status=Status.DECIDED,
        reference="XXX-2026-00001",
    )
    queue_mails(sittard, [CONTACT])
    client = login(demo_users["beheerder"])
    page = client.get(reverse("admin:notifications_outgoingmail_changelist"))
    assert "MST-2026-00042" in page.text
    assert "XXX-2026-00001" not in page.text
    other = OutgoingMail.objects.get(reference="XXX-2026-00001")
    detail = reverse("admin:notifications_outgoingmail_change", args=[other.pk])
    assert client.get(detail).status_code in (302, 404)


def test_a_mail_left_sending_by_a_crashed_worker_is_recovered_once(
    registration, smtp_server, db_tasks
):
    """The documented window: a worker died after claiming the mail. After the lease the sweep
    puts it back; it is sent (with its own Message-ID) once, not again and again."""
    queue_mails(registration, [CONTACT])
    DBTaskResult.objects.all().delete()  # the task died with the worker
    crashed_at = timezone.now() - timedelta(hours=1)
    OutgoingMail.objects.update(
        status=OutgoingMail.Status.SENDING, claimed_at=crashed_at, attempts=1
    )

    assert outbox_sweep(now=timezone.now() - timedelta(minutes=59)) == 0  # within the lease
    assert outbox_sweep(now=timezone.now()) == 1
    assert outbox_sweep(now=timezone.now() + timedelta(minutes=5)) == 0  # enqueues the sender
    run_worker()
    run_worker()
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == (OutgoingMail.Status.SENT, 2)
    (message,) = smtp_server.messages
    assert message["Message-ID"] == mail.message_id


def test_a_lost_task_is_made_good_by_the_sweep(registration, smtp_server, db_tasks):
    queue_mails(registration, [CONTACT])
    DBTaskResult.objects.all().delete()
    outbox_sweep(now=timezone.now())  # not overdue yet: nothing to do
    assert not DBTaskResult.objects.exists()
    outbox_sweep(now=timezone.now() + timedelta(minutes=5))
    run_worker()
    assert len(smtp_server.messages) == 1


def _worker_thread(worker, errors: list) -> None:
    try:
        worker.run()
    except BaseException as error:  # pragma: no cover (reported by the test)
        errors.append(error)
    finally:
        connection.close()


def test_200_mails_while_the_server_is_stopped_and_started_twice(
    registration, smtp_server, db_tasks
):
    """Two workers run side by side the whole time; the server goes down twice mid-stream."""
    addresses = [f"ontvanger{i:03d}@partner.invalid" for i in range(200)]
    smtp_server.stop()
    queue_mails(registration, addresses)

    errors: list[BaseException] = []
    workers = [make_worker(f"w{i}", batch=False) for i in range(2)]
    threads = [threading.Thread(target=_worker_thread, args=(w, errors)) for w in workers]
    for thread in threads:
        thread.start()

    def wait_until(condition, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out; outbox: {statuses()}"
            assert not errors, errors
            time.sleep(0.02)

    try:
        wait_until(lambda: not OutgoingMail.objects.filter(attempts=0).exists())  # all tried
        smtp_server.start()
        wait_until(lambda: len(smtp_server.messages) >= 50)
        smtp_server.stop()  # down again, mid-stream
        assert len(smtp_server.messages) < 200
        time.sleep(0.3)
        smtp_server.start()
        wait_until(lambda: len(smtp_server.messages) >= 120)
        smtp_server.stop()
        assert len(smtp_server.messages) < 200
        time.sleep(0.3)
        smtp_server.start()
        wait_until(lambda: statuses()["sent"] == 200)
    finally:
        for worker in workers:
            worker.running = False
        for thread in threads:
            thread.join(timeout=30)
    assert not errors, errors

    received = Counter(address for m in smtp_server.messages for address in m.envelope_to)
    assert len(smtp_server.messages) == 200
    assert received == Counter(addresses)  # every mail exactly once
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 200
    assert statuses() == {"pending": 0, "sending": 0, "sent": 200, "failed": 0}
    assert OutgoingMail.objects.filter(attempts__gt=1).count() > 0  # there were retries


def test_a_partly_refused_mail_loses_no_recipient(registration, smtp_server, db_tasks):
    """The server takes the mail for one recipient, refuses one for good and one for now: the
    accepted one gets it once, the permanent refusal is shown as failed, the temporary one is
    retried until it arrives, and nobody gets it twice."""
    busy = "druk.bezet@ggz.invalid"
    smtp_server.handler.refuse[BOUNCE] = f"550 5.1.1 <{BOUNCE}>: no such user"
    smtp_server.handler.refuse[busy] = "451 4.3.0 Mailbox busy, try again later"
    with transaction.atomic():
        send_templated(
            template="decided",
            to=[CONTACT, BOUNCE, busy],
            context={"registration": registration, "url": "https://zvh.example.org/x/"},
        )
    run_worker()

    original = OutgoingMail.objects.order_by("pk").first()
    assert sorted(original.recipients) == sorted([CONTACT, BOUNCE, busy])
    assert original.status == OutgoingMail.Status.SENT
    assert original.last_error == "2 of 3 recipients refused"
    failed = OutgoingMail.objects.get(recipients=[BOUNCE])
    assert (failed.status, failed.last_error) == (
        OutgoingMail.Status.FAILED,
        "recipients refused: 550",
    )
    retried = OutgoingMail.objects.get(recipients=[busy])
    assert retried.status == OutgoingMail.Status.PENDING
    assert retried.last_error == "recipients refused: 451"
    assert retried.reference == original.reference == "MST-2026-00042"

    del smtp_server.handler.refuse[busy]
    work_until(lambda: OutgoingMail.objects.get(pk=retried.pk).status == "sent")
    delivered = Counter(address for m in smtp_server.messages for address in m.envelope_to)
    assert delivered == Counter({CONTACT: 1, busy: 1})
    # The same subject and body reached both, under different Message-IDs.
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 2
    assert OutgoingMail.objects.count() == 3


# --- issue 17, point 4 ---------------------------------------------------------------------------


def _reset_on_quit(smtp_server) -> None:
    """The server accepts DATA, then resets the connection (TCP RST) when the client says QUIT."""

    async def handle_quit(server, session, envelope) -> str:  # aiosmtpd hook
        sock = server.transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        server.transport.abort()
        return "221 Bye"

    smtp_server.handler.handle_QUIT = handle_quit


def test_a_reset_on_quit_after_the_server_accepted_counts_as_delivered(
    registration, smtp_server, db_tasks
):
    _reset_on_quit(smtp_server)
    queue_mails(registration, [CONTACT])
    run_worker()
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.last_error.startswith("accepted; QUIT: ")
    assert mail.sent_at is not None
    # nothing is left to send it again: not the queue, not the sweep
    outbox_sweep(now=timezone.now() + timedelta(hours=1))
    run_worker()
    assert len(smtp_server.messages) == 1


def test_once_a_mail_goes_out_the_waiting_mails_follow_at_once(
    registration, smtp_server, db_tasks, settings
):
    settings.ZVH_OUTBOX_BACKOFF_SECONDS = 60  # production's back-off
    settings.ZVH_OUTBOX_BACKOFF_MAX_SECONDS = 6 * 3600
    smtp_server.stop()
    queue_mails(registration, [f"partner{i}@politie.invalid" for i in range(3)])
    run_worker()
    assert statuses()["pending"] == 3
    # they have failed for hours: each waits for its own slot, hours away
    OutgoingMail.objects.update(attempts=9, next_attempt_at=timezone.now() + timedelta(hours=4))
    smtp_server.start()
    queue_mails(registration, ["nieuw@politie.invalid"])
    started = time.monotonic()
    work_until(lambda: statuses()["sent"] == 4, timeout=20)
    assert time.monotonic() - started < 60
    assert len(smtp_server.messages) == 4
    # a recipient's refusal (its own server, not ours) keeps its back-off
    smtp_server.handler.refuse[BOUNCE] = "451 4.3.0 Try later"
    queue_mails(registration, [BOUNCE])
    run_worker()
    refused = OutgoingMail.objects.get(recipients=[BOUNCE])
    queue_mails(registration, ["nog-een@politie.invalid"])
    run_worker()
    assert OutgoingMail.objects.get(pk=refused.pk).next_attempt_at > timezone.now()
