"""The meldpunt's queue: the open registrations of the screener's own Veiligheidshuis, searched
and filtered, and the drafts the meldpunt still has to complete."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from zvh.accounts.models import User
from zvh.common.text import name_key
from zvh.registrations.models import Person, Registration, Relation
from zvh.registrations.selectors import meldpunt_drafts, registrations_for_meldpunt
from zvh.registrations.status import OPEN_STATUSES, Status

from .deadlines import DeadlineState, deadline_state, due_soon_cutoff

PAGE_SIZE = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueFilters:
    """The queue's filters and search; ``None`` or empty means "all"."""

    status: Status | None = None
    target_group_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None
    search: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(
            self.status
            or self.target_group_id
            or self.municipality_id
            or self.organisation_id
            or self.search.strip()
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueRow:
    registration: Registration
    main_person: Person | None
    deadline: DeadlineState

    @property
    def others(self) -> int:
        """How many persons besides the main person (from the prefetched persons)."""
        return max(len(self.registration.persons.all()) - 1, 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Queue:
    rows: tuple[QueueRow, ...]
    page: Page[Registration]
    due_soon: tuple[QueueRow, ...]
    overdue: tuple[QueueRow, ...]


def with_people(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """With the registering organisation, the target group and the persons (and their
    municipalities) that list rows show, in a constant number of queries."""
    return queryset.select_related("registrant_organisation", "target_group").prefetch_related(
        Prefetch("persons", queryset=Person.objects.select_related("municipality"))
    )


def open_registrations(user: User) -> QuerySet[Registration]:
    """The open registrations of the screener's own Veiligheidshuis, earliest deadline first."""
    return (
        registrations_for_meldpunt(user)
        .filter(status__in=OPEN_STATUSES)
        .order_by("deadline_at", "pk")
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
    full_name = Person.objects.filter(registration=OuterRef("pk"), surname_key__contains=whole)
    return by_reference | Q(Exists(person)) | Q(Exists(full_name))


def _apply(queryset: QuerySet[Registration], filters: QueueFilters) -> QuerySet[Registration]:
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
    return queryset.filter(search_filter(filters.search))


def _row(registration: Registration, now: datetime) -> QueueRow:
    return QueueRow(
        registration=registration,
        main_person=registration.main_person,
        deadline=deadline_state(registration, now=now),
    )


def meldpunt_queue(*, user: User, filters: QueueFilters, now: datetime) -> Queue:
    """One page of the screener's queue plus the overviews of what is due soon and overdue.

    The queue holds the open registrations (received, screening, waiting for information) of the
    screener's own Veiligheidshuis, sorted by reply deadline. The overviews ignore the filters
    and leave out registrations waiting for information (their clock stands still). The number
    of queries does not depend on the number of rows.
    """
    base = open_registrations(user)
    paginator = Paginator(with_people(_apply(base, filters)), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    rows = tuple(_row(registration, now) for registration in page.object_list)
    attention = with_people(
        base.exclude(status=Status.WAITING_FOR_INFORMATION).filter(
            deadline_at__lt=due_soon_cutoff(now)
        )
    )
    flagged = [_row(registration, now) for registration in attention]
    return Queue(
        rows=rows,
        page=page,
        due_soon=tuple(row for row in flagged if row.deadline.due_soon),
        overdue=tuple(row for row in flagged if row.deadline.overdue),
    )


#: At most this many drafts to complete are listed on the queue page (oldest first).
DRAFTS_SHOWN = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftsToComplete:
    """The drafts the meldpunt records on partners' behalf and has yet to submit, oldest
    receipt first (at most ``DRAFTS_SHOWN``; ``more`` when there are others)."""

    rows: tuple[QueueRow, ...]
    more: bool


def drafts_to_complete(*, user: User, now: datetime) -> DraftsToComplete:
    """The screener's own Veiligheidshuis's phone calls and e-mails still to complete, each with
    the deadline its reply term gives from receipt. A constant number of queries."""
    drafts = list(
        with_people(meldpunt_drafts(user))
        .select_related("veiligheidshuis", "recorded_by")
        .order_by("received_at", "pk")[: DRAFTS_SHOWN + 1]
    )
    return DraftsToComplete(
        rows=tuple(_row(draft, now) for draft in drafts[:DRAFTS_SHOWN]),
        more=len(drafts) > DRAFTS_SHOWN,
    )
