"""Reads of the meldpunt: the queue, one registration in full, and "already known" persons.

Every read starts from ``registrations_for_meldpunt(user)``: a screener sees the submitted
registrations of their own Veiligheidshuis and nothing else.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.search import TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.fields.related_descriptors import ReverseOneToOneDescriptor
from django.shortcuts import get_object_or_404

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.common.text import name_key
from zvh.deadlines.calculation import (
    LOCAL_TZ,
    add_working_days,
    days_left,
    reply_deadline,
    working_days_left,
)
from zvh.network.enums import Outcome
from zvh.network.models import Municipality, Organisation, TargetGroup, Veiligheidshuis
from zvh.registrations.models import (
    Attachment,
    InvolvedPartner,
    Person,
    Registration,
    Relation,
    StatusChange,
)
from zvh.registrations.selectors import (
    meldpunt_drafts,
    registrations_for_meldpunt,
    registrations_submitted_to,
)
from zvh.registrations.status import DECIDED_STATUSES, OPEN_STATUSES, Status

from .models import Decision, InformationRequest, ScreeningAnswer

PAGE_SIZE = 25
#: Registrations due within this many working days are listed as "due soon".
DUE_SOON_WORKING_DAYS = 2


# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineState:
    """How a registration stands against its reply deadline.

    While the meldpunt waits for the registrant's information the clock stands still (``paused``).
    A decided registration is ``late`` when it was decided after its deadline.
    """

    deadline_at: datetime | None
    days_left: int | None
    working_days_left: int | None
    overdue: bool
    due_soon: bool
    paused: bool
    decided: bool
    late: bool

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def deadline_state(registration: Registration, *, now: datetime) -> DeadlineState:
    """How the registration stands; a draft the meldpunt is completing on a partner's behalf
    already runs against the deadline it will get (the term runs from receipt)."""
    deadline = registration.deadline_at
    if deadline is None and registration.status == Status.DRAFT and registration.received_at:
        deadline = reply_deadline(
            registration.veiligheidshuis.reply_term, received_at=registration.received_at
        )
    decided = registration.status in DECIDED_STATUSES
    paused = registration.status == Status.WAITING_FOR_INFORMATION
    if deadline is None:
        return DeadlineState(
            deadline_at=None,
            days_left=None,
            working_days_left=None,
            overdue=False,
            due_soon=False,
            paused=paused,
            decided=decided,
            late=bool(registration.decided_late),
        )
    if paused and registration.waiting_since is not None:
        # the clock stopped when the request went out: shift the deadline by the waiting so far
        deadline = deadline + max(now - registration.waiting_since, timedelta())
    overdue = not decided and now > deadline
    return DeadlineState(
        deadline_at=deadline,
        days_left=days_left(deadline_at=deadline, now=now),
        working_days_left=working_days_left(deadline_at=deadline, now=now),
        overdue=overdue,
        due_soon=not decided and not overdue and deadline < due_soon_cutoff(now),
        paused=paused,
        decided=decided,
        late=bool(registration.decided_late),
    )


def due_soon_cutoff(now: datetime) -> datetime:
    """The start of the day after the second working day from today (Dutch local time)."""
    last_day = add_working_days(now.astimezone(LOCAL_TZ).date(), DUE_SOON_WORKING_DAYS)
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=LOCAL_TZ)


# --- the queue ---------------------------------------------------------------------------------


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
    page: Page
    due_soon: tuple[QueueRow, ...]
    overdue: tuple[QueueRow, ...]


def _with_people(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
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
    paginator = Paginator(_with_people(_apply(base, filters)), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    rows = tuple(_row(registration, now) for registration in page.object_list)
    attention = _with_people(
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
        _with_people(meldpunt_drafts(user))
        .select_related("veiligheidshuis", "recorded_by")
        .order_by("received_at", "pk")[: DRAFTS_SHOWN + 1]
    )
    return DraftsToComplete(
        rows=tuple(_row(draft, now) for draft in drafts[:DRAFTS_SHOWN]),
        more=len(drafts) > DRAFTS_SHOWN,
    )


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
    pairs, each list by name."""

    statuses: tuple[tuple[str, str], ...]
    target_groups: tuple[tuple[int, str], ...]
    municipalities: tuple[tuple[int, str], ...]
    organisations: tuple[tuple[int, str], ...]


def queue_filter_choices(*, veiligheidshuis: Veiligheidshuis) -> FilterChoices:
    """The house's target groups, municipalities and partners, in one round trip (the queue
    page asks for them on every request)."""

    def pairs(queryset: QuerySet, kind: str) -> QuerySet:
        return (
            queryset.order_by()
            .annotate(choice_list=Value(kind))
            .values_list("choice_list", "pk", "name")
        )

    rows = (
        pairs(TargetGroup.objects.filter(veiligheidshuis=veiligheidshuis), "t")
        .union(
            pairs(Municipality.objects.filter(veiligheidshuis=veiligheidshuis), "m"),
            pairs(partner_organisations(veiligheidshuis=veiligheidshuis), "o"),
            all=True,
        )
        .order_by("choice_list", "name", "pk")
    )
    lists: dict[str, list[tuple[int, str]]] = {"t": [], "m": [], "o": []}
    for kind, pk, name in rows:
        lists[kind].append((pk, name))
    return FilterChoices(
        statuses=tuple((s.value, s.label) for s in Status if s in OPEN_STATUSES),
        target_groups=tuple(lists["t"]),
        municipalities=tuple(lists["m"]),
        organisations=tuple(lists["o"]),
    )


def partner_organisations(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[Organisation]:
    """The partners that joined the Veiligheidshuis's network."""
    return Organisation.objects.filter(networks=veiligheidshuis).order_by("name").distinct()


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


# --- one registration --------------------------------------------------------------------------


#: What many registrations do not have (a registration is often shown before any screening,
#: request, attachment or decision): the registration's own query tells which exist, and only
#: those are read. Each with the queryset it is read with.
_OPTIONAL_PARTS: dict[str, Callable[[], QuerySet]] = {
    "involved_partners": lambda: InvolvedPartner.objects.all(),
    "attachments": lambda: Attachment.objects.all(),
    "screening_answers": lambda: ScreeningAnswer.objects.select_related("criterion"),
    "information_requests": lambda: InformationRequest.objects.all(),
    "decision": lambda: Decision.objects.select_related(
        "receiving_organisation", "procesregisseur", "decided_by"
    ),
}


def _read_as_empty(registration: Registration, name: str) -> None:
    """Store the part ``name`` of ``registration`` as read and found empty, as
    ``prefetch_related`` does after a query that found nothing: ``registration.<name>.all()``
    is then empty, and a missing one-to-one ``None``, without a query. Django has no public call
    for this (a prefetch with an empty queryset still compiles it, about 0.4 ms each); a test
    guards it against Django upgrades."""
    descriptor = getattr(Registration, name)
    if isinstance(descriptor, ReverseOneToOneDescriptor):
        descriptor.related.set_cached_value(registration, None)
        return
    queryset = getattr(registration, name).none()
    queryset._result_cache = []
    queryset._prefetch_done = True
    registration.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def meldpunt_registration(*, user: User, public_id) -> Registration:
    """One registration of the screener's own Veiligheidshuis, with everything the detail page
    shows; 404 for anything else (another Veiligheidshuis's, a draft, unknown).

    A constant number of queries, fewer when there is less to show: the parts in
    ``_OPTIONAL_PARTS`` are only read when they exist, the criteria only while the registration
    can still be screened (a decided one shows its answers), a consultation's partners only for
    a consultation."""
    queryset = (
        registrations_for_meldpunt(user)
        # few joins: with the decision's four, planning the query took PostgreSQL 2-3 ms
        .select_related("veiligheidshuis", "recorded_by", "registrant_organisation", "target_group")
        .annotate(
            **{
                f"has_{name}": Exists(part().filter(registration=OuterRef("pk")))
                for name, part in _OPTIONAL_PARTS.items()
            }
        )
    )
    registration = get_object_or_404(queryset, public_id=public_id)
    lookups: list[str | Prefetch] = [
        Prefetch("persons", queryset=Person.objects.select_related("municipality")),
        "life_domains",
        Prefetch("history", queryset=StatusChange.objects.select_related("by")),
    ]
    for name, part in _OPTIONAL_PARTS.items():
        if getattr(registration, f"has_{name}"):
            lookups.append(Prefetch(name, queryset=part()))
        else:
            _read_as_empty(registration, name)
    if registration.status not in DECIDED_STATUSES:
        lookups.append("veiligheidshuis__criteria")
    prefetch_related_objects([registration], *lookups)
    decision = getattr(registration, "decision", None)
    if decision is not None and decision.outcome == Outcome.CONSULTATION_AGENDA:
        prefetch_related_objects([decision], "consultation_partners")
    return registration


# --- already known persons ---------------------------------------------------------------------

#: Dutch surname prefixes (tussenvoegsels), as whole words.
_PREFIX_WORDS = frozenset(
    {"van", "de", "den", "der", "het", "ten", "ter", "te", "in", "op", "t", "d"}
)
#: difflib ratio from which two surnames count as spelling variants (Jansen/Janssen: 0.92).
SIMILAR_RATIO = 0.8


def _surname_forms(person: Person) -> set[str]:
    """The surname with its prefix (as stored), and without any prefix, whether the prefix was
    entered in its own field or typed into the surname ("van den Berg")."""
    words = person.surname.replace("'", " ").split()
    while len(words) > 1 and name_key(words[0]) in _PREFIX_WORDS:
        words.pop(0)
    forms = {person.surname_key, name_key(person.surname), name_key("".join(words))}
    return {form for form in forms if form}


def _forms_match(forms_a: set[str], forms_b: set[str]) -> bool:
    if forms_a & forms_b:
        return True
    return any(
        difflib.SequenceMatcher(None, x, y).ratio() >= SIMILAR_RATIO
        for x in forms_a
        for y in forms_b
    )


def surnames_match(a: Person, b: Person) -> bool:
    """Spelling variants count: accents, case, spaces, prefixes (van, de, …) and small
    differences such as Jansen/Janssen or Bakker/Backer."""
    return _forms_match(_surname_forms(a), _surname_forms(b))


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownMatch:
    person: Person  # the person in the earlier registration
    by_bsn: bool

    @property
    def registration(self) -> Registration:
        return self.person.registration


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownPerson:
    person: Person
    matches: tuple[KnownMatch, ...]


#: What an "already known" match needs: the matching and the person's name (shown; logged with
#: the BSN and date of birth), the earlier registration's link, reference, date and status
#: (shown; logged with its Veiligheidshuis). Only these columns are read for the candidates.
_KNOWN_MATCH_FIELDS = (
    "registration",
    "given_names",
    "surname_prefix",
    "surname",
    "surname_key",
    "date_of_birth",
    "bsn",
    "registration__public_id",
    "registration__reference",
    "registration__veiligheidshuis",
    "registration__status",
    "registration__received_at",
)


def known_persons(*, registration: Registration) -> list[KnownPerson]:
    """For each person of the registration, the earlier registrations of the SAME
    Veiligheidshuis in which they appear: the same BSN, or the same date of birth and a surname
    that matches tolerant of spelling variants (a hint for the screener, so a name match is shown
    even when the BSNs differ). Drafts and other Veiligheidshuizen never count.

    For the meldpunt only: never show this to registrants. ``registration`` must come from
    ``registrations_for_meldpunt``; the earlier ones start from ``registrations_submitted_to``
    of its Veiligheidshuis, i.e. what that meldpunt may see.
    """
    persons = list(registration.persons.all())
    bsns = {p.bsn for p in persons if p.bsn}
    births: set[date] = {p.date_of_birth for p in persons if p.date_of_birth}
    if not (bsns or births):
        return [KnownPerson(person=p, matches=()) for p in persons]
    earlier = registrations_submitted_to(veiligheidshuis_id=registration.veiligheidshuis_id)
    earlier = earlier.exclude(pk=registration.pk)
    if registration.received_at is not None:
        earlier = earlier.filter(received_at__lt=registration.received_at)
    candidates = list(
        Person.objects.filter(registration__in=earlier)
        .filter(Q(bsn__in=bsns) | Q(date_of_birth__in=births))
        .select_related("registration")
        .only(*_KNOWN_MATCH_FIELDS)
        .order_by("-registration__received_at", "pk")
    )
    forms: dict[int, set[str]] = {}

    def surname_forms(person: Person) -> set[str]:
        if person.pk not in forms:
            forms[person.pk] = _surname_forms(person)
        return forms[person.pk]

    result = []
    for person in persons:
        matches = []
        for candidate in candidates:
            if person.bsn and candidate.bsn == person.bsn:
                matches.append(KnownMatch(person=candidate, by_bsn=True))
            elif (
                person.date_of_birth
                and candidate.date_of_birth == person.date_of_birth
                and _forms_match(surname_forms(person), surname_forms(candidate))
            ):
                matches.append(KnownMatch(person=candidate, by_bsn=False))
        result.append(KnownPerson(person=person, matches=tuple(matches)))
    return result


# --- the procesregisseur's cases ---------------------------------------------------------------


def registrations_for_procesregisseur(user: User) -> QuerySet[Registration]:
    """What a procesregisseur may open: the registrations of their own Veiligheidshuis decided
    with the outcome "prioritise for the integrated approach". Need to know: not the queue, not
    the other outcomes, not drafts, not another Veiligheidshuis's cases."""
    from zvh.network.enums import Outcome

    vh = user.veiligheidshuis if user.is_authenticated else None
    if vh is None or RoleCode.PROCESREGISSEUR not in user.role_codes:
        return Registration.objects.none()
    return registrations_submitted_to(veiligheidshuis_id=vh.pk).filter(
        status__in=DECIDED_STATUSES, decision__outcome=Outcome.INTEGRATED_APPROACH
    )


def procesregisseur_cases(
    *, user: User, mine_only: bool, page: int | str | None, closed: bool | None = None
) -> Page:
    """One page of the procesregisseur's prioritised cases, the newest decision first;
    ``mine_only`` keeps those the decision assigned to the user, ``closed`` the closed (True) or
    the running (False) ones (None: both). The number of queries does not depend on the number
    of cases."""
    cases = registrations_for_procesregisseur(user)
    if mine_only:
        cases = cases.filter(decision__procesregisseur=user)
    if closed is not None:
        cases = (
            cases.filter(status=Status.CLOSED) if closed else cases.exclude(status=Status.CLOSED)
        )
    cases = _with_people(cases).select_related("decision__procesregisseur")
    return Paginator(cases.order_by("-decided_at", "-pk"), PAGE_SIZE).get_page(page)


def procesregisseur_registration(*, user: User, public_id) -> Registration:
    """One prioritised case of the procesregisseur's own Veiligheidshuis, with everything its
    page shows; 404 for anything else (another outcome, still open, another Veiligheidshuis's)."""
    queryset = (
        registrations_for_procesregisseur(user)
        .select_related(
            "veiligheidshuis",
            "registrant_organisation",
            "target_group",
            "decision__procesregisseur",
            "decision__decided_by",
        )
        .prefetch_related(
            Prefetch("persons", queryset=Person.objects.select_related("municipality")),
            "involved_partners",
            "attachments",
            "life_domains",
            "screening_answers__criterion",
            "information_requests",
            Prefetch("history", queryset=StatusChange.objects.select_related("by")),
        )
    )
    return get_object_or_404(queryset, public_id=public_id)
