"""The OpenAPI schema: generated from the views, with the error, idempotency and concurrency
conventions added to every operation in one place."""

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from .problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES

IDEMPOTENCY_HEADER = "Idempotency-Key"
V = TypeVar("V", bound=type)


def described(method: str, summary: str, **schema: Any) -> Callable[[V], V]:
    """A view's ``method`` in the OpenAPI schema: its ``summary``, the view class's own docstring
    as the description (white space folded; an explicit ``description`` wins) and whatever else
    ``extend_schema`` takes (``tags``, ``request``, ``responses``, ``parameters``). One
    decorator line instead of an ``extend_schema_view(...)`` block per view."""

    def decorate(view: V) -> V:
        doc = view.__dict__.get("__doc__")
        described = {"description": " ".join(doc.split())} if doc else {}
        operation = extend_schema(summary=summary, **(described | schema))
        return extend_schema_view(**{method: operation})(view)

    return decorate


def answering(shows: Any, *, tags: list[str], method: str = "post") -> Callable[..., Any]:
    """``described`` for a module's operations that all answer ``shows`` (200):
    ``step = answering(RegistrationSerializer, tags=...)``, then per view
    ``@step("Submit a draft", request=None)``."""

    def operation(summary: str, **schema: Any) -> Callable[[V], V]:
        return described(method, summary, tags=tags, responses={200: shows}, **schema)

    return operation


API_DESCRIPTION = """\
The API through which partner systems (police, probation, municipalities, care organisations)
work with zvh: the same rules as the web interface, because the API calls the same services.

**Authentication.** Every request carries `Authorization: Bearer <token>`. A token belongs to an
API client, which acts for one organisation: as a registrant of that organisation (the
*Registrations* endpoints), or, for a Veiligheidshuis's own staff, as its meldpunt (the *Meldpunt*
endpoints); the other endpoints answer `403`. The functional administrator of your
Veiligheidshuis creates clients; the token is shown once.
Expired and revoked tokens get `401`.

**Rate limit.** Each API client may send a limited number of requests per period; beyond it the
API answers `429` with `Retry-After` (seconds).

**Errors** are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) `application/problem+json`
documents: `type`, `title`, `status`, `detail`, `instance`, and for invalid input `errors`, a
list of `{field, pointer, message, code}`. `400`: the request cannot be read (malformed JSON,
invalid query parameter, missing `Idempotency-Key`); `422`: it was read but breaks a rule.
Error texts never repeat submitted values.

**Idempotency.** Every `POST` needs an `Idempotency-Key` header (1 to 255 printable ASCII
characters; use a new UUID per operation). A retry with the same key and the same body returns
the original response (with `Idempotent-Replayed: true`) and changes nothing; the same key with
another body gets `422`. A retry while the first request is still running waits for it and then
gets its response (`409` with `Retry-After` if it waits too long). Only successful responses are
kept (for 24 hours); after an error the key may be used again.

**Optimistic concurrency.** A resource that can change carries an `ETag`. Writes to it need
`If-Match` with that ETag: without it `428`, with a stale one `412`, and nothing is changed.

**Pagination.** Lists are pages of `results` with `count`, `next` and `previous`, in a stable
order on a unique key; `?page=` and `?page_size=` (at most 200).
"""


class ProblemErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Dotted path of the field; null for the request as a whole."
    )
    pointer = serializers.CharField(
        allow_null=True,
        help_text="RFC 6901 JSON pointer into the request body (`#` is the whole body); null "
        "for a query parameter.",
    )
    message = serializers.CharField(help_text="What is wrong, in English.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `required`.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem details document."""

    type = serializers.URLField(help_text="Identifies the kind of problem; documented there.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text="The path of the request.")
    errors = ProblemErrorSerializer(many=True, required=False)


def _problem_slugs(method: str, *, idempotent: bool, conditional: bool) -> list[str]:
    """The kinds of problem an operation can answer with."""
    slugs = ["invalid-query", "not-authenticated", "forbidden", "not-found", "not-acceptable"]
    slugs.append("rate-limited")
    if method in {"POST", "PUT", "PATCH"}:
        slugs += ["malformed-request", "payload-too-large", "unsupported-media-type"]
        slugs += ["validation-error", "conflict"]
    if idempotent:
        slugs += ["idempotency-key-missing", "idempotency-key-reused"]
    if conditional:
        slugs += ["precondition-failed", "precondition-required"]
    return slugs


def _problem_responses(slugs: list[str]) -> dict[int, str]:
    """Status code → the titles of the problems with that status, for the description."""
    by_status: dict[int, list[str]] = {}
    for slug in slugs:
        problem = PROBLEM_TYPES[slug]
        by_status.setdefault(problem.status, []).append(problem.title)
    return {status: " / ".join(titles) for status, titles in sorted(by_status.items())}


#: Text without NUL (Django refuses it), and with at least one character that is not a space
#: where the API refuses blank text (DRF trims spaces before it checks).
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


class ZvhAutoSchema(AutoSchema):
    """Adds to each operation: the problem responses it can give, the ``Idempotency-Key``
    header on idempotent POSTs, and ``If-Match`` on conditional writes (views list those
    methods in ``if_match_methods``).

    And the request bodies state every rule the API checks that a schema can state (issue 17):
    input serializers that refuse unknown fields say ``additionalProperties: false``; text the
    API refuses blank has ``minLength: 1`` and a pattern that needs a non-space; no text may
    hold NUL. Rules about configuration data (a CBS code that exists, an outcome the
    Veiligheidshuis offers) and about the first of the persons cannot be stated in OpenAPI 3.0
    and are described in the fields' texts.
    """

    def _map_serializer(
        self, serializer: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        from .serializers import StrictSerializer

        result = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(serializer, StrictSerializer):
            result["additionalProperties"] = False
        return result

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        alternatives = schema.get("oneOf", [])
        if any(rule.get("pattern") in (NO_NUL, NOT_BLANK) for rule in alternatives):
            # spectacular offers blank besides a pattern (allow_blank): ours say it already
            (text_rule,) = [rule for rule in schema.pop("oneOf") if rule.get("maxLength") != 0]
            schema.update(text_rule)

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        from .serializers import RequiredTextField

        result = super()._map_serializer_field(field, direction, bypass_extensions)
        text = isinstance(field, serializers.CharField) and not isinstance(
            field, serializers.RegexField | serializers.EmailField
        )
        if direction != "request" or not text or result.get("type") != "string":
            return result
        if isinstance(field, RequiredTextField) or not field.allow_blank:
            result["minLength"] = max(1, result.get("minLength", 0))
            result.setdefault("pattern", NOT_BLANK)
        else:
            result.setdefault("pattern", NO_NUL)
        return result

    def _is_idempotent(self) -> bool:
        handler = getattr(self.view, self.method.lower(), None)
        return bool(getattr(handler, "zvh_idempotent", False))

    def _is_conditional(self) -> bool:
        return self.method in getattr(self.view, "if_match_methods", ())

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._is_idempotent():
            parameters.append(
                OpenApiParameter(
                    IDEMPOTENCY_HEADER,
                    str,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="A key unique to this operation (e.g. a new UUID); retrying "
                    "with the same key and body returns the original response.",
                    pattern=r"^[\x21-\x7E]{1,255}$",
                )
            )
        if self._is_conditional():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="The `ETag` from your last read of this resource.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        slugs = _problem_slugs(
            self.method, idempotent=self._is_idempotent(), conditional=self._is_conditional()
        )
        for status, description in _problem_responses(slugs).items():
            if str(status) in responses:
                continue
            response = self._get_response_for_code(
                ProblemSerializer, str(status), [PROBLEM_CONTENT_TYPE], direction
            )
            response["description"] = description
            responses[str(status)] = response
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "zvh.api.authentication.ApiClientAuthentication"
    name = "apiClientToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The API client's token: `Authorization: Bearer zvh_…`.",
        }


def only_api_paths(endpoints: list[tuple], **kwargs: Any) -> list[tuple]:
    """Preprocessing hook: the schema describes the API only."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_description(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the API's conventions as the schema's description."""
    result["info"]["description"] = API_DESCRIPTION
    return result
