"""The meldpunt's queue: the open registrations of the screener's own Veiligheidshuis (or, when
asked, every submitted one), searched, filtered and sorted, and the drafts the meldpunt still has
to complete."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects

from zvh.accounts.models import User
from zvh.accounts.permissions import may_save_queue_filters
from zvh.common.text import name_key
from zvh.registrations.models import Person, Registration, Relation, Urgency
from zvh.registrations.selectors import meldpunt_drafts, registrations_for_meldpunt
from zvh.registrations.status import OPEN_STATUSES, Status

from ..models import Assignment, SavedFilter
from .deadlines import DeadlineState, deadline_state, due_soon_cutoff

PAGE_SIZE = 25

#: The queue's orders by name (``?sort=``; a leading ``-`` reverses the column): only these
#: columns, each with the registration's id last so that equal values keep a stable order.
#: "urgency" (the default) is Signalen's "urgent first": urgent before normal, then by deadline.
SORTS: dict[str, tuple[str, ...]] = {
    "urgency": ("-urgency", "deadline_at", "pk"),
    "-urgency": ("urgency", "deadline_at", "pk"),
    "deadline": ("deadline_at", "pk"),
    "-deadline": ("-deadline_at", "-pk"),
    "received": ("received_at", "pk"),
    "-received": ("-received_at", "-pk"),
    "reference": ("reference", "pk"),
    "-reference": ("-reference", "-pk"),
    "status": ("status", "deadline_at", "pk"),
    "-status": ("-status", "deadline_at", "pk"),
}
DEFAULT_SORT = "urgency"


class Assigned:
    """The assignment filter's values ("" is everyone)."""

    ME = "me"
    NOBODY = "none"


#: The statuses a screener can filter on and search in: every submitted status.
SUBMITTED_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s != Status.DRAFT)


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueFilters:
    """The queue's filters, search and order; ``None`` or empty means "all".

    The queue lists the open registrations; ``everything`` (the "also decided" box), or a
    status filter on a decided or closed status, widens it to every submitted registration.
    """

    status: Status | None = None
    target_group_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None
    urgency: Urgency | None = None
    assigned: str = ""
    everything: bool = False
    search: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(
            self.status
            or self.target_group_id
            or self.municipality_id
            or self.organisation_id
            or self.urgency
            or self.assigned
            or self.everything
            or self.search.strip()
        )

    @property
    def all_statuses(self) -> bool:
        """Whether the list goes beyond the open registrations."""
        return self.everything or (self.status is not None and self.status not in OPEN_STATUSES)

    @property
    def ordering(self) -> tuple[str, ...]:
        return SORTS.get(self.sort, SORTS[DEFAULT_SORT])


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueRow:
    registration: Registration
    main_person: Person | None
    deadline: DeadlineState

    @property
    def others(self) -> int:
        """How many persons besides the main person (from the prefetched persons)."""
        return max(len(self.registration.persons.all()) - 1, 0)

    @property
    def urgent(self) -> bool:
        return self.registration.urgency == Urgency.URGENT

    @property
    def assignee(self) -> User | None:
        """The screener it is assigned to (read with the row: ``with_people``)."""
        assignment: Assignment | None = getattr(self.registration, "assignment", None)
        return assignment.assignee if assignment is not None else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Queue:
    rows: tuple[QueueRow, ...]
    page: Page[Registration]
    due_soon: tuple[QueueRow, ...]
    overdue: tuple[QueueRow, ...]


def _listed(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """With the registering organisation and the target group a list row shows."""
    return queryset.select_related("registrant_organisation", "target_group")


def _persons() -> Prefetch[str]:
    return Prefetch("persons", queryset=Person.objects.select_related("municipality"))


def with_people(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """With the registering organisation, the target group, the assignee and the persons (and
    their municipalities) that list rows show, in a constant number of queries."""
    return _listed(queryset).select_related("assignment__assignee").prefetch_related(_persons())


def _with_persons(*lists: Iterable[Registration]) -> None:
    """The persons (and their municipalities) of the registrations of every list at once: one
    query for the page, the overviews and the drafts instead of one per list."""
    prefetch_related_objects([r for registrations in lists for r in registrations], _persons())


def open_registrations(user: User) -> QuerySet[Registration]:
    """The open registrations of the screener's own Veiligheidshuis, urgent first, then by
    earliest deadline (the queue's default order)."""
    return (
        registrations_for_meldpunt(user)
        .filter(status__in=sorted(OPEN_STATUSES))
        .order_by(*SORTS[DEFAULT_SORT])
    )


#: On PostgreSQL, a search word of at least ``SIMILAR_MIN_LENGTH`` letters also finds surnames
#: this similar to it (pg_trgm trigram similarity of the normalised keys; Jansen/Janssen 0.67,
#: Jansen/Hansen 0.4).
SIMILAR_SURNAME = 0.5
SIMILAR_MIN_LENGTH = 4


def search_filter(text: str) -> Q:
    """A reference (any part), or a person's name: every word of the search must occur in the
    given names or surname of one person of the registration, compared on the normalised keys
    (case, accents, spaces, hyphens and prefixes do not matter). On PostgreSQL a word also
    matches a surname spelt slightly differently (``SIMILAR_SURNAME``: Jansen finds Janssen);
    SQLite has no trigrams, so there it must occur as typed."""
    text = text.strip()
    if not text:
        return Q()
    words = [key for key in (name_key(word) for word in text.split()) if key]
    by_reference = Q(reference__icontains=text)
    if not words:
        return by_reference
    similar = connection.vendor == "postgresql"
    person = Person.objects.filter(registration=OuterRef("pk"))
    for index, key in enumerate(words):
        condition = Q(surname_key__contains=key) | Q(given_key__contains=key)
        if similar and len(key) >= SIMILAR_MIN_LENGTH:
            name = f"similar_{index}"
            person = person.alias(**{name: TrigramSimilarity("surname_key", key)})
            condition |= Q(**{f"{name}__gte": SIMILAR_SURNAME})
        person = person.filter(condition)
    whole = name_key(text)
    if words == [whole]:
        # one word: a surname holding it is already found by ``person``
        return by_reference | Q(Exists(person))
    full_name = Person.objects.filter(registration=OuterRef("pk"), surname_key__contains=whole)
    return by_reference | Q(Exists(person)) | Q(Exists(full_name))


def _apply(
    queryset: QuerySet[Registration], filters: QueueFilters, user: User
) -> QuerySet[Registration]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.target_group_id:
        queryset = queryset.filter(target_group_id=filters.target_group_id)
    if filters.organisation_id:
        queryset = queryset.filter(registrant_organisation_id=filters.organisation_id)
    if filters.municipality_id:
        main = Person.objects.filter(
            registration=OuterRef("pk"),
            relation=Relation.MAIN,
            municipality_id=filters.municipality_id,
        )
        queryset = queryset.filter(Exists(main))
    if filters.urgency:
        queryset = queryset.filter(urgency=filters.urgency)
    if filters.assigned == Assigned.ME:
        queryset = queryset.filter(assignment__assignee=user)
    elif filters.assigned == Assigned.NOBODY:
        queryset = queryset.filter(assignment__isnull=True)
    return queryset.filter(search_filter(filters.search)).order_by(*filters.ordering)


def _row(registration: Registration, now: datetime) -> QueueRow:
    return QueueRow(
        registration=registration,
        main_person=registration.main_person,
        deadline=deadline_state(registration, now=now),
    )


def meldpunt_queue(*, user: User, filters: QueueFilters, now: datetime) -> Queue:
    """One page of the screener's queue plus the overviews of what is due soon and overdue.

    The queue holds the open registrations (received, screening, waiting for information) of the
    screener's own Veiligheidshuis, urgent first and then by reply deadline unless another
    order is asked for (``SORTS``); with ``filters.all_statuses`` every submitted registration
    of the house (decided and closed too). The overviews ignore the filters and leave out
    registrations waiting for information (their clock stands still). The number of queries
    does not depend on the number of rows.
    """
    return _queue_and_drafts(user=user, filters=filters, now=now, web=False)[0]


def queue_page(
    *, user: User, filters: QueueFilters, now: datetime
) -> "tuple[Queue, DraftsToComplete]":
    """The queue page's reads: ``meldpunt_queue`` and ``drafts_to_complete``, with the persons
    of all of them read in one query. The overviews' registrations hold only what the page
    shows of them (reference, deadline) and what the access log records (``OVERVIEW_FIELDS``);
    the drafts have no target group."""
    queue, drafts = _queue_and_drafts(user=user, filters=filters, now=now, web=True)
    assert drafts is not None
    return queue, drafts


#: What the queue page reads of the registrations in its overviews ("overdue", "due soon"): the
#: link and reference, the deadline's state (``deadline_state``) and the access log's entry.
OVERVIEW_FIELDS = (
    "public_id",
    "reference",
    "veiligheidshuis",
    "status",
    "received_at",
    "deadline_at",
    "waiting_since",
    "decided_late",
)


#: What the queue page reads of the registrations of its table and of the drafts: the above, and
#: what their cells show (the related rows' own fields come whole, ``select_related``).
ROW_FIELDS = (
    *OVERVIEW_FIELDS,
    "urgency",
    "channel",
    "registrant_organisation",
    "target_group",
)


def _queue_and_drafts(
    *, user: User, filters: QueueFilters, now: datetime, web: bool
) -> "tuple[Queue, DraftsToComplete | None]":
    """The queue, and for the queue page (``web``) the drafts too. ``web`` reads only the
    columns the page shows (building the SQL of 32 columns and their joins cost more than
    running it: docs/performance.md, session 6); the API's ``meldpunt_queue`` reads whole rows
    with their assignees."""
    base = open_registrations(user)
    listed = registrations_for_meldpunt(user) if filters.all_statuses else base
    page_rows = _listed(_apply(listed, filters, user)).select_related("assignment__assignee")
    if web:
        page_rows = page_rows.only(*ROW_FIELDS, "assignment__assignee")
    paginator = Paginator(page_rows, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    registrations = list(page.object_list)
    attention_queryset = base.exclude(status=Status.WAITING_FOR_INFORMATION).filter(
        deadline_at__lt=due_soon_cutoff(now)
    )
    if web:
        attention_queryset = attention_queryset.only(*OVERVIEW_FIELDS)
    else:
        attention_queryset = _listed(attention_queryset).select_related("assignment__assignee")
    attention = list(attention_queryset)
    draft_list = _drafts(user, web=True) if web else []
    _with_persons(registrations, attention, draft_list)
    rows = tuple(_row(registration, now) for registration in registrations)
    flagged = [_row(registration, now) for registration in attention]
    queue = Queue(
        rows=rows,
        page=page,
        due_soon=tuple(row for row in flagged if row.deadline.due_soon),
        overdue=tuple(row for row in flagged if row.deadline.overdue),
    )
    return queue, _drafts_to_complete(draft_list, now) if web else None


#: At most this many drafts to complete are listed on the queue page (oldest first).
DRAFTS_SHOWN = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftsToComplete:
    """The drafts the meldpunt records on partners' behalf and has yet to submit, oldest
    receipt first (at most ``DRAFTS_SHOWN``; ``more`` when there are others)."""

    rows: tuple[QueueRow, ...]
    more: bool


def _drafts(user: User, *, web: bool = False) -> list[Registration]:
    """Up to one more draft than is shown (to tell whether there are more); no persons yet. The
    queue page (``web``) shows no target group."""
    drafts = meldpunt_drafts(user).select_related("registrant_organisation", "veiligheidshuis")
    drafts = drafts.only(*ROW_FIELDS) if web else drafts.select_related("target_group")
    return list(drafts.order_by("received_at", "pk")[: DRAFTS_SHOWN + 1])


def _drafts_to_complete(drafts: list[Registration], now: datetime) -> DraftsToComplete:
    return DraftsToComplete(
        rows=tuple(_row(draft, now) for draft in drafts[:DRAFTS_SHOWN]),
        more=len(drafts) > DRAFTS_SHOWN,
    )


def drafts_to_complete(*, user: User, now: datetime) -> DraftsToComplete:
    """The screener's own Veiligheidshuis's phone calls and e-mails still to complete, each with
    the deadline its reply term gives from receipt. A constant number of queries."""
    drafts = _drafts(user)
    _with_persons(drafts)
    return _drafts_to_complete(drafts, now)


def saved_filters_of(user: User) -> QuerySet[SavedFilter]:
    """The user's own saved queue filters, by name (nobody sees another's)."""
    if not may_save_queue_filters(user):
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(user=user).order_by("name", "pk")
