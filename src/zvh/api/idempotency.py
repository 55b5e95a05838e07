"""``Idempotency-Key`` on POST: a retry returns the original response and does nothing again.

How it works (one rule, used by every POST through ``@idempotent`` or ``IdempotentCreateMixin``):

1. The key (1 to 255 printable ASCII characters) is required; without it the POST is a 400.
2. The request is fingerprinted: method, path and the parsed body in canonical form (uploaded
   files by name, size and SHA-256), so a multipart retry with a new boundary still matches.
3. In one transaction: insert the record (client, key, fingerprint), do the work, store the
   response. The unique constraint on (client, key) makes a concurrent identical request wait
   for the first to commit (PostgreSQL: its insert blocks on the index; SQLite: the write lock),
   then find the stored record and replay it. If it waits longer than ``WAIT_SECONDS`` it gets
   409 with ``Retry-After``. Nothing but the insert of the record waits like this: the work
   itself runs without the bound.
4. A stored record with another fingerprint is a 422. Only 2xx responses are stored: on an error
   the transaction rolls back, the record with it, and the key may be used again.
"""

import functools
import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import QueryDict
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IdempotencyRecord
from .problems import Conflict, IdempotencyKeyMissing, IdempotencyKeyReused
from .schema import IDEMPOTENCY_HEADER

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
#: How long a request waits for a concurrent one with the same key before it gets a 409.
WAIT_SECONDS = 10
#: Response headers kept and replayed with the body.
REPLAYED_HEADERS = ("Location", "ETag")
REPLAYED_MARKER = "Idempotent-Replayed"


def _canonical(value: Any) -> Any:
    if isinstance(value, QueryDict):
        return {key: [_canonical(v) for v in value.getlist(key)] for key in sorted(value)}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if hasattr(value, "chunks"):  # an uploaded file
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
    return value


def request_fingerprint(request: Request) -> str:
    """SHA-256 of method, path and the parsed body (parsing errors surface here, as a 400)."""
    body = {"data": _canonical(request.data), "files": _canonical(dict(request.FILES.lists()))}
    document = [request.method, request.path, body]
    encoded = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _bounded_lock_wait() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(WAIT_SECONDS * 1000)}ms'")


def _unbounded_lock_wait() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = DEFAULT")


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.status_code)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED_MARKER] = "true"
    return response


def run_idempotently(
    request: Request,
    work: Callable[[], Response],
    on_replay: Callable[[Any], None] | None = None,
    registration_of: Callable[[Any], Any] | None = None,
) -> Response:
    """Run ``work`` at most once per (client, Idempotency-Key); see the module docstring.
    ``on_replay(stored_body)`` runs in the replay's transaction before a stored response is
    handed out again (the access log: a replay shows the same personal data once more).
    ``registration_of(body)`` names the registration a stored response is about, which
    retention removes it with."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    if not KEY_PATTERN.match(key):
        raise IdempotencyKeyMissing(
            "Send an Idempotency-Key header of 1 to 255 printable ASCII characters."
        )
    fingerprint = request_fingerprint(request)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            return _run_once(
                request,
                key=key,
                fingerprint=fingerprint,
                work=work,
                on_replay=on_replay,
                registration_of=registration_of,
            )
        except _WaitedTooLongError:
            # PostgreSQL waited in the lock (up to its lock_timeout); SQLite reports a busy
            # database (at once when in shared-cache memory, as in tests): try again shortly.
            if time.monotonic() >= deadline:
                raise Conflict(
                    "A request with this Idempotency-Key is still being processed; retry later.",
                    retry_after=1,
                ) from None
            time.sleep(0.05)


class _WaitedTooLongError(Exception):
    pass


def _run_once(
    request: Request,
    *,
    key: str,
    fingerprint: str,
    work: Callable[[], Response],
    on_replay: Callable[[Any], None] | None,
    registration_of: Callable[[Any], Any] | None = None,
) -> Response:
    working = False
    try:
        with transaction.atomic():
            _bounded_lock_wait()
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        client=request.auth, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                existing = IdempotencyRecord.objects.get(client=request.auth, key=key)
                if existing.fingerprint != fingerprint:
                    raise IdempotencyKeyReused() from None
                if on_replay is not None:
                    on_replay(existing.response_body)
                return _replay(existing)
            _unbounded_lock_wait()
            working = True
            response = work()
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.response_body = json.loads(JSONRenderer().render(response.data) or b"null")
            record.response_headers = {h: response[h] for h in REPLAYED_HEADERS if h in response}
            record.registration_public_id = _uuid_or_none(
                registration_of(record.response_body) if registration_of else None
            )
            record.save(
                update_fields=[
                    "status_code",
                    "response_body",
                    "response_headers",
                    "registration_public_id",
                ]
            )
            return response
    except OperationalError:
        if working:
            raise
        raise _WaitedTooLongError() from None


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def idempotent(method: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a view's ``post`` so it runs through ``run_idempotently`` (and the schema
    documents the required ``Idempotency-Key`` header)."""

    @functools.wraps(method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        def registration_of(body: Any) -> Any:
            named = body.get("id") if isinstance(body, dict) else None
            return kwargs.get("public_id") or named

        def replayed(body: Any) -> None:
            hook = getattr(self, "log_replay", None)
            if hook is not None:
                hook(request, public_id=registration_of(body))

        return run_idempotently(
            request,
            lambda: method(self, request, *args, **kwargs),
            on_replay=replayed,
            registration_of=registration_of,
        )

    wrapper.zvh_idempotent = True  # type: ignore[attr-defined]
    return wrapper


class IdempotentCreateMixin:
    """For DRF generic views with ``create``: POST runs idempotently."""

    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.create(request, *args, **kwargs)
