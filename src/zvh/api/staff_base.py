"""The one base of the staff's endpoints (casework, issue 12; the integrated approach, issue 13).

A staff endpoint is an object of the client's Veiligheidshuis (``objects_of``: a selector;
anything else is a 404) and, for a write, a service call (``perform``). The base does the rest
once: the token's permission (``IsCaseworkStaffClient``), refusals logged as denied, the
``Idempotency-Key`` of every POST, ``If-Match`` on a change (``ChangeView``: the row locked and
its version compared before the body is read), the body's validation, a service's refusal as
problem+json under the body's names (``common.service_errors.renamed``), the response with its
``ETag``, and the OpenAPI operation (``documented``: the summary named, the class's docstring as
the description, the body and response from the class).

A view then says only what differs::

    @documented(post="Cancel a meeting")
    class MeetingCancelView(MeetingView, ChangeView):
        \"\"\"Every invitee gets a cancellation.\"\"\"

        def perform(self, obj, data):
            return self.call(meeting_cancel, meeting=obj)

``call`` hands a service the request's common keywords it takes (``by``, ``now``, ``today``,
``client_address``, and on a change ``expected_version``: the locked row's version).
"""

import inspect
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any, ClassVar, TypeVar, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import may_use_casework_api
from zvh.common.client_address import client_address
from zvh.common.service_errors import Names, renamed
from zvh.deadlines.calculation import LOCAL_TZ

from .access import AccessLoggedMixin
from .concurrency import locked_for_write, set_etag
from .idempotency import idempotent
from .permissions import IsApiClient
from .schema import described
from .views import ApiViewMixin

V = TypeVar("V", bound=type)
T = TypeVar("T")


class IsCaseworkStaffClient(IsApiClient):
    """An API client acting as casework staff (meldpunt) of its Veiligheidshuis."""

    message = "Only an API client acting as the meldpunt of a Veiligheidshuis may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and may_use_casework_api(request.user)


@contextmanager
def refusals(names: Names | None = None) -> Iterator[None]:
    """A service's refusal under the request body's names (a problem+json 422, 409 or 403)."""
    try:
        yield
    except DjangoValidationError as error:
        raise renamed(error, names=names) from None


def validated(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return cast(dict[str, Any], body.validated_data)


def shown(
    serializer: Callable[[Any], serializers.BaseSerializer], obj: Any, *, version: int, status: int
) -> Response:
    return set_etag(Response(serializer(obj).data, status=status), version=version)


def input_of(factory: Callable[..., T], data: Mapping[str, Any], **names: str) -> T:
    """A service's input built from a validated body: every key of the body, under the
    service's name where ``names`` gives one (``owner="owner_id"``)."""
    return factory(**{names.get(key, key): value for key, value in data.items()})


def today() -> date:
    return timezone.localdate(timezone=LOCAL_TZ)


class Staff:
    """What every staff endpoint shares: its body, its response, a service call."""

    #: The OpenAPI tags of the operations.
    tags: ClassVar[list[str]] = ["Casework"]
    #: The request body's serializer (None: no body).
    body: ClassVar[type[serializers.Serializer] | None] = None
    #: The response's serializer, and its status on a POST.
    shown_as: ClassVar[Any]  # a serializer class
    status: ClassVar[int] = 200
    #: The POST answers a list (of ``shown_as``), without an ETag; the GET answers a list.
    many: ClassVar[bool] = False
    lists: ClassVar[bool] = False

    @property
    def http(self) -> Request:
        return cast(Request, self.request)  # type: ignore[attr-defined]  # the view's

    @property
    def user(self) -> User:
        return cast(User, self.http.user)

    def body_name(self, key: str) -> str | None:
        """The body's name of a service's error key (``common.service_errors.renamed``)."""
        return key

    def data(self, request: Request) -> dict[str, Any]:
        return validated(self.body, request) if self.body is not None else {}

    def call(self, service: Callable[..., Any], /, **given: Any) -> Any:
        """``service(**given)`` with the request's common keywords the service takes."""
        takes = inspect.signature(service).parameters
        common = {
            "by": self.user,
            "now": timezone.now(),
            "today": today(),
            "client_address": client_address(self.http),
        }
        given |= {key: value for key, value in common.items() if key in takes and key not in given}
        return service(**given)

    def respond(self, made: Any, *, status: int) -> Response:
        if self.many:
            return Response(self.shown_as(made, many=True).data, status=status)
        version = getattr(made, "version", None)
        response = Response(self.shown_as(made).data, status=status)
        return set_etag(response, version=version) if isinstance(version, int) else response

    @classmethod
    def operation(cls, method: str) -> dict[str, Any]:
        """The OpenAPI request and responses of ``method`` (``documented``)."""
        if method == "get":
            return {"responses": {200: cls.shown_as(many=cls.lists)}}
        shown_as = cls.shown_as(many=True) if cls.many else cls.shown_as
        return {"request": cls.body, "responses": {cls.status: shown_as}}


class StaffView(AccessLoggedMixin, Staff, ApiViewMixin, APIView):
    """A staff endpoint: refusals are logged as denied (``access_purpose``)."""

    permission_classes = [IsCaseworkStaffClient]
    access_purpose = Purpose.CONSULTATION
    access_events = {"GET": EventType.VIEW, "POST": EventType.UPDATE}


def documented(**summaries: str) -> Callable[[V], V]:
    """The view's operations in the OpenAPI schema (``schema.described``): per method its
    summary, the class's own docstring as the description, the body and response from the
    class."""

    def decorate(view: V) -> V:
        for method, summary in summaries.items():
            schema = view.operation(method)  # type: ignore[attr-defined]
            view = described(method, summary, tags=view.tags, **schema)(view)  # type: ignore[attr-defined]
        return view

    return decorate


class ObjectView(StaffView):
    """An endpoint on one object of the staff's house, found through ``objects_of`` (a casework
    selector); anything else is a 404."""

    #: The objects of the user's house: a selector taking the user.
    selector: ClassVar["staticmethod[[User], QuerySet[Any]]"]

    def objects_of(self, user: User) -> QuerySet[Any]:
        return type(self).selector(user)

    def found(self, request: Request, public_id: Any) -> Any:
        return get_object_or_404(self.objects_of(self.user), public_id=public_id)


class DetailView(ObjectView):
    """The object with its `ETag` (send it as `If-Match` to change it); an object of another
    Veiligheidshuis is a 404."""

    def read(self, obj: Any) -> None:
        """Called before a GET answers (an access-log entry where the object is a case's)."""

    def get(self, request: Request, public_id: Any) -> Response:
        obj = self.found(request, public_id)
        self.read(obj)
        return self.respond(obj, status=200)


def detail(base: type[ObjectView], *, get: str) -> type[DetailView]:
    """The GET endpoint of ``base``'s objects, documented with the summary ``get``."""
    name = base.__name__.removesuffix("View") + "DetailView"
    return documented(get=get)(type(name, (base, DetailView), {"__module__": base.__module__}))


class ActionView(ObjectView):
    """A write on (or below) one object, with an ``Idempotency-Key``: ``perform`` calls the
    service; the result is answered with ``status``."""

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def precondition(self, obj: Any) -> None:
        """Checked before the body is read (e.g. ``If-Match`` on a version not the object's)."""

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        obj = self.found(request, public_id)
        self.precondition(obj)
        data = self.data(request)
        with refusals(self.body_name):
            made = self.perform(obj, data)
        return self.respond(made, status=self.status)


class ChangeView(ActionView):
    """A conditional write on a versioned object: ``If-Match`` (its ETag); the object is locked
    and its version compared before the body is read; the changed object is returned with its
    new ETag."""

    if_match_methods = ("POST",)
    expected_version: int

    def found(self, request: Request, public_id: Any) -> Any:
        # the row alone is locked (PostgreSQL locks no nullable side of an outer join)
        objects = self.objects_of(self.user).select_related(None)
        locked: Any = locked_for_write(objects, request=request, public_id=public_id)
        self.expected_version = locked.version
        return locked

    def call(self, service: Callable[..., Any], /, **given: Any) -> Any:
        if "expected_version" in inspect.signature(service).parameters:
            given.setdefault("expected_version", self.expected_version)
        return super().call(service, **given)
