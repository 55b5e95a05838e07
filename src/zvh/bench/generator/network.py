"""The small tables: 30 Veiligheidshuizen with their municipalities, target groups, criteria and
life domains; partner organisations and covenants; users with their roles; TOTP devices and
passwords for the bench accounts only. Created with ``bulk_create`` and explicit ids (the
database must be empty), so the same seed gives the same rows."""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.deadlines.terms import ReplyTerm, TermUnit
from zvh.network.enums import IntakeChannel, OrganisationKind, Outcome
from zvh.network.models import (
    CovenantMembership,
    LifeDomain,
    Municipality,
    Organisation,
    SelectionCriterion,
    TargetGroup,
    Veiligheidshuis,
)

from .. import names
from .plan import (
    BENCH_ACCOUNTS_PER_ROLE,
    BENCH_PASSWORD,
    HOUSES,
    LOCAL_PARTNERS_PER_HOUSE,
    NATIONAL_PARTNERS,
    PRIVACY_OFFICERS_PER_HOUSE,
    REGISTRANTS_PER_PARTNER,
    STAFF_PER_HOUSE,
)

#: The tables ``network_create`` fills with explicit ids, in the order it fills them.
NETWORK_MODELS = (
    Veiligheidshuis,
    Municipality,
    TargetGroup,
    TargetGroup.municipalities.through,
    SelectionCriterion,
    LifeDomain,
    Organisation,
    CovenantMembership,
    User,
    User.roles.through,
)
LOCAL_PARTNER_KINDS = (
    OrganisationKind.POLICE,
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.MENTAL_HEALTH,
    OrganisationKind.YOUTH_CARE,
    OrganisationKind.HOUSING,
    OrganisationKind.VEILIG_THUIS,
    OrganisationKind.ADDICTION_CARE,
    OrganisationKind.PUBLIC_PROSECUTOR,
)
NATIONAL_PARTNER_NAMES = (
    ("Reclassering Nederland", OrganisationKind.PROBATION),
    ("Raad voor de Kinderbescherming", OrganisationKind.CHILD_PROTECTION),
    ("Leger des Heils Jeugdbescherming & Reclassering", OrganisationKind.PROBATION),
)
#: Which house the bench accounts work in (the largest: registrations are weighted by rank).
BENCH_HOUSE_INDEX = 0


@dataclass(slots=True, kw_only=True)
class Actor:
    """Who acts in the access log: id, name, organisation and roles as they were."""

    id: int
    username: str
    organisation_id: int
    organisation_name: str
    roles: str


@dataclass(slots=True, kw_only=True)
class House:
    id: int
    code: str
    term: ReplyTerm
    outcomes: tuple[str, ...]
    municipality_ids: list[int]
    #: target group id -> the municipality ids it applies to
    target_groups: dict[int, frozenset[int]]
    life_domain_ids: list[int]
    registrants: list[Actor] = field(default_factory=list)
    screeners: list[Actor] = field(default_factory=list)
    procesregisseurs: list[Actor] = field(default_factory=list)
    privacy_officers: list[Actor] = field(default_factory=list)
    partner_names: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Network:
    houses: list[House]
    municipality_names: dict[int, str]


def bench_totp_key(*, seed: int, username: str) -> str:
    """The bench account's TOTP secret (40 hex digits), derived from the seed: synthetic
    accounts in a bench database only."""
    return hashlib.sha256(f"zvh-bench-totp:{seed}:{username}".encode()).hexdigest()[:40]


class _Ids:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, kind: str) -> int:
        value = self._next.get(kind, 1)
        self._next[kind] = value + 1
        return value


def network_create(*, rng: random.Random, seed: int, joined_on: dt.date) -> Network:
    """Create the network and every user; return what the registration generator needs."""
    ids = _Ids()
    Role.objects.bulk_create(
        [Role(code=code) for code in RoleCode], ignore_conflicts=True
    )  # a flushed test database has lost the migration's rows
    houses_rows, houses = [], []
    municipalities, target_groups, criteria, domains = [], [], [], []
    tg_links = []
    municipality_names: dict[int, str] = {}
    places = list(names.PLACES)
    for index, (code, region) in enumerate(names.REGIONS[:HOUSES]):
        unit = TermUnit.WORKING_DAYS if index % 3 == 2 else TermUnit.CALENDAR_DAYS
        amount = (5, 7, 10, 14)[index % 4]
        outcomes = [o.value for o in Outcome]
        if index % 4 == 1:
            outcomes.remove(Outcome.REFER_ELSEWHERE)
        vh_id = ids("vh")
        houses_rows.append(
            Veiligheidshuis(
                id=vh_id,
                name=f"Zorg- en Veiligheidshuis {region}",
                code=code,
                region=region,
                meldpunt_email=f"meldpunt@{code.lower()}.veiligheidshuis.invalid",
                reply_term_amount=amount,
                reply_term_unit=unit,
                offered_outcomes=outcomes,
                intake_channels=[IntakeChannel.WEB_FORM, IntakeChannel.EMAIL],
            )
        )
        m_ids = []
        for m in range(rng.randint(8, 14)):
            m_id = ids("municipality")
            name = region if m == 0 else f"{places[(index * 7 + m) % len(places)]} ({code})"
            municipalities.append(
                Municipality(id=m_id, name=name, cbs_code=f"GM{m_id:04d}", veiligheidshuis_id=vh_id)
            )
            municipality_names[m_id] = name
            m_ids.append(m_id)
        tgs: dict[int, frozenset[int]] = {}
        for t, (tg_code, tg_name) in enumerate(names.TARGET_GROUPS[: 4 + index % 3]):
            tg_id = ids("target_group")
            scope = m_ids if t < 3 else m_ids[:1]
            target_groups.append(
                TargetGroup(id=tg_id, veiligheidshuis_id=vh_id, code=tg_code, name=tg_name)
            )
            tg_links.extend(
                TargetGroup.municipalities.through(targetgroup_id=tg_id, municipality_id=m)
                for m in scope
            )
            tgs[tg_id] = frozenset(scope)
        for position, text in enumerate(names.CRITERIA, start=1):
            criteria.append(
                SelectionCriterion(
                    id=ids("criterion"), veiligheidshuis_id=vh_id, position=position, text=text
                )
            )
        d_ids = []
        for position, name in enumerate(names.LIFE_DOMAINS, start=1):
            d_id = ids("domain")
            domains.append(
                LifeDomain(id=d_id, veiligheidshuis_id=vh_id, position=position, name=name)
            )
            d_ids.append(d_id)
        houses.append(
            House(
                id=vh_id,
                code=code,
                term=ReplyTerm(amount=amount, unit=TermUnit(unit)),
                outcomes=tuple(outcomes),
                municipality_ids=m_ids,
                target_groups=tgs,
                life_domain_ids=d_ids,
            )
        )
    Veiligheidshuis.objects.bulk_create(houses_rows)
    Municipality.objects.bulk_create(municipalities)
    TargetGroup.objects.bulk_create(target_groups)
    TargetGroup.municipalities.through.objects.bulk_create(tg_links)
    SelectionCriterion.objects.bulk_create(criteria)
    LifeDomain.objects.bulk_create(domains)
    _people_create(rng=rng, seed=seed, ids=ids, houses=houses, joined_on=joined_on)
    return Network(houses=houses, municipality_names=municipality_names)


def _people_create(
    *, rng: random.Random, seed: int, ids: _Ids, houses: list[House], joined_on: dt.date
) -> None:
    organisations, memberships, users, role_links, devices = [], [], [], [], []
    bench_password = make_password(BENCH_PASSWORD)  # hashed once: one salt for all bench users

    def user(username: str, org: Organisation, role: RoleCode, *, bench: bool = False) -> Actor:
        u_id = ids("user")
        given = rng.choice(names.GIVEN_NAMES)
        surname = rng.choice(names.SURNAMES)
        users.append(
            User(
                id=u_id,
                username=username,
                first_name=given,
                last_name=surname,
                email=f"{username}@zvh.invalid",
                organisation_id=org.id,
                password=bench_password if bench else "!synthetic",
            )
        )
        role_links.append(User.roles.through(user_id=u_id, role_id=str(role)))
        if bench:
            devices.append(
                TOTPDevice(
                    user_id=u_id,
                    name="default",
                    confirmed=True,
                    key=bench_totp_key(seed=seed, username=username),
                )
            )
        return Actor(
            id=u_id,
            username=username,
            organisation_id=org.id,
            organisation_name=org.name,
            roles=str(role),
        )

    national = []
    for name, kind in NATIONAL_PARTNER_NAMES[:NATIONAL_PARTNERS]:
        national.append(Organisation(id=ids("org"), name=name, kind=kind))
    organisations.extend(national)
    national_registrants: dict[int, list[Actor]] = {}
    for org in national:
        national_registrants[org.id] = [
            user(f"{org.kind}-{org.id}-{n}", org, RoleCode.REGISTRANT)
            for n in range(REGISTRANTS_PER_PARTNER * 2)
        ]
    for index, house in enumerate(houses):
        bench = index == BENCH_HOUSE_INDEX
        staff = Organisation(
            id=ids("org"),
            name=f"Zorg- en Veiligheidshuis {names.REGIONS[index][1]} (staf)",
            kind=OrganisationKind.VEILIGHEIDSHUIS,
            veiligheidshuis_id=house.id,
        )
        organisations.append(staff)
        code = house.code.lower()
        for role, count in STAFF_PER_HOUSE.items():
            for n in range(count):
                actor = user(f"{code}-{role}-{n + 1}", staff, RoleCode(role))
                if role == RoleCode.SCREENER:
                    house.screeners.append(actor)
                elif role == RoleCode.PROCESREGISSEUR:
                    house.procesregisseurs.append(actor)
        for n in range(PRIVACY_OFFICERS_PER_HOUSE):
            house.privacy_officers.append(
                user(f"{code}-privacy-{n + 1}", staff, RoleCode.PRIVACY_OFFICER)
            )
        partners = []
        for p, kind in enumerate(LOCAL_PARTNER_KINDS[:LOCAL_PARTNERS_PER_HOUSE]):
            org = Organisation(
                id=ids("org"),
                name=f"{OrganisationKind(kind).label} {names.REGIONS[index][1]}",
                kind=kind,
            )
            partners.append(org)
            house.partner_names.append(org.name)
            house.registrants.extend(
                user(f"{code}-{kind}-{n + 1}", org, RoleCode.REGISTRANT)
                for n in range(REGISTRANTS_PER_PARTNER)
            )
            if p == 0 and bench:
                for n in range(BENCH_ACCOUNTS_PER_ROLE):
                    user(f"bench-registrant-{n + 1:02d}", org, RoleCode.REGISTRANT, bench=True)
        organisations.extend(partners)
        for org in [*partners, *national]:
            memberships.append(
                CovenantMembership(
                    id=ids("membership"),
                    organisation_id=org.id,
                    veiligheidshuis_id=house.id,
                    joined_on=joined_on,
                )
            )
        for org in national:
            house.registrants.extend(national_registrants[org.id])
            house.partner_names.append(org.name)
        if bench:
            for n in range(BENCH_ACCOUNTS_PER_ROLE):
                house.screeners.append(
                    user(f"bench-screener-{n + 1:02d}", staff, RoleCode.SCREENER, bench=True)
                )
                user(f"bench-privacy-{n + 1:02d}", staff, RoleCode.PRIVACY_OFFICER, bench=True)
    Organisation.objects.bulk_create(organisations)
    CovenantMembership.objects.bulk_create(memberships)
    User.objects.bulk_create(users, batch_size=500)
    User.roles.through.objects.bulk_create(role_links, batch_size=500)
    TOTPDevice.objects.bulk_create(devices)
