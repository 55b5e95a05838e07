"""A hand-built set of registrations and tombstones with known figures.

Times are Dutch local time (``local``); the dataset puts registrations right at the edges of
months and years so that counting by UTC dates would give other figures.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from django.utils import translation

from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.enums import OrganisationKind, Outcome
from zvh.registrations.models import Channel, Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.retention.models import RegistrationTombstone
from zvh.triage.models import ApproachMode, Decision, InformationRequest

_numbers = count(1)


@pytest.fixture(autouse=True)
def _dutch():
    """Labels are compared in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


def local(*args: int) -> datetime:
    """A moment in Dutch local time: ``local(2026, 3, 31, 23, 30)``."""
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def make_case(demo_users, houses, municipalities) -> Callable[..., Registration]:
    """A submitted registration as the services leave it; decided when ``outcome`` is given
    (``late`` is then its ``decided_late``), with ``requests`` information requests."""

    def _make(
        *,
        received: datetime,
        vh: str = "MST",
        status: Status | None = None,
        outcome: Outcome | None = None,
        decided: datetime | None = None,
        late: bool = False,
        registrant: str = "aanmelder",
        municipality: str | None = None,
        target_group: str | None = None,
        channel: Channel = Channel.WEB_FORM,
        requests: int = 0,
        waiting_since: datetime | None = None,
        deadline: datetime | None = None,
        procesregisseur: str | None = None,
    ) -> Registration:
        house = houses[vh]
        status = status or (Status.DECIDED if outcome else Status.RECEIVED)
        registration = RegistrationFactory(
            registrant=demo_users[registrant],
            veiligheidshuis=house,
            status=status,
            channel=channel,
            reference=f"{vh}-{received.year}-{next(_numbers):05d}",
            received_at=received,
            deadline_at=deadline or received + timedelta(days=house.reply_term_amount),
            decided_at=decided if outcome else None,
            decided_late=late if outcome else None,
            waiting_since=waiting_since,
            target_group=house.target_groups.get(code=target_group) if target_group else None,
        )
        default = "Maastricht" if vh == "MST" else "Sittard-Geleen"
        PersonFactory(
            registration=registration, municipality=municipalities[municipality or default]
        )
        screener = demo_users["screener"]
        for i in range(requests):
            InformationRequest.objects.create(
                registration=registration,
                question=f"Vraag {i + 1}",
                requested_by=screener,
                requested_at=received + timedelta(hours=1),
            )
        if outcome:
            integrated = outcome == Outcome.INTEGRATED_APPROACH
            Decision.objects.create(
                registration=registration,
                outcome=outcome,
                motivation="Synthetische motivering.",
                approach_mode=ApproachMode.DRANG if integrated else "",
                procesregisseur=demo_users[procesregisseur or "regisseur"] if integrated else None,
                decided_by=screener,
                decided_at=decided,
            )
        return registration

    return _make


@pytest.fixture
def make_tombstone(houses, municipalities) -> Callable[..., RegistrationTombstone]:
    def _make(
        *,
        received: date,
        decided: date | None = None,
        outcome: Outcome | str = "",
        late: bool | None = None,
        vh: str = "MST",
        municipality: str = "Maastricht",
        target_group: str | None = None,
        channel: Channel = Channel.WEB_FORM,
        kind: OrganisationKind | str = OrganisationKind.POLICE,
        requests: int = 0,
    ) -> RegistrationTombstone:
        house = houses[vh]
        return RegistrationTombstone.objects.create(
            veiligheidshuis=house,
            channel=channel,
            registrant_kind=kind,
            urgency="normal",
            target_group=house.target_groups.get(code=target_group) if target_group else None,
            municipality=municipalities[municipality],
            persons=1,
            received_on=received,
            decided_on=decided,
            decided_late=late,
            outcome=outcome,
            information_requests=requests,
            removed_on=date(2026, 11, 1),
        )

    return _make


#: The moment the figures are asked for: Monday 23 November 2026, noon in the Netherlands.
NOW = local(2026, 11, 23, 12, 0)


@pytest.fixture
def dataset(make_case, make_tombstone, demo_users, houses) -> dict[str, object]:
    """Maastricht's registrations of 2026 (and around it), plus noise that must never count.

    Expected figures for 2026 are written next to each registration in the tests."""
    cases = {
        # received 10 Jan, decided 14 Jan (4 days), in time
        "A": make_case(
            received=local(2026, 1, 10, 10),
            outcome=Outcome.REFER_BACK,
            decided=local(2026, 1, 14, 9),
            target_group="veelplegers",
            requests=1,
        ),
        # received 1 Feb by the municipality by e-mail, in Meerssen, decided late (19 days)
        "B": make_case(
            received=local(2026, 2, 1, 9),
            outcome=Outcome.INTEGRATED_APPROACH,
            decided=local(2026, 2, 20, 16),
            late=True,
            registrant="aanmelder-gemeente",
            municipality="Meerssen",
            channel=Channel.EMAIL,
        ),
        # received 31 March 23:30 (21:30 UTC): March; decided 1 April 00:30 (still 31 March in
        # UTC): April. One day.
        "C": make_case(
            received=local(2026, 3, 31, 23, 30),
            outcome=Outcome.CONSULTATION_AGENDA,
            decided=local(2026, 4, 1, 0, 30),
        ),
        # open now, deadline ahead
        "D": make_case(received=local(2026, 11, 20, 9), target_group="huiselijk-geweld"),
        # being screened, deadline 8 November passed: overdue
        "E": make_case(received=local(2026, 11, 1, 9), status=Status.SCREENING),
        # waiting since 7 November, deadline was 12 November: the clock stopped in time
        "F": make_case(
            received=local(2026, 11, 5, 9),
            status=Status.WAITING_FOR_INFORMATION,
            waiting_since=local(2026, 11, 7, 9),
            requests=1,
        ),
        # waiting since 20 November, deadline was 10 November: overdue before the request
        "G": make_case(
            received=local(2026, 11, 3, 9),
            status=Status.WAITING_FOR_INFORMATION,
            waiting_since=local(2026, 11, 20, 9),
            deadline=local(2026, 11, 10, 9),
            requests=1,
        ),
        # received 1 January 00:30 (31 December 23:30 UTC): 2026. Decided the next day.
        "H": make_case(
            received=local(2026, 1, 1, 0, 30),
            outcome=Outcome.REFER_BACK,
            decided=local(2026, 1, 2, 10),
        ),
        # received 31 December 2025 23:00: 2025. Decided 5 January 2026 (5 days), in time.
        "I": make_case(
            received=local(2025, 12, 31, 23),
            outcome=Outcome.REFER_BACK,
            decided=local(2026, 1, 5, 10),
        ),
    }
    graves = {
        # removed by retention: received 5 Jan, decided 8 Jan (3 days), in time, two requests
        "T1": make_tombstone(
            received=date(2026, 1, 5),
            decided=date(2026, 1, 8),
            outcome=Outcome.REFER_BACK,
            late=False,
            target_group="veelplegers",
            requests=2,
        ),
        # removed: received 6 Jan by youth care by e-mail, Eijsden-Margraten, decided late
        "T2": make_tombstone(
            received=date(2026, 1, 6),
            decided=date(2026, 1, 20),
            outcome=Outcome.CONSULTATION_AGENDA,
            late=True,
            municipality="Eijsden-Margraten",
            channel=Channel.EMAIL,
            kind="youth_care",
        ),
    }
    # Never counted for Maastricht: a draft, Sittard's registrations and tombstones.
    draft = make_case(received=local(2026, 5, 1, 9), status=Status.DRAFT)
    sittard = make_case(
        vh="STD",
        received=local(2026, 5, 1, 9),
        outcome=Outcome.REFER_ELSEWHERE,
        decided=local(2026, 5, 2, 9),
        registrant="aanmelder",
    )
    sittard_grave = make_tombstone(
        vh="STD",
        received=date(2026, 2, 1),
        decided=date(2026, 2, 3),
        outcome=Outcome.REFER_BACK,
        late=False,
        municipality="Sittard-Geleen",
    )
    return {**cases, **graves, "draft": draft, "sittard": sittard, "sittard_grave": sittard_grave}


@pytest.fixture
def sittard_manager(demo_users):
    """A manager of Sittard's Veiligheidshuis (the other house)."""
    from zvh.accounts.models import Role, User
    from zvh.accounts.roles import RoleCode

    user = User.objects.create_user(
        username="manager-sittard", organisation=demo_users["screener-sittard"].organisation
    )
    user.roles.add(Role.objects.get(code=RoleCode.MANAGER))
    return user
