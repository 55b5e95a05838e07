"""Every API error as RFC 9457 ``application/problem+json``.

A problem has ``type`` (a URI naming the kind of problem, documented at that address), ``title``,
``status``, ``detail``, ``instance`` (the request path) and, for invalid input, ``errors``: one
entry per message with the ``field`` (dotted path), the ``pointer`` (RFC 6901 JSON pointer into
the request body), the ``message`` and a machine-readable ``code``.

Status codes, the same for every endpoint:

* 400: the request cannot be read (malformed JSON, bad query parameters, no Idempotency-Key);
* 422: the request was read but its values break a rule, whether the serializer or a service
  (Django ``ValidationError``) found it; also an Idempotency-Key reused with another request;
* 409: a conflict with the current state (another request with the same key still running, or
  a service's ``code="conflict"``); 412/428: ``If-Match`` stale or missing.

Texts never repeat submitted values: messages that would (such as "… is not a valid choice")
are replaced by fixed ones, so personal data cannot leak into logs or partner systems.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"
NON_FIELD_KEYS = frozenset({api_settings.NON_FIELD_ERRORS_KEY, "__all__"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str


PROBLEM_TYPES: dict[str, ProblemType] = {
    p.slug: p
    for p in (
        ProblemType(
            slug="malformed-request",
            status=400,
            title="The request could not be read.",
            description="The body is not valid JSON, or the request is otherwise malformed.",
        ),
        ProblemType(
            slug="invalid-query",
            status=400,
            title="Invalid query parameters.",
            description="One or more query parameters have an invalid value; see `errors`.",
        ),
        ProblemType(
            slug="idempotency-key-missing",
            status=400,
            title="Idempotency-Key header required.",
            description="Every POST needs an `Idempotency-Key` header: 1 to 255 printable "
            "ASCII characters, unique per intended operation (a UUID is a good choice).",
        ),
        ProblemType(
            slug="not-authenticated",
            status=401,
            title="Authentication required.",
            description="Send the API client's token as `Authorization: Bearer <token>`. "
            "Unknown, expired and revoked tokens are refused.",
        ),
        ProblemType(
            slug="forbidden",
            status=403,
            title="Not allowed.",
            description="The API client may not do this.",
        ),
        ProblemType(
            slug="not-found",
            status=404,
            title="Not found.",
            description="There is no such resource, or the API client may not see it.",
        ),
        ProblemType(
            slug="method-not-allowed",
            status=405,
            title="Method not allowed.",
            description="The resource does not support this HTTP method.",
        ),
        ProblemType(
            slug="not-acceptable",
            status=406,
            title="Not acceptable.",
            description="The API answers in `application/json` (errors in "
            "`application/problem+json`).",
        ),
        ProblemType(
            slug="conflict",
            status=409,
            title="Conflict.",
            description="The request conflicts with the current state of the resource, or a "
            "request with the same Idempotency-Key is still being processed (retry later).",
        ),
        ProblemType(
            slug="precondition-failed",
            status=412,
            title="The resource has changed.",
            description="The `If-Match` header does not match the current `ETag`: someone "
            "changed the resource since you read it. Nothing was changed; read it again.",
        ),
        ProblemType(
            slug="payload-too-large",
            status=413,
            title="Request too large.",
            description="The request body is larger than the API accepts.",
        ),
        ProblemType(
            slug="unsupported-media-type",
            status=415,
            title="Unsupported media type.",
            description="Send the body as `application/json`.",
        ),
        ProblemType(
            slug="validation-error",
            status=422,
            title="The request contains invalid values.",
            description="The request was read, but some values break a rule; `errors` lists "
            "each field with a message and a code.",
        ),
        ProblemType(
            slug="idempotency-key-reused",
            status=422,
            title="Idempotency-Key reused for another request.",
            description="The `Idempotency-Key` was used before with a different request body, "
            "method or path. Use a new key for a new request.",
        ),
        ProblemType(
            slug="precondition-required",
            status=428,
            title="If-Match header required.",
            description="Writes to this resource need an `If-Match` header with the `ETag` "
            "from your last read.",
        ),
        ProblemType(
            slug="rate-limited",
            status=429,
            title="Too many requests.",
            description="The API client sent more requests than its rate allows; wait for "
            "the number of seconds in `Retry-After`.",
        ),
    )
}


def problem_type_uri(slug: str) -> str:
    return urljoin(settings.ZVH_BASE_URL, f"/api/v1/problems/{slug}/")


class ApiProblem(exceptions.APIException):
    """An error of one of the ``PROBLEM_TYPES``, with an optional detail and field errors."""

    slug = "malformed-request"

    def __init__(self, detail: str | None = None, *, errors: list[dict] | None = None) -> None:
        problem = PROBLEM_TYPES[self.slug]
        self.status_code = problem.status
        super().__init__(detail or problem.title, code=self.slug)
        self.errors = errors


class InvalidQuery(ApiProblem):
    slug = "invalid-query"


class IdempotencyKeyMissing(ApiProblem):
    slug = "idempotency-key-missing"


class IdempotencyKeyReused(ApiProblem):
    slug = "idempotency-key-reused"


class Conflict(ApiProblem):
    slug = "conflict"

    def __init__(self, *args: Any, retry_after: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class PreconditionFailed(ApiProblem):
    slug = "precondition-failed"


class PreconditionRequired(ApiProblem):
    slug = "precondition-required"


class PayloadTooLarge(ApiProblem):
    slug = "payload-too-large"


#: Fixed texts for error codes whose framework messages repeat the submitted value.
SAFE_MESSAGES: dict[str, str] = {
    "invalid_choice": "This is not one of the allowed values.",
    "does_not_exist": "No object with this identifier exists.",
    "incorrect_type": "This value has the wrong type.",
    "invalid": "This value is not valid.",
    "unknown_field": "This field is not part of the request.",
}
#: Codes whose framework messages may repeat the input; they always get the fixed text.
ECHOING_CODES = frozenset({"invalid_choice", "does_not_exist", "incorrect_type"})

# DRF exception class → problem slug, for the framework's own exceptions.
_SLUGS: list[tuple[type[Exception], str]] = [
    (exceptions.ParseError, "malformed-request"),
    (exceptions.AuthenticationFailed, "not-authenticated"),
    (exceptions.NotAuthenticated, "not-authenticated"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "not-found"),
    (exceptions.MethodNotAllowed, "method-not-allowed"),
    (exceptions.NotAcceptable, "not-acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported-media-type"),
    (exceptions.Throttled, "rate-limited"),
    (exceptions.ValidationError, "validation-error"),
]


def _pointer(path: tuple[str, ...]) -> str:
    return "#" + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path)


def field_error(path: tuple[str, ...], message: str, code: str) -> dict[str, Any]:
    return {
        "field": ".".join(path) or None,
        "pointer": _pointer(path),
        "message": message,
        "code": code,
    }


def _safe_message(message: Any, code: str | None) -> str:
    code = code or "invalid"
    if code in ECHOING_CODES:
        return SAFE_MESSAGES[code]
    return str(message)


def _flatten_drf(detail: Any, path: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """DRF's nested error structure (dicts of lists, lists of dicts) as a flat list."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            sub = path if key in NON_FIELD_KEYS else (*path, str(key))
            yield from _flatten_drf(value, sub)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                yield from _flatten_drf(item, (*path, str(index)))
            else:
                yield from _flatten_drf(item, path)
    else:
        code = getattr(detail, "code", None) or "invalid"
        yield field_error(path, _safe_message(detail, code), code)


def _django_message(error: DjangoValidationError) -> str:
    params = error.params or {}
    code = error.code or "invalid"
    if "value" in params or code in ECHOING_CODES:
        return SAFE_MESSAGES.get(code, SAFE_MESSAGES["invalid"])
    message = str(error.message)
    return message % params if params else message


def django_validation_errors(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A service's ``ValidationError`` (with ``message_dict`` or plain messages) as field errors."""
    items: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            path = () if field in NON_FIELD_KEYS else tuple(field.split("."))
            for sub in errors:
                for leaf in sub.error_list:
                    items.append(field_error(path, _django_message(leaf), leaf.code or "invalid"))
    else:
        for leaf in error.error_list:
            items.append(field_error((), _django_message(leaf), leaf.code or "invalid"))
    return items


def _translate(exc: Exception) -> exceptions.APIException | None:
    """Django's exceptions as API exceptions; None for anything unexpected (a real 500)."""
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, DjangoValidationError):
        errors = django_validation_errors(exc)
        if any(e["code"] == "conflict" for e in errors):
            return Conflict(errors[0]["message"], errors=errors)
        problem = exceptions.ValidationError()
        problem.zvh_errors = errors
        return problem
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return ApiProblem()
    return None


def problem_body(
    *, slug: str, detail: str, instance: str, errors: list[dict] | None = None
) -> dict[str, Any]:
    problem = PROBLEM_TYPES[slug]
    body: dict[str, Any] = {
        "type": problem_type_uri(slug),
        "title": problem.title,
        "status": problem.status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    *, slug: str, detail: str, instance: str, errors: list[dict] | None = None
) -> Response:
    body = problem_body(slug=slug, detail=detail, instance=instance, errors=errors)
    return Response(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def _slug_and_detail(exc: exceptions.APIException) -> tuple[str, str]:
    if isinstance(exc, ApiProblem):
        return exc.slug, str(exc.detail)
    slug = next((s for cls, s in _SLUGS if isinstance(exc, cls)), None)
    if slug is None:
        slug = {401: "not-authenticated", 403: "forbidden", 404: "not-found"}.get(
            exc.status_code, "malformed-request"
        )
    if isinstance(exc, exceptions.AuthenticationFailed | exceptions.ValidationError):
        # Our authentication's texts are fixed; validation details are in ``errors``.
        detail = (
            str(exc.detail)
            if isinstance(exc, exceptions.AuthenticationFailed)
            else "Some values in the request are not valid; see errors."
        )
    else:
        detail = PROBLEM_TYPES[slug].description
    return slug, detail


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every handled error becomes a problem+json response (and rolls
    back the request's atomic block, as DRF's own handler does)."""
    api_exc = _translate(exc)
    if api_exc is None:
        return None
    request = context.get("request")
    slug, detail = _slug_and_detail(api_exc)
    errors = getattr(api_exc, "errors", None) or getattr(api_exc, "zvh_errors", None)
    if errors is None and isinstance(api_exc, exceptions.ValidationError):
        errors = list(_flatten_drf(api_exc.detail))
    if slug == "validation-error" and errors is None:
        errors = []
    instance = request.path if request is not None else ""
    response = problem_response(slug=slug, detail=detail, instance=instance, errors=errors)
    if getattr(api_exc, "auth_header", None):
        response["WWW-Authenticate"] = api_exc.auth_header
    wait = getattr(api_exc, "wait", None)
    if isinstance(api_exc, exceptions.Throttled):
        response["Retry-After"] = str(max(1, math.ceil(wait or 1)))
    retry_after = getattr(api_exc, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    if isinstance(api_exc, exceptions.MethodNotAllowed):
        view = context.get("view")
        if view is not None:
            response["Allow"] = ", ".join(view.allowed_methods)
    set_rollback()
    return response


__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "PROBLEM_TYPES",
    "ApiProblem",
    "Conflict",
    "IdempotencyKeyMissing",
    "IdempotencyKeyReused",
    "InvalidQuery",
    "PayloadTooLarge",
    "PreconditionFailed",
    "PreconditionRequired",
    "problem_exception_handler",
    "problem_response",
]
