"""``manage.py run_intake``: listens, stores, and stops cleanly on SIGTERM; logs nothing
personal."""

import io
import logging
import os
import re
import signal
import threading
import time

import pytest
from django.core.management import call_command

from zvh.intake.enums import MailStatus
from zvh.intake.listener import IntakeServer
from zvh.intake.models import InboundMail

from .conftest import PARTNER, SITTARD, STRANGER, registration_mail, send

pytestmark = pytest.mark.django_db(transaction=True)


def test_run_intake_serves_until_sigterm(houses, demo_users, intake_media):
    out = io.StringIO()
    replies: list[int] = []
    failures: list[BaseException] = []

    def client() -> None:
        try:
            deadline = time.monotonic() + 30
            while not (found := re.search(r"on 127\.0\.0\.1:(\d+)", out.getvalue())):
                if time.monotonic() > deadline:
                    raise TimeoutError("run_intake did not start")
                time.sleep(0.05)
            server = IntakeServer(host="127.0.0.1", port=int(found.group(1)))
            replies.append(send(server, registration_mail()).code)
        except BaseException as error:
            failures.append(error)
        finally:
            os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=client)
    thread.start()
    call_command("run_intake", "--host", "127.0.0.1", "--port", "0", stdout=out)
    thread.join(30)
    assert not failures, failures
    assert replies == [250]
    assert "Intake stopped." in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == previous
    assert InboundMail.objects.get().status == MailStatus.DRAFT_CREATED


def test_the_listener_logs_no_addresses_or_subjects(listener, caplog):
    caplog.set_level(logging.DEBUG)
    subject = "Zorgen over familie Testpersoon"
    assert send(listener, registration_mail(subject=subject)).code == 250
    assert send(listener, registration_mail(sender=STRANGER), mail_from=STRANGER).code == 250
    assert send(listener, registration_mail(), to="niemand@example.org").code == 550
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records
    )
    assert "intake_mail_received" in logged
    for secret in (PARTNER, STRANGER, SITTARD, "niemand@example.org", subject, "Testpersoon"):
        assert secret not in logged
