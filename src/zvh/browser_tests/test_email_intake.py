"""The e-mail quarantine in real headless Chromium: a mail from an unknown sender arrives at the
real intake listener, the Sittard screener finds it from the queue, reads it, is refused a
rejection without a reason, and accepts it as the police's registration. Every page passes
axe-core's WCAG 2.1 A/AA rules and loads without an unexpected error."""

import re
import smtplib
from email.message import EmailMessage
from http import HTTPStatus

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from zvh.intake.enums import MailStatus
from zvh.intake.listener import IntakeServer
from zvh.intake.models import InboundMail

from .conftest import assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITTARD = "meldpuntveiligheidshuis@sittard-geleen.nl"
SENDER = "wijkagent.onbekend@example.org"


def _checked(page: Page, problems: list[str], label: str, *, refused_with: int = 0) -> None:
    expected = set()
    if refused_with:
        expected = {
            f"{refused_with}: {page.url}",
            "console: Failed to load resource: the server responded with a status of "
            f"{refused_with} ({HTTPStatus(refused_with).phrase})",
        }
    assert [p for p in problems if p not in expected] == [], f"{page.url}: {problems}"
    problems.clear()
    save_screenshot(page, f"intake-{label}")
    assert_accessible(page)


@pytest.fixture
def listener(settings, tmp_path, houses, demo_users):
    settings.MEDIA_ROOT = tmp_path / "media"
    server = IntakeServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop(timeout=10)


def test_a_screener_accepts_a_quarantined_mail(page, log_in, listener):
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = SITTARD
    message["Subject"] = "Aanmelding overlast"
    message.set_content("Goedemiddag,\n\nIn de bijlage het aanmeldformulier.\n")
    message.add_attachment(
        b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf", filename="aanmelding.pdf"
    )
    with smtplib.SMTP(listener.host, listener.port, local_hostname="zvh-tests") as client:
        client.send_message(message)
    problems = record_problems(page)

    log_in("screener-sittard")
    page.goto(reverse("triage:queue"))
    with page.expect_navigation():
        page.get_by_role("link", name="E-mails in quarantaine: 1 wacht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mails in quarantaine")
    expect(page.get_by_role("cell", name=SENDER)).to_be_visible()
    _checked(page, problems, "list")

    with page.expect_navigation():
        page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail aan het meldpunt")
    expect(page.get_by_text("In de bijlage het aanmeldformulier.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("aanmelding.pdf"))).to_contain_text(
        "Toegevoegd aan de aanmelding"
    )
    _checked(page, problems, "detail")

    with page.expect_navigation():
        page.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef de reden waarom u deze e-mail afwijst.")
    _checked(page, problems, "reject-refused", refused_with=400)

    page.get_by_label("Partnerorganisatie die aanmeldt").select_option(label="Politie (demo)")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepteren").click()
    expect(page).to_have_url(re.compile(r"/meldpunt/[0-9a-f-]+/aanvullen/$"))
    mail = InboundMail.objects.get()
    assert mail.status == MailStatus.ACCEPTED
    assert mail.registration.registrant_organisation.name == "Politie (demo)"
