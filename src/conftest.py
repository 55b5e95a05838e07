"""Fixtures shared by every app's tests."""

import email
import email.policy
import logging
import re
import smtplib
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.accounts.second_factor import current_totp, totp_device_ensure
from zvh.common.reauthentication import mark_reauthenticated
from zvh.demo.services import demo_load
from zvh.network.models import Municipality, Veiligheidshuis
from zvh.network.services import configurations_load_shipped

TEST_PASSWORD = "test-wachtwoord-zvh"  # noqa: S105


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Every test starts in the site's language (Dutch) and leaves the thread as it found it.

    A request activates its language in the thread (``common.middleware.LanguageMiddleware``,
    like Django's own, never deactivates it: the next request activates its own). The test
    client runs requests in the test's thread, so without this a test that chose English (the
    language cookie) would leave English active for the tests after it, and their messages,
    labels and mails would come out in English depending on the order of the tests.
    """
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


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
    # The login wizard's user_verified signal records the login as a fresh proof of password
    # and code (zvh.common.reauthentication); a forced login does the same.
    mark_reauthenticated(session)
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
        #: Recipient address (lower case) -> the reply to its RCPT TO, e.g. "550 5.1.1 No such
        #: user" for a permanent refusal or "451 4.3.0 Try later" for a temporary one.
        self.refuse: dict[str, str] = {}
        #: Open SMTP connections (so a graceful stop can wait for them to finish).
        self.sessions = 0
        self.sessions_changed = threading.Condition()

    async def handle_RCPT(  # noqa: N802 (aiosmtpd hook)
        self, server, session, envelope, address, rcpt_options
    ) -> str:
        reply = self.refuse.get(address.lower())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    def session_opened(self, delta: int) -> None:
        with self.sessions_changed:
            self.sessions += delta
            self.sessions_changed.notify_all()

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

    def factory(self):
        return _CountingSMTP(self.handler, **self.SMTP_kwargs)


class _CountingSMTP(SMTP):
    """aiosmtpd's server, telling the handler when a connection opens and closes."""

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self.event_handler.session_opened(+1)

    def connection_lost(self, error) -> None:
        super().connection_lost(error)
        self.event_handler.session_opened(-1)


def _listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class SmtpServer:
    """What the ``smtp_server`` fixture yields. ``stop()`` and ``start()`` take the server down
    and bring it back on the same port (messages received so far are kept)."""

    def __init__(self, *, host: str, port: int, handler: _CollectingHandler) -> None:
        self.host = host
        self.port = port
        self._handler = handler
        self._controller: _LoopbackController | None = None
        self._sock: socket.socket | None = None

    @property
    def handler(self) -> _CollectingHandler:
        return self._handler

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self, *, sock: socket.socket | None = None) -> None:
        """Listen (again) on the same host and port and wait until the server answers."""
        assert self._controller is None, "the SMTP server is already running"
        self._sock = sock or _listening_socket(self.host, self.port)
        self._controller = _LoopbackController(
            self._handler,
            sock=self._sock,
            # Skips socket.getfqdn(), which can hang for seconds without DNS.
            server_hostname="smtp.zvh-tests.invalid",
            ready_timeout=30.0,
        )
        self._controller.start()
        _wait_until_serving(self.host, self.port, deadline=time.monotonic() + 30.0)

    def stop(self, *, graceful: bool = True, timeout: float = 10.0) -> None:
        """Take the server down: new connections are refused at once; with ``graceful`` (as a
        real mail server's restart) the sessions in progress finish first."""
        controller, sock = self._controller, self._sock
        if controller is None:
            return
        self._controller = self._sock = None
        if graceful and controller.server is not None:
            controller.loop.call_soon_threadsafe(controller.server.close)
            with self._handler.sessions_changed:
                self._handler.sessions_changed.wait_for(
                    lambda: self._handler.sessions <= 0, timeout
                )
        controller.stop(no_assert=True)
        if sock is not None:
            sock.close()

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
    with ``envelope_from`` and ``envelope_to``; ``smtp_server.handler.refuse`` makes it refuse
    recipients; ``stop()``/``start()`` take it down and up on the same port."""
    # Port 0 gives a free port, bound by us: no window in which another process can take it.
    sock = _listening_socket("127.0.0.1", 0)
    host, port = sock.getsockname()[:2]
    server = SmtpServer(host=host, port=port, handler=_CollectingHandler())
    try:
        server.start(sock=sock)
        # start()'s own probe connection never sent a message, but be exact about it.
        server.clear()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = host
        settings.EMAIL_PORT = port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        yield server
    finally:
        server.stop(graceful=False)
        sock.close()


# --- Log hygiene (issue 5 item 12): no BSN or person name in any log record ---------------------


class LogLeakCatcher(logging.Handler):
    """Sees every log record of the test run (INFO and up) and notes those that contain the BSN
    or the name of a person the current test created (``registrations.Person``, caught by a
    post_save receiver), or one of ``ALWAYS_WATCHED``. Names are matched as whole words,
    case-insensitively; BSNs as whole numbers."""

    #: Test values that must never be logged, whatever test they appear in.
    ALWAYS_WATCHED = ("111222333", "Jan Pieter van Dijk")

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.values: set[str] = set(self.ALWAYS_WATCHED)
        self.leaks: list[tuple[str, str]] = []
        self._pattern: re.Pattern[str] | None = None

    def watch(self, *values: str) -> None:
        new = {value.strip() for value in values if value and len(value.strip()) >= 4}
        if not new <= self.values:
            self.values |= new
            self._pattern = None

    def reset(self) -> None:
        self.values = set(self.ALWAYS_WATCHED)
        self._pattern = None
        self.leaks = []

    def person_saved(self, *, instance, **_: object) -> None:
        self.watch(instance.bsn, instance.full_name, instance.surname, instance.given_names)

    def found_in(self, text: str) -> str | None:
        if self._pattern is None:
            alternatives = sorted((re.escape(v) for v in self.values), key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)
        match = self._pattern.search(text)
        return match.group(0) if match else None

    @staticmethod
    def text_of(record: logging.LogRecord) -> str:
        """The message (a structlog event dict included), its arguments and any traceback."""
        parts = [str(record.msg), repr(record.args)]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        if record.exc_text:
            parts.append(record.exc_text)
        return "\n".join(parts)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            found = self.found_in(self.text_of(record))
        except Exception:  # a broken record must not break the test run
            return
        if found:
            self.leaks.append((found, f"{record.name}: {str(record.msg)[:300]}"))


_leak_catcher = LogLeakCatcher()


def _attach_leak_catcher() -> None:
    """Put the catcher on the root logger with the root at INFO (the console handlers stay at
    WARNING, as before). Again before every test: a test that reconfigures logging (a worker,
    ``django.setup()``) would otherwise have taken it off for the rest of the run."""
    root = logging.getLogger()
    if _leak_catcher not in root.handlers:
        for handler in root.handlers:
            handler.setLevel(max(handler.level, logging.WARNING))
        root.addHandler(_leak_catcher)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


@pytest.fixture(scope="session", autouse=True)
def _catch_log_leaks():
    """Watch every person the tests create (post_save of ``registrations.Person``)."""
    from django.db.models.signals import post_save

    from zvh.registrations.models import Person

    post_save.connect(_leak_catcher.person_saved, sender=Person, dispatch_uid="log_leak_catcher")
    yield _leak_catcher
    post_save.disconnect(sender=Person, dispatch_uid="log_leak_catcher")
    logging.getLogger().removeHandler(_leak_catcher)


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs(_catch_log_leaks):
    """Fails a test (as an error in its teardown) when a record it caused holds a BSN or a name
    of a person it created. ``log_leaks`` lets the catcher's own tests take the leaks away."""
    _attach_leak_catcher()
    _leak_catcher.reset()
    yield
    leaks, _leak_catcher.leaks = _leak_catcher.leaks, []
    if leaks:
        found = "\n".join(f"  {value!r} in {where}" for value, where in leaks[:5])
        pytest.fail(f"Personal data in the application log:\n{found}", pytrace=False)


@pytest.fixture
def log_leaks() -> LogLeakCatcher:
    """The catcher, for tests of the catcher itself (they empty ``leaks`` when done)."""
    return _leak_catcher
