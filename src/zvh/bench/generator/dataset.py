"""The registrations of ten years, their persons, history, decisions and information requests,
and the access-log entries about them; streamed to the database in batches."""

import bisect
import datetime as dt
import itertools
import random
import uuid
from dataclasses import dataclass

from zvh.access_log.enums import EventType, Purpose
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline
from zvh.network.enums import Outcome
from zvh.registrations.models import (
    Channel,
    Person,
    ReferenceCounter,
    Registration,
    Relation,
    StatusChange,
)
from zvh.registrations.references import format_reference
from zvh.registrations.status import Status
from zvh.triage.models import Decision, InformationRequest

from .. import names
from .chain import Chain, Event, canonical_json
from .network import Actor, House, Network
from .people import Identity, People, keys_of, person_row_values
from .plan import DRAFT_SHARE, INFORMATION_REQUEST_SHARE, Plan
from .sink import RowSink

REGISTRATION_FIELDS = (
    "id", "public_id", "reference", "veiligheidshuis", "status", "channel", "submission_token",
    "registrant",
    "registrant_organisation", "contact_name", "contact_phone", "contact_email", "target_group",
    "reason", "situation", "urgency", "urgency_explanation", "client_informed",
    "client_informed_on", "client_informed_how", "not_informed_reason",
    "not_informed_explanation", "created_at", "updated_at", "received_at", "deadline_at",
    "suspended", "waiting_since", "decided_at", "decided_late", "version",
)  # fmt: skip
PERSON_FIELDS = (
    "id", "registration", "position", "relation", "given_names", "surname_prefix", "surname",
    "date_of_birth", "bsn", "street", "postal_code", "city", "municipality", "surname_key",
    "given_key",
)  # fmt: skip
HISTORY_FIELDS = ("id", "registration", "from_status", "to_status", "at", "by", "why")
DECISION_FIELDS = (
    "id", "registration", "outcome", "motivation", "message_to_registrant",
    "receiving_organisation", "receiving_organisation_name", "advice", "consultation_date",
    "approach_mode", "procesregisseur", "decided_by", "decided_at",
)  # fmt: skip
REQUEST_FIELDS = (
    "id", "registration", "question", "requested_by", "requested_at", "answer", "answered_by",
    "answered_at",
)  # fmt: skip
FAMILY_SIZES = (0, 1, 2, 3)
FAMILY_WEIGHTS = (0.6, 0.2, 0.12, 0.08)
FAMILY_RELATIONS = (Relation.CHILD, Relation.CHILD, Relation.PARTNER, Relation.PARENT)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    registrations: int
    persons: int
    access_log_entries: int
    access_log_subjects: int


def _between(rng: random.Random, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
    if hi <= lo:
        return lo
    return lo + (hi - lo) * rng.random()


class Generator:
    def __init__(self, *, plan: Plan, network: Network, sink: RowSink) -> None:
        self.plan = plan
        self.network = network
        self.sink = sink
        self.rng = random.Random(f"registrations:{plan.seed}")  # noqa: S311
        self.people = People(rng=random.Random(f"people:{plan.seed}"))  # noqa: S311
        self.chain = Chain(sink=sink, rng=random.Random(f"access-log:{plan.seed}"))  # noqa: S311
        self.t_registration = sink.table(Registration, REGISTRATION_FIELDS)
        self.t_domains = sink.table(
            Registration.life_domains.through, ("id", "registration", "lifedomain")
        )
        self.t_person = sink.table(Person, PERSON_FIELDS)
        self.t_history = sink.table(StatusChange, HISTORY_FIELDS)
        self.t_decision = sink.table(Decision, DECISION_FIELDS)
        self.t_request = sink.table(InformationRequest, REQUEST_FIELDS)
        self.ids = {name: itertools.count(1) for name in ("person", "domain", "history", "request")}
        self.counters: dict[tuple[int, int], int] = {}
        weights = [1 / (rank + 1) ** 0.6 for rank in range(len(network.houses))]
        self.cum_weights = list(itertools.accumulate(weights))
        self.persons = 0

    # --- the run -----------------------------------------------------------------------------

    def run(self) -> Summary:
        plan, rng = self.plan, self.rng
        span = plan.end - plan.start
        total, entries = plan.registrations, plan.access_log_entries
        base, extra = divmod(entries, total)
        for index in range(total):
            created = plan.start + span * ((index + rng.random()) / total)
            self.chain.release(before=created)
            share = 1 if (index + 1) * extra // total > index * extra // total else 0
            self._registration(index + 1, created, base + share)
        self.chain.finish()
        self.sink.flush()
        ReferenceCounter.objects.bulk_create(
            ReferenceCounter(veiligheidshuis_id=vh, year=year, last_number=n)
            for (vh, year), n in sorted(self.counters.items())
        )
        return Summary(
            registrations=total,
            persons=self.persons,
            access_log_entries=self.chain.sequence,
            access_log_subjects=self.chain.subject_id,
        )

    # --- one registration --------------------------------------------------------------------

    def _registration(self, reg_id: int, created: dt.datetime, log_entries: int) -> None:
        rng, end = self.rng, self.plan.end
        house = self.network.houses[
            bisect.bisect(self.cum_weights, rng.random() * self.cum_weights[-1])
        ]
        registrant = rng.choice(house.registrants)
        public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        municipality = rng.choice(house.municipality_ids)
        groups = [tg for tg, scope in house.target_groups.items() if municipality in scope]
        received = created + _between(rng, 5 * 60 * dt.timedelta(seconds=1), 2 * DAY)
        if rng.random() < DRAFT_SHARE or received >= end:
            received = None
        state = _Timeline.of(rng=rng, house=house, received=received, end=end)
        reference = None
        if received is not None:
            year = received.astimezone(LOCAL_TZ).year
            number = self.counters.get((house.id, year), 0) + 1
            self.counters[(house.id, year)] = number
            reference = format_reference(code=house.code, year=year, number=number)
        screener = rng.choice(house.screeners)
        keys = self._persons(reg_id, house, municipality, created)
        informed = rng.random() < 0.8
        urgent = rng.random() < 0.1
        self.sink.add(
            self.t_registration,
            (
                reg_id, public_id, reference, house.id, state.status,
                Channel.WEB_FORM if rng.random() < 0.85 else Channel.API, None, registrant.id,
                registrant.organisation_id, registrant.username.replace("-", " ").title(),
                "088-1234567", f"{registrant.username}@zvh.invalid", rng.choice(groups),
                rng.choice(names.REASONS), rng.choice(names.SITUATIONS),
                "urgent" if urgent else "normal", "Acuut gevaar." if urgent else "", informed,
                created.astimezone(LOCAL_TZ).date() if informed else None,
                "In een gesprek" if informed else "", "" if informed else "safety",
                "" if informed else "Gevaar voor de melder.", created, state.last_change(created),
                received, state.deadline, state.suspended, state.waiting_since, state.decided,
                state.late, 1 + len(state.changes),
            ),
        )  # fmt: skip
        for domain in rng.sample(house.life_domain_ids, rng.randint(1, 3)):
            self.sink.add(self.t_domains, (next(self.ids["domain"]), reg_id, domain))
        for at, from_status, to_status, why in state.changes:
            by_registrant = (
                to_status == Status.RECEIVED or from_status == Status.WAITING_FOR_INFORMATION
            )
            by = registrant if by_registrant else screener
            self.sink.add(
                self.t_history,
                (next(self.ids["history"]), reg_id, from_status, to_status, at, by.id, why),
            )
        if state.requested is not None:
            self.sink.add(
                self.t_request,
                (
                    next(self.ids["request"]), reg_id, "Kunt u de huidige hulpverlening noemen?",
                    screener.id, state.requested, "Wijkteam en schuldhulp." if state.answered
                    else "", registrant.id if state.answered else None, state.answered,
                ),
            )  # fmt: skip
        if state.decided is not None:
            self._decision(reg_id, house, screener, state.decided)
        objects = {"type": "registration", "id": str(public_id), "ref": ""}
        submitted = {**objects, "ref": reference or ""}
        self._log(
            reg_id=reg_id,
            house=house,
            registrant=registrant,
            screener=screener,
            created=created,
            state=state,
            objects=(objects, submitted),
            keys=keys,
            count=log_entries,
        )

    def _persons(
        self, reg_id: int, house: House, municipality: int, created: dt.datetime
    ) -> tuple[str, ...]:
        rng, year = self.rng, created.year
        main, _known = self.people.main_person(house_id=house.id, year=year)
        family = [
            self.people.new(born_after=year - 80, born_before=year, with_bsn=0.5, with_birth=0.9)
            for _ in range(rng.choices(FAMILY_SIZES, FAMILY_WEIGHTS)[0])
        ]
        if family:  # a family shares the surname of the registered person, mostly
            family = [
                Identity(p.bsn, p.given_names, main.surname_prefix, main.surname, p.date_of_birth)
                if rng.random() < 0.7
                else p
                for p in family
            ]
        street = f"{rng.choice(names.STREETS)} {rng.randint(1, 180)}"
        postal = f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}A"
        city = self.network.municipality_names[municipality]
        keys: set[str] = set()
        for position, person in enumerate([main, *family]):
            relation = Relation.MAIN if position == 0 else rng.choice(FAMILY_RELATIONS)
            surname_key, given_key = person_row_values(person)
            self.sink.add(
                self.t_person,
                (
                    next(self.ids["person"]), reg_id, position, relation, person.given_names,
                    person.surname_prefix, person.surname, person.date_of_birth, person.bsn,
                    street, postal, city, municipality, surname_key, given_key,
                ),
            )  # fmt: skip
            keys |= keys_of(person)
            self.persons += 1
        return tuple(sorted(keys))

    def _decision(self, reg_id: int, house: House, screener: Actor, at: dt.datetime) -> None:
        rng = self.rng
        outcome = rng.choice(house.outcomes)
        local_day = at.astimezone(LOCAL_TZ).date()
        self.sink.add(
            self.t_decision,
            (
                reg_id, reg_id, outcome, "Voldoet aan de criteria; afgestemd met partners.",
                "Wij nemen contact met u op.", None,
                rng.choice(house.partner_names) if outcome == Outcome.REFER_ELSEWHERE else "",
                "Zet de hulp voort via het wijkteam." if outcome == Outcome.REFER_BACK else "",
                local_day + 7 * DAY if outcome == Outcome.CONSULTATION_AGENDA else None,
                "voluntary" if outcome == Outcome.INTEGRATED_APPROACH else "",
                rng.choice(house.procesregisseurs).id
                if outcome == Outcome.INTEGRATED_APPROACH else None,
                screener.id, at,
            ),
        )  # fmt: skip

    def _log(
        self,
        *,
        reg_id: int,
        house: House,
        registrant: Actor,
        screener: Actor,
        created: dt.datetime,
        state: "_Timeline",
        objects: tuple[dict, dict],
        keys: tuple[str, ...],
        count: int,
    ) -> None:
        """``count`` entries: the life cycle as far as it got by the end, then views."""
        rng, end = self.rng, self.plan.end
        draft, submitted = objects
        reg, triage = Purpose.REGISTRATION, Purpose.TRIAGE
        plan = [
            (created, EventType.CREATE, reg, registrant, draft),
            (created + 2 * 60 * dt.timedelta(seconds=1), EventType.UPDATE, reg, registrant, draft),
        ]
        if state.received is not None:
            plan.append((state.received, EventType.CREATE, reg, registrant, submitted))
        for at, *_ in state.changes[1:]:
            plan.append((at, EventType.UPDATE, triage, screener, submitted))
        if state.requested is not None:
            plan.append((state.requested, EventType.UPDATE, triage, screener, submitted))
        plan = [step for step in plan if step[0] < end][:count]
        lo = state.received or created
        hi = min(end, (state.decided or end) + 30 * DAY)
        while len(plan) < count:
            at = _between(rng, lo, hi)
            if state.received is None or rng.random() < 0.3:
                plan.append((at, EventType.VIEW, reg, registrant, submitted))
            else:
                plan.append((at, EventType.VIEW, triage, screener, submitted))
        as_json = {id(obj): canonical_json([obj]) for obj in objects}
        persons_json = canonical_json(list(keys))
        for at, event_type, purpose, actor, obj in plan:
            self.chain.add(
                Event(
                    at=min(at, end - dt.timedelta(seconds=1)),
                    event_type=event_type,
                    purpose=purpose,
                    actor=actor,
                    veiligheidshuis_id=house.id,
                    objects=(obj,),
                    objects_json=as_json[id(obj)],
                    person_keys=keys,
                    persons_json=persons_json,
                )
            )


@dataclass(slots=True, kw_only=True)
class _Timeline:
    """Where a registration stands at the end of the period, and how it got there."""

    status: str
    received: dt.datetime | None = None
    deadline: dt.datetime | None = None
    suspended: dt.timedelta = dt.timedelta()
    waiting_since: dt.datetime | None = None
    requested: dt.datetime | None = None
    answered: dt.datetime | None = None
    decided: dt.datetime | None = None
    late: bool | None = None
    changes: list = None  # (at, from, to, why)

    def last_change(self, created: dt.datetime) -> dt.datetime:
        return self.changes[-1][0] if self.changes else created

    @classmethod
    def of(
        cls, *, rng: random.Random, house: House, received: dt.datetime | None, end: dt.datetime
    ) -> "_Timeline":
        if received is None:
            return cls(status=Status.DRAFT, changes=[])
        changes = [(received, Status.DRAFT, Status.RECEIVED, "submitted")]
        state = cls(status=Status.RECEIVED, received=received, changes=changes)
        base = reply_deadline(house.term, received_at=received)
        state.deadline = base
        screening = received + _between(rng, HOUR, 3 * DAY)
        if screening >= end:
            return state
        changes.append((screening, Status.RECEIVED, Status.SCREENING, ""))
        state.status = Status.SCREENING
        resumed = screening
        if rng.random() < INFORMATION_REQUEST_SHARE:
            state.requested = screening + _between(rng, HOUR, 2 * DAY)
            answered = state.requested + _between(rng, DAY, 6 * DAY)
            if state.requested < end:
                changes.append(
                    (state.requested, Status.SCREENING, Status.WAITING_FOR_INFORMATION, "")
                )
                if answered >= end:
                    state.status = Status.WAITING_FOR_INFORMATION
                    state.waiting_since = state.requested
                    return state
                state.answered = answered
                state.suspended = answered - state.requested
                state.deadline = reply_deadline(
                    house.term, received_at=received, suspended=state.suspended
                )
                changes.append((answered, Status.WAITING_FOR_INFORMATION, Status.SCREENING, ""))
                resumed = answered
            else:
                state.requested = None
        term = base - received
        decided = max(resumed + HOUR, received + state.suspended + term * rng.uniform(0.2, 1.15))
        if decided >= end:
            return state
        changes.append((decided, Status.SCREENING, Status.DECIDED, ""))
        state.status = Status.DECIDED
        state.decided = decided
        state.late = decided > state.deadline
        return state
