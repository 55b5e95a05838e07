"""The SMTP (or LMTP) listener behind the organisation's mail server (aiosmtpd).

Rules:
- RCPT TO an address that is no Veiligheidshuis's meldpunt address: 550, at once.
- A mail larger than ``ZVH_INTAKE_MAX_BYTES``: 552 (at MAIL FROM when the sender declares its
  SIZE, else at the end of DATA; the data is not kept in memory). A line longer than SMTP allows
  (1000 bytes): 500.
- After DATA the mail goes to ``services.mail_receive`` in a worker thread (the ORM is
  synchronous); the reply is 250 only after that returned, i.e. after the commit. A refusal of
  the service is answered as such (5xx); any other failure is 451 (the sending server keeps the
  mail and tries again), logged by the class of the error only. The listener itself never stops
  on a mail.
- Nothing personal is logged: no addresses, subjects or contents (aiosmtpd's own logger, which
  logs addresses at INFO, is set to WARNING).
- ``stop()`` is graceful: no new connections, the sessions in progress finish (up to a
  timeout), and every mail handed to a worker is stored before the process ends.
"""

import asyncio
import functools
import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import structlog
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from .selectors import is_meldpunt_address
from .services import REFUSE_UNKNOWN_RECIPIENT, MailRefused, mail_receive

log = structlog.get_logger(__name__)

STORED = "250 2.0.0 Message stored"
RECIPIENT_OK = "250 2.1.5 Recipient OK"
TRY_AGAIN = "451 4.3.0 Temporary failure, please try again later"
ERROR = "500 5.5.0 Error"


def _in_worker(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a database call in a worker thread with a fresh connection, closed afterwards (a
    listener runs for months; no connection may go stale between mails)."""
    close_old_connections()
    try:
        return function(*args, **kwargs)
    finally:
        connections.close_all()


class IntakeHandler:
    """aiosmtpd hooks: the recipient check and the storing of a mail."""

    def __init__(self, *, executor: ThreadPoolExecutor, lmtp: bool = False) -> None:
        self.executor = executor
        self.lmtp = lmtp
        #: Open connections (a graceful stop waits for them).
        self.sessions = 0
        self.sessions_changed = threading.Condition()

    def session_opened(self, delta: int) -> None:
        with self.sessions_changed:
            self.sessions += delta
            self.sessions_changed.notify_all()

    async def _run(self, function: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, functools.partial(_in_worker, function, **kwargs)
        )

    async def handle_RCPT(  # noqa: N802 (aiosmtpd hook)
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        try:
            known = await self._run(is_meldpunt_address, address=address)
        except Exception as error:
            log.error("intake_recipient_check_failed", error=type(error).__name__)
            return TRY_AGAIN
        if not known:
            log.info("intake_recipient_refused")
            return REFUSE_UNKNOWN_RECIPIENT
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return RECIPIENT_OK

    async def handle_DATA(  # noqa: N802 (aiosmtpd hook)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        received_at = timezone.now()
        raw = envelope.original_content or b""
        try:
            await self._run(
                mail_receive,
                raw=bytes(raw),
                mail_from=envelope.mail_from or "",
                rcpt_to=list(envelope.rcpt_tos),
                received_at=received_at,
            )
            reply = STORED
        except MailRefused as refusal:
            log.info("intake_mail_refused", reply=refusal.reply[:3], size=len(raw))
            reply = refusal.reply
        except Exception as error:
            log.error("intake_store_failed", error=type(error).__name__, size=len(raw))
            reply = TRY_AGAIN
        if self.lmtp:
            # LMTP answers DATA once per recipient; all were stored (or not) together.
            return "\r\n".join([reply] * max(len(envelope.rcpt_tos), 1))
        return reply

    async def handle_exception(self, error: Exception) -> str:
        log.error("intake_session_error", error=type(error).__name__)
        return ERROR


class _Counting:
    """Tells the handler when a connection opens and closes."""

    event_handler: IntakeHandler

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self.event_handler.session_opened(+1)

    def connection_lost(self, error: Exception | None) -> None:
        super().connection_lost(error)  # type: ignore[misc]
        self.event_handler.session_opened(-1)


class IntakeSMTP(_Counting, SMTP):
    pass


class IntakeLMTP(_Counting, LMTP):
    pass


class IntakeServer:
    """The listener on its own event loop in a background thread.

    ``port=0`` takes a free port (see ``port`` after ``start()``). ``workers`` is the number of
    mails stored at the same time."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8025,
        lmtp: bool = False,
        hostname: str = "zvh-intake",
        workers: int = 4,
        session_timeout: float = 300.0,
    ) -> None:
        self.host = host
        self.port = port
        self.lmtp = lmtp
        self.hostname = hostname
        self.session_timeout = session_timeout
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="intake")
        self.handler = IntakeHandler(executor=self.executor, lmtp=lmtp)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None

    def _protocol(self) -> SMTP:
        cls = IntakeLMTP if self.lmtp else IntakeSMTP
        return cls(
            self.handler,
            data_size_limit=settings.ZVH_INTAKE_MAX_BYTES,
            enable_SMTPUTF8=True,
            hostname=self.hostname,
            ident="zvh intake",
            timeout=self.session_timeout,
            loop=self._loop,
        )

    def start(self, *, ready_timeout: float = 30.0) -> None:
        # aiosmtpd logs senders and recipients at INFO: never let that through.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        loop = asyncio.new_event_loop()
        self._loop = loop
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                sock = socket.create_server((self.host, self.port), reuse_port=False)
                self._server = loop.run_until_complete(
                    loop.create_server(self._protocol, sock=sock)
                )
            except BaseException as error:
                failure.append(error)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=run, name="intake-listener", daemon=True)
        self._thread.start()
        if not ready.wait(ready_timeout):
            raise TimeoutError("The intake listener did not start in time.")
        if failure:
            raise failure[0]
        assert self._server is not None
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("intake_listening", port=self.port, lmtp=self.lmtp)

    def stop(self, *, timeout: float = 30.0) -> None:
        """Stop taking connections, let the sessions in progress finish (at most ``timeout``
        seconds), then end; every mail handed to a worker is stored first."""
        loop, server, thread = self._loop, self._server, self._thread
        if loop is None or server is None or thread is None:
            return
        loop.call_soon_threadsafe(server.close)
        with self.handler.sessions_changed:
            self.handler.sessions_changed.wait_for(lambda: self.handler.sessions <= 0, timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self.executor.shutdown(wait=True)
        self._loop = self._server = self._thread = None
        log.info("intake_stopped")
