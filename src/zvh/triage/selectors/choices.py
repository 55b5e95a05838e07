"""What the meldpunt's forms offer to choose from: partner organisations and their registrants,
the procesregisseurs, the queue's filter choices."""

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Value
from django.utils.functional import Promise

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.network.models import Municipality, Organisation, TargetGroup, Veiligheidshuis
from zvh.registrations.status import Status


def partner_registrants(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[User]:
    """The active registrants of the partners in the Veiligheidshuis's network: the accounts a
    phone call can be recorded for."""
    return (
        User.objects.filter(
            is_active=True,
            roles__code=RoleCode.REGISTRANT,
            organisation__networks=veiligheidshuis,
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "username")
        .distinct()
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class FilterChoices:
    """What the queue's filters offer, limited to the screener's own Veiligheidshuis: (id, name)
    pairs, each list by name; the statuses are every submitted one (decided and closed too)."""

    statuses: tuple[tuple[str, str | Promise], ...]
    target_groups: tuple[tuple[int, str], ...]
    municipalities: tuple[tuple[int, str], ...]
    organisations: tuple[tuple[int, str], ...]


def queue_filter_choices(*, veiligheidshuis: Veiligheidshuis) -> FilterChoices:
    """The house's target groups, municipalities and partners, in one round trip (the queue
    page asks for them on every request: the query's SQL is built once per house and process,
    ``_filter_choices_sql``, and read afresh each time, so a change shows at once)."""
    lists: dict[str, list[tuple[int, str]]] = {"t": [], "m": [], "o": []}
    sql, params = _filter_choices_sql(veiligheidshuis.pk, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk, name in cursor.fetchall():
            lists[kind].append((pk, name))
    return FilterChoices(
        statuses=tuple((s.value, s.label) for s in Status if s != Status.DRAFT),
        target_groups=tuple(lists["t"]),
        municipalities=tuple(lists["m"]),
        organisations=tuple(lists["o"]),
    )


@functools.lru_cache(maxsize=128)
def _filter_choices_sql(veiligheidshuis_id: int, vendor: str) -> tuple[str, tuple[Any, ...]]:
    """The SQL of the filter choices' query (kind, id, name per row, by kind and name): the
    ORM's union of three lists costs more to build than to run, and depends on nothing but the
    house (``vendor`` keys it per database engine)."""

    def pairs(queryset: QuerySet[Any], kind: str) -> QuerySet[Any, tuple[str, int, str]]:
        choices: QuerySet[Any, tuple[str, int, str]] = (
            queryset.order_by()
            .annotate(choice_list=Value(kind))
            .values_list("choice_list", "pk", "name")
        )
        return choices

    rows = (
        pairs(TargetGroup.objects.filter(veiligheidshuis_id=veiligheidshuis_id), "t")
        .union(
            pairs(Municipality.objects.filter(veiligheidshuis_id=veiligheidshuis_id), "m"),
            pairs(_partners_of(veiligheidshuis_id), "o"),
            all=True,
        )
        .order_by("choice_list", "name", "pk")
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def partner_organisations(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[Organisation]:
    """The partners that joined the Veiligheidshuis's network."""
    return _partners_of(veiligheidshuis.pk)


def _partners_of(veiligheidshuis_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(networks=veiligheidshuis_id).order_by("name").distinct()


def procesregisseurs(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[User]:
    """Active users holding the procesregisseur role in the Veiligheidshuis's staff."""
    return (
        User.objects.filter(
            is_active=True,
            roles__code=RoleCode.PROCESREGISSEUR,
            organisation__veiligheidshuis=veiligheidshuis,
        )
        .order_by("last_name", "first_name", "username")
        .distinct()
    )
