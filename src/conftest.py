"""Fixtures shared by every app's tests."""

import email
import email.policy
import smtplib
import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.accounts.second_factor import current_totp, totp_device_ensure
from zvh.demo.services import demo_load
from zvh.network.models import Municipality, Veiligheidshuis
from zvh.network.services import configurations_load_shipped

TEST_PASSWORD = "test-wachtwoord-zvh"  # noqa: S105


@pytest.fixture
def houses(db) -> dict[str, Veiligheidshuis]:
    """The shipped configurations (Sittard and Maastricht), by short code."""
    return {vh.code: vh for vh in configurations_load_shipped()}


@pytest.fixture
def municipalities(houses) -> dict[str, Municipality]:
    """The shipped municipalities, by name."""
    return {m.name: m for m in Municipality.objects.all()}


@pytest.fixture
def roles(db) -> dict[RoleCode, Role]:
    """The role rows. A migration creates them, but a transactional test (``transaction=True``,
    ``live_server``) flushes every table afterwards; this puts them back for the next one."""
    return {RoleCode(code): Role.objects.get_or_create(code=code)[0] for code in RoleCode}


@pytest.fixture
def demo_users(db, roles) -> dict[str, User]:
    """The demo organisations and one account per role, by username (password TEST_PASSWORD)."""
    return {user.username: user for user in demo_load(password=TEST_PASSWORD)}


TEST_TOTP_KEY_HEX = "00112233445566778899aabbccddeeff00112233"


def verify_second_factor(client, user: User) -> None:
    """Mark the client's session as verified with a second factor, as the login wizard does
    after a correct TOTP code (the user gets a known TOTP device if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device_ensure(
        user=user, key_hex=TEST_TOTP_KEY_HEX
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_verified(client, user: User):
    """``client.force_login`` plus a verified second factor; returns the client."""
    client.force_login(user)
    verify_second_factor(client, user)
    return client


@pytest.fixture
def login(client):
    """Log the test client in as a user, second factor included; returns the client."""

    def _login(user: User):
        return force_login_verified(client, user)

    return _login


def password_login(
    client, username: str, password: str = TEST_PASSWORD, *, code: str | None = None
):
    """Log in through the real two-step login form: password, then (if ``code``) the TOTP code.
    Returns the last response."""
    response = client.post(
        reverse("login"),
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
    )
    if code is not None and response.status_code == 200:
        response = client.post(
            reverse("login"), {"login_view-current_step": "token", "token-otp_token": code}
        )
    return response


def current_code(user: User) -> str:
    """The user's current TOTP code (their device's replay guard reset, so tests may log in twice
    within one 30-second window)."""
    device = TOTPDevice.objects.get(user=user, name="default")
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return current_totp(device)


# --- A real SMTP server on loopback ------------------------------------------------------------


class ReceivedMessage(EmailMessage):
    """A message as the SMTP server received it, with the SMTP envelope beside the headers."""

    envelope_from: str = ""
    #: The RCPT TO addresses: who the message was delivered to (Bcc included, unlike ``To:``).
    envelope_to: list[str]

    @property
    def text(self) -> str:
        """The plain-text body, decoded, with the wire's CRLF line ends as plain newlines."""
        part = self.get_body(preferencelist=("plain",))
        return part.get_content().replace("\r\n", "\n") if part is not None else ""


class _CollectingHandler:
    def __init__(self) -> None:
        self.messages: list[ReceivedMessage] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook)
        message = email.message_from_bytes(
            envelope.original_content or envelope.content,
            _class=ReceivedMessage,
            policy=email.policy.default,
        )
        message.envelope_from = envelope.mail_from
        message.envelope_to = list(envelope.rcpt_tos)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class _LoopbackController(Controller):
    """aiosmtpd's threaded controller on a socket we bound ourselves: port 0 gives a free port
    with no window in which another process can take it."""

    def __init__(self, handler, *, sock: socket.socket, **kwargs) -> None:
        self._sock = sock
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=None)


class SmtpServer:
    """What the ``smtp_server`` fixture yields."""

    def __init__(self, *, host: str, port: int, handler: _CollectingHandler) -> None:
        self.host = host
        self.port = port
        self._handler = handler

    @property
    def messages(self) -> list[ReceivedMessage]:
        """Every message received so far, in order of arrival."""
        return self._handler.messages

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Wait until at least ``count`` messages have arrived (for senders outside the test's
        thread); Django's SMTP backend itself returns only after the server accepted the data."""
        with self._handler.arrived:
            if not self._handler.arrived.wait_for(
                lambda: len(self._handler.messages) >= count, timeout
            ):
                raise AssertionError(
                    f"expected {count} message(s) within {timeout}s, got "
                    f"{len(self._handler.messages)}"
                )
        return list(self._handler.messages)

    def clear(self) -> None:
        with self._handler.arrived:
            self._handler.messages.clear()


def _wait_until_serving(host: str, port: int, deadline: float) -> None:
    """Block until the server answers EHLO (a slow, busy machine may take a moment)."""
    while True:
        try:
            with smtplib.SMTP(host, port, local_hostname="zvh-tests", timeout=5) as client:
                code, _reply = client.ehlo()
                if code == 250:
                    return
        except (OSError, smtplib.SMTPException):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port; Django sends to it for the
    duration of the test. ``smtp_server.messages`` holds the received messages, parsed, each
    with ``envelope_from`` and ``envelope_to``."""
    handler = _CollectingHandler()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()[:2]
    controller = _LoopbackController(
        handler,
        sock=sock,
        # Skips socket.getfqdn(), which can hang for seconds without DNS.
        server_hostname="smtp.zvh-tests.invalid",
        ready_timeout=30.0,
    )
    try:
        controller.start()
        _wait_until_serving(host, port, deadline=time.monotonic() + 30.0)
        # start()'s own probe connection never sent a message, but be exact about it.
        handler.messages.clear()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = host
        settings.EMAIL_PORT = port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        yield SmtpServer(host=host, port=port, handler=handler)
    finally:
        controller.stop(no_assert=True)
        sock.close()
