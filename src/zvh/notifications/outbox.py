"""The outbox: every mail is stored first, then sent by the worker (see docs/decisions/0005).

Rules:
- A mail is written in the transaction of the action that causes it; a rolled-back action leaves
  no mail. Its delivery task is enqueued only once that transaction has committed.
- Before talking SMTP a sender *claims* the mail with one conditional update (pending and due →
  sending); only the sender whose update changed the row sends, so two workers never send the
  same mail. After the server accepted it, the mail is marked sent.
- A connection error, a timeout or a 4xx reply puts the mail back to pending with exponential
  back-off; a 5xx reply (or too many attempts) marks it failed for the administrator, who may
  retry it. ``last_error`` holds an exception class or reply code, never an address or text.
- A mail left in "sending" longer than the lease (its worker died mid-send) goes back to pending:
  that one mail may then be sent a second time, with the same Message-ID.
- Once the server has accepted the message (its reply to DATA), the mail is delivered: an error
  while saying goodbye (a reset or dropped connection on QUIT) is noted on the sent mail, never
  retried, so nobody gets it twice.
- When a mail goes out, the server is (back) up: mails waiting out a back-off after temporary
  failures of the connection are made due at once and handed to the worker, instead of each
  waiting for its own slot (up to hours with the production back-off).
- A server that accepts the mail for some recipients and refuses others: the mail is sent (to
  those it accepted, never again) and each refused group becomes an outbox row of its own, with
  only those recipients: pending with back-off for a 4xx refusal, failed (for the administrator
  to see and retry) for a 5xx one. No refused recipient is dropped silently.
"""

import contextlib
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from email.utils import make_msgid

import structlog
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task

from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration

from .models import OutgoingMail
from .templating import RenderedMail

log = structlog.get_logger(__name__)

#: RFC 3834: tells mail servers and out-of-office responders not to answer automatically.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
Status = OutgoingMail.Status


@dataclass(frozen=True)
class Failure:
    permanent: bool
    summary: str


def classify_failure(error: BaseException) -> Failure:
    """Temporary (retry later) or permanent (give up), with a summary free of personal data:
    5xx replies are permanent; 4xx replies, refused or dropped connections and timeouts are
    temporary. A server's reply text is never kept (it often repeats the address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in error.recipients.values()})
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return Failure(permanent, "recipients refused: " + ",".join(str(c) for c in codes))
    if isinstance(error, smtplib.SMTPResponseException):
        return Failure(500 <= error.smtp_code < 600, f"SMTP {error.smtp_code}")
    return Failure(False, type(error).__name__)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from the base, capped."""
    base = settings.ZVH_OUTBOX_BACKOFF_SECONDS
    cap = settings.ZVH_OUTBOX_BACKOFF_MAX_SECONDS
    return timedelta(seconds=min(cap, base * 2 ** max(attempts - 1, 0)))


def _enqueue(mail_id: int, *, run_after: datetime | None = None) -> None:
    """Hand the mail to the worker. The task carries its due time even when that is now: the
    database queue runs tasks in ``run_after`` order, so first-time mails are not starved by a
    stream of retries. If even enqueueing fails, the scheduler's sweep finds the mail."""
    run_after = run_after or timezone.now()
    try:
        task = deliver_mail
        if task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        elif run_after > timezone.now():
            return  # the sweep picks it up when due
        task.enqueue(mail_id)
    except Exception:
        log.exception("mail_enqueue_failed", mail_id=mail_id)


def outbox_add(
    *,
    key: str,
    recipients: list[str],
    rendered: RenderedMail,
    language: str,
    idempotency_key: str,
    veiligheidshuis: Veiligheidshuis | None = None,
    registration: Registration | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> OutgoingMail | None:
    """Store a mail in the current transaction and enqueue its delivery on commit. A second mail
    with the same idempotency key is not stored (``None``): it was already queued.
    ``attachments`` are text parts (see ``OutgoingMail.attachments``), sent with the mail."""
    domain = settings.ZVH_MAIL_MESSAGE_ID_DOMAIN
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                idempotency_key=idempotency_key,
                message_id=make_msgid(domain=domain),
                template_key=key,
                language=language,
                recipients=recipients,
                subject=rendered.subject,
                body=rendered.body,
                attachments=list(attachments or []),
                veiligheidshuis=veiligheidshuis,
                registration=registration,
                reference=(registration.reference or "") if registration else "",
            )
    except IntegrityError:
        log.info("mail_already_queued", template=key, idempotency_key=idempotency_key)
        return None
    transaction.on_commit(lambda: _enqueue(mail.pk))
    log.info("mail_queued", template=key, mail_id=mail.pk, recipients=len(recipients))
    return mail


def _claim(mail_id: int, now: datetime) -> bool:
    return bool(
        OutgoingMail.objects.filter(
            pk=mail_id, status=Status.PENDING, next_attempt_at__lte=now
        ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


@dataclass(frozen=True)
class Delivery:
    """What the server said to a message it accepted."""

    #: Recipients refused while the mail was accepted for others (address -> reply code).
    refused: dict[str, int]
    #: An error after the acceptance (saying goodbye), e.g. "QUIT: ConnectionResetError".
    after_acceptance: str = ""


def _say_goodbye(connection: SmtpBackend) -> str:
    """QUIT and close. After an accepted message an error here changes nothing about the
    delivery, so it is returned (a summary without personal data: the error's class or the
    reply code) instead of raised; Django's own close() would swallow it unseen."""
    smtp, connection.connection = connection.connection, None
    if smtp is None:
        return ""
    try:
        code, _text = smtp.quit()
    except (OSError, smtplib.SMTPException) as error:
        with contextlib.suppress(OSError):
            smtp.close()
        return f"QUIT: {type(error).__name__}"
    return "" if code == 221 else f"QUIT: {code}"


def _smtp_send(mail: OutgoingMail) -> Delivery:
    """Send ``mail``. Refusing every recipient raises, as any other failure before the server
    accepted the message; after that, nothing raises."""
    headers = {**AUTOMATIC_HEADERS, "Message-ID": mail.message_id}
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.recipients,
        headers=headers,
    )
    for attachment in mail.attachments or []:
        message.attach(_attachment_part(attachment))
    connection = get_connection(fail_silently=False)
    if not isinstance(connection, SmtpBackend):
        message.send(fail_silently=False)  # console / in-memory backends refuse nobody
        return Delivery(refused={})
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    connection.open()
    try:
        # Django's backend drops smtplib's dict of refused recipients; we keep it.
        refused = connection.connection.sendmail(
            sender, recipients, message.message().as_bytes(linesep="\r\n")
        )
    except BaseException:
        _say_goodbye(connection)  # not accepted: the send's own error is what counts
        raise
    after = _say_goodbye(connection)
    by_address = {sanitize_address(a, encoding): a for a in mail.recipients}
    return Delivery(
        refused={
            by_address.get(address, address): code for address, (code, _text) in refused.items()
        },
        after_acceptance=after,
    )


def _wake_waiting(now: datetime) -> int:
    """Make due now the mails waiting out a back-off after connection failures (not those
    whose recipients were refused: that is the recipient's server, not ours), and hand them to
    the worker. Returns how many were waiting."""
    from .tasks import deliver_due_mails

    waiting = OutgoingMail.objects.filter(
        status=Status.PENDING, attempts__gt=0, next_attempt_at__gt=now
    ).exclude(last_error__startswith="recipients refused")
    woken = waiting.update(next_attempt_at=now)
    if woken:
        log.info("mails_woken", count=woken)
        try:
            deliver_due_mails.enqueue()
        except Exception:
            log.exception("mail_wake_enqueue_failed")
    return woken


def _attachment_part(attachment: dict[str, str]) -> MIMEText:
    """A stored text attachment as a MIME part; a calendar part carries its METHOD parameter
    (RFC 6047), so mail programs offer to add, update or cancel the event."""
    _maintype, subtype = attachment["content_type"].split("/", 1)
    part = MIMEText(attachment["content"], subtype, "utf-8")
    if attachment.get("method"):
        part.set_param("method", attachment["method"])
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def _requeue_refused(mail: OutgoingMail, refused: dict[str, int]) -> None:
    """One new outbox row per reply-code class (temporary, permanent) with only the refused
    recipients; its idempotency key derives from the original, so a repeat creates nothing."""
    now = timezone.now()
    domain = settings.ZVH_MAIL_MESSAGE_ID_DOMAIN
    groups: dict[bool, list[str]] = {}
    for address, code in refused.items():
        groups.setdefault(500 <= code < 600, []).append(address)
    for permanent, addresses in sorted(groups.items()):
        codes = sorted({refused[a] for a in addresses})
        summary = "recipients refused: " + ",".join(str(c) for c in codes)
        kind = "failed" if permanent else "retry"
        try:
            with transaction.atomic():
                follow_up = OutgoingMail.objects.create(
                    idempotency_key=f"{mail.idempotency_key}:refused-{kind}"[:200],
                    message_id=make_msgid(domain=domain),
                    template_key=mail.template_key,
                    language=mail.language,
                    recipients=addresses,
                    subject=mail.subject,
                    body=mail.body,
                    attachments=mail.attachments,
                    veiligheidshuis_id=mail.veiligheidshuis_id,
                    registration_id=mail.registration_id,
                    reference=mail.reference,
                    status=Status.FAILED if permanent else Status.PENDING,
                    attempts=1,
                    next_attempt_at=now + backoff(1),
                    last_error=summary,
                )
        except IntegrityError:
            continue
        log.warning(
            "mail_partly_refused",
            mail_id=mail.pk,
            follow_up_id=follow_up.pk,
            refused=len(addresses),
            error=summary,
        )
        if not permanent:
            _enqueue(follow_up.pk, run_after=follow_up.next_attempt_at)


def outbox_deliver(*, mail_id: int) -> str:
    """Send one mail if it is pending and due; returns what happened (``sent``, ``retry``,
    ``failed`` or ``skipped`` when another sender has it, it is not due, or it is done)."""
    if not _claim(mail_id, timezone.now()):
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        delivery = _smtp_send(mail)
    except Exception as error:
        return _record_failure(mail, classify_failure(error))
    refused = delivery.refused
    notes = [f"{len(refused)} of {len(mail.recipients)} recipients refused"] if refused else []
    if delivery.after_acceptance:
        notes.append(f"accepted; {delivery.after_acceptance}")
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail_id, status=Status.SENDING).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            claimed_at=None,
            last_error="; ".join(notes)[:200],
        )
        if refused:
            _requeue_refused(mail, refused)
    log.info("mail_sent", template=mail.template_key, mail_id=mail_id, attempts=mail.attempts)
    transaction.on_commit(lambda: _wake_waiting(timezone.now()))
    return "sent"


def _record_failure(mail: OutgoingMail, failure: Failure) -> str:
    now = timezone.now()
    if failure.permanent or mail.attempts >= settings.ZVH_OUTBOX_MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
            status=Status.FAILED, claimed_at=None, last_error=failure.summary[:200]
        )
        log.warning(
            "mail_failed", template=mail.template_key, mail_id=mail.pk, error=failure.summary
        )
        return "failed"
    retry_at = now + backoff(mail.attempts)
    OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        claimed_at=None,
        next_attempt_at=retry_at,
        last_error=failure.summary[:200],
    )
    log.info("mail_retry", mail_id=mail.pk, attempts=mail.attempts, error=failure.summary)
    _enqueue(mail.pk, run_after=retry_at)
    return "retry"


def outbox_deliver_due(*, limit: int = 500) -> int:
    """Send every pending mail that is due (up to ``limit``); returns how many were sent."""
    ids = list(
        OutgoingMail.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_deliver(mail_id=mail_id) == "sent" for mail_id in ids)


def outbox_sweep(*, now: datetime) -> int:
    """Recover what a crash left behind: mails stuck in "sending" past the lease go back to
    pending, and if any pending mail is overdue a task to send the due mails is enqueued.
    Returns the number of mails recovered."""
    lease = timedelta(seconds=settings.ZVH_OUTBOX_SENDING_LEASE_SECONDS)
    recovered = OutgoingMail.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - lease
    ).update(status=Status.PENDING, claimed_at=None, next_attempt_at=now, last_error="interrupted")
    if recovered:
        log.warning("mails_recovered", count=recovered)
    grace = timedelta(seconds=settings.ZVH_OUTBOX_SWEEP_GRACE_SECONDS)
    overdue = OutgoingMail.objects.filter(status=Status.PENDING, next_attempt_at__lte=now - grace)
    if overdue.exists():
        try:
            deliver_due_mails.enqueue()
        except Exception:
            log.exception("mail_sweep_enqueue_failed")
    return recovered


def outbox_retry(*, mails: QuerySet[OutgoingMail]) -> int:
    """The administrator retries failed mails: they become pending and due now, with a fresh
    attempt count. Mails that are not failed are left alone. Returns how many were retried."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(mails.filter(status=Status.FAILED).values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=ids, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=now, last_error=""
        )
        for mail_id in ids:
            transaction.on_commit(lambda mail_id=mail_id: _enqueue(mail_id))
    log.info("mails_retried", count=len(ids))
    return len(ids)


# The worker's tasks live beside what they run: delivery enqueues its own retries, so a module of
# tasks apart from this one would import it and be imported by it (``tasks`` re-exports them).


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one stored mail (a no-op when it is not pending and due, or another worker has it)."""
    return outbox_deliver(mail_id=mail_id)


@task()
def deliver_due_mails() -> int:
    """Send every pending mail that is due (enqueued by the scheduler's sweep)."""
    return outbox_deliver_due()
