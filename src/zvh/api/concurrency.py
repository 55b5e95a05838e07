"""Optimistic concurrency: an ``ETag`` from a resource's ``version``, and ``If-Match`` on writes.

A view that changes a versioned resource (a registration) does, inside one transaction::

    registration = locked_for_write(Registration.objects.filter(...), request=request, pk=...)
    registration = some_service(registration=registration, by=request.user, ...)
    response = Response(...); set_etag(response, version=registration.version)

``locked_for_write`` locks the row and compares ``If-Match`` with its version before anything is
changed: no ``If-Match`` is a 428, a stale one a 412. The service bumps the version.

Order: on a conditional write (a view's ``if_match_methods``) the header's presence is checked
before the body is read (``ApiViewMixin.initial``: 428 whatever the body), and views lock and
compare the version before they validate the body (412 before 422).
"""

from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from .problems import PreconditionFailed, PreconditionRequired


def etag_for(*, version: int) -> str:
    """A strong ETag: the version in quotes."""
    return f'"{int(version)}"'


def set_etag(response: Response, *, version: int) -> Response:
    response["ETag"] = etag_for(version=version)
    return response


def require_if_match_header(request: Request) -> str:
    """The ``If-Match`` header, or a 428 when there is none."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            "Send If-Match with the ETag from your last read of this resource."
        )
    return header


def require_if_match(request: Request, *, current_version: int) -> None:
    """``If-Match`` must name the current ETag (strong comparison; ``*`` is not enough)."""
    header = require_if_match_header(request)
    tags = {tag.strip() for tag in header.split(",")}
    if etag_for(version=current_version) not in tags:
        raise PreconditionFailed(
            "The resource has changed since you read it; nothing was changed. Read it again."
        )


def locked_for_write(queryset: QuerySet, *, request: Request, **lookup: Any) -> Model:
    """The row (404 if absent), locked until the surrounding transaction ends, after checking
    ``If-Match`` against its ``version``. Call it inside ``transaction.atomic()``. Only the row
    itself is locked (``of=("self",)``), so a queryset may follow nullable relations
    (PostgreSQL refuses FOR UPDATE on the nullable side of an outer join)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked_for_write() needs a surrounding transaction.atomic().")
    instance = get_object_or_404(queryset.select_for_update(of=("self",)), **lookup)
    require_if_match(request, current_version=instance.version)
    return instance
