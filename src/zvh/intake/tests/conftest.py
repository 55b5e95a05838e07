"""The intake's tests: the real listener on a free loopback port, and mails sent to it with
smtplib, as a mail server in front would."""

import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from zvh.intake.listener import IntakeServer

#: The meldpunt addresses of the shipped configurations.
SITTARD = "meldpuntveiligheidshuis@sittard-geleen.nl"
MAASTRICHT = "meldpunt@veiligheidshuismaastricht.nl"
#: The demo police registrant (Politie (demo), in both networks).
PARTNER = "aanmelder@demo.invalid"
STRANGER = "onbekende.afzender@example.org"

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """The listener's answers to one mail: RCPT TO and (if it got there) DATA."""

    rcpt: int
    data: int | None
    text: bytes = b""

    @property
    def code(self) -> int:
        return self.data if self.data is not None else self.rcpt


def wire(raw: bytes) -> bytes:
    """The bytes the listener receives for ``raw`` (the final CRLF smtplib adds)."""
    return raw if raw.endswith(b"\r\n") else raw + b"\r\n"


def as_bytes(message: EmailMessage) -> bytes:
    """A message as a mail client puts it on the wire (CRLF line ends)."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def registration_mail(
    *,
    sender: str = PARTNER,
    to: str = SITTARD,
    subject: str = "Aanmelding Veiligheidshuis",
    attachments: list[tuple[str, str, bytes]] | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """A mail as a partner sends the filled-in registration form: a short text and the form."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="demo.invalid")
    message.set_content("Goedemiddag,\n\nHierbij het aanmeldformulier.\n\nMet vriendelijke groet")
    for name, content_type, data in (
        attachments if attachments is not None else [("aanmelding.pdf", "application/pdf", PDF)]
    ):
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def send(
    server: IntakeServer,
    raw: bytes | EmailMessage,
    *,
    mail_from: str = PARTNER,
    to: str | list[str] = SITTARD,
    timeout: float = 120,
) -> Reply:
    """Send one mail over SMTP (EHLO, MAIL without SIZE, RCPT, DATA) and return the replies;
    refusals are returned, not raised."""
    if isinstance(raw, EmailMessage):
        raw = as_bytes(raw)
    recipients = [to] if isinstance(to, str) else to
    with smtplib.SMTP(server.host, server.port, local_hostname="zvh-tests", timeout=timeout) as c:
        c.ehlo()
        code, _ = c.mail(mail_from)
        assert code == 250
        rcpt = 0
        for address in recipients:
            rcpt, _ = c.rcpt(address)
        if rcpt != 250:
            return Reply(rcpt=rcpt, data=None)
        data, text = c.data(raw)
        return Reply(rcpt=rcpt, data=data, text=text)


@pytest.fixture
def intake_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def listener(houses, demo_users, intake_media) -> Iterator[IntakeServer]:
    """The real listener on 127.0.0.1 and a free port (use with a transactional database: it
    stores from its own threads). The demo organisations and accounts are loaded."""
    server = IntakeServer(host="127.0.0.1", port=0, hostname="intake.zvh-tests.invalid")
    server.start()
    try:
        yield server
    finally:
        server.stop(timeout=10)


@pytest.fixture
def send_mail(listener) -> Callable[..., Reply]:
    def _send(raw, **kwargs) -> Reply:
        return send(listener, raw, **kwargs)

    return _send
