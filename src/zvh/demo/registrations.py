"""Demo registrations in every state, so the queue, the registrant's list, the cases and the
figures show something after ``make run``.

Rules:
- Only where the settings allow demo data (``ZVH_DEMO_ALLOWED``), after ``demo_load``.
- Every scenario goes through the same services a user's clicks call (start, save, submit,
  screen, ask, answer, decide, close), so the history, the deadlines, the outbox and the access
  log are what they would be.
- Idempotent: each scenario's registration carries a fixed ``submission_token`` (a UUID derived
  from the scenario's key); a scenario whose registration exists is skipped, so loading twice
  creates nothing new.
- Synthetic: generated names from the word lists below, fixed birth dates, generated
  elfproef-valid BSNs; any resemblance to a real person is chance.
"""

import datetime as dt
import enum
import random
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.timezone import localdate

from zvh.accounts.models import User
from zvh.common.bsn import generate_bsn
from zvh.network.enums import Outcome
from zvh.network.models import Municipality, Organisation, SelectionCriterion
from zvh.network.selectors import target_groups_for_municipality
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_start_on_behalf,
    registration_submit,
)
from zvh.triage.closure import case_close
from zvh.triage.models import ApproachMode
from zvh.triage.services import (
    CriterionAnswer,
    DecisionInput,
    information_request_answer,
    information_request_create,
    registration_decide,
    screening_answers_save,
    screening_start,
)

#: The namespace of the scenarios' submission tokens.
DEMO_NAMESPACE = uuid.UUID("5b0b4c1e-6f43-4d55-9a0e-2d1f7a3c9e10")

GIVEN_NAMES = ("Daan", "Fenna", "Jesse", "Lotte", "Milan", "Noor", "Ruben", "Sara", "Thijs", "Yara")
SURNAMES = ("Bakker", "Claessens", "Dohmen", "Hermans", "Janssen", "Lemmens", "Peeters", "Vossen")
STREETS = ("Kerkstraat", "Molenweg", "Stationsplein", "Lindelaan", "Maasboulevard")


class Stage(enum.IntEnum):
    """How far a scenario's registration gets, in the order of the procedure."""

    DRAFT = 1
    RECEIVED = 2
    SCREENING = 3
    WAITING = 4
    ANSWERED = 5
    DECIDED = 6
    CLOSED = 7


@dataclass(frozen=True, slots=True)
class Scenario:
    """One row of ``SCENARIOS``; positional, so that each scenario reads as one line."""

    key: str
    municipality: str  # CBS code
    stage: Stage
    days_ago: int
    urgent: bool = False
    outcome: Outcome | None = None


SCENARIOS = (
    # key, municipality (CBS code), stage, days ago, then urgent / outcome where they apply
    Scenario("mst-draft", "GM0935", Stage.DRAFT, 0),
    Scenario("mst-received", "GM0935", Stage.RECEIVED, 1),
    Scenario("mst-received-urgent", "GM0938", Stage.RECEIVED, 0, urgent=True),
    Scenario("mst-overdue", "GM0935", Stage.RECEIVED, 9),
    Scenario("mst-screening", "GM1903", Stage.SCREENING, 3),
    Scenario("mst-waiting", "GM0935", Stage.WAITING, 4),
    Scenario("mst-answered", "GM0935", Stage.ANSWERED, 5),
    Scenario("mst-refer-back", "GM0935", Stage.DECIDED, 12, outcome=Outcome.REFER_BACK),
    Scenario("mst-consultation", "GM0938", Stage.DECIDED, 10, outcome=Outcome.CONSULTATION_AGENDA),
    Scenario("mst-integrated", "GM0935", Stage.DECIDED, 8, outcome=Outcome.INTEGRATED_APPROACH),
    Scenario("mst-closed", "GM0935", Stage.CLOSED, 20, outcome=Outcome.INTEGRATED_APPROACH),
    Scenario("std-received", "GM1883", Stage.RECEIVED, 2),
    Scenario("std-refer-elsewhere", "GM1883", Stage.DECIDED, 6, outcome=Outcome.REFER_ELSEWHERE),
)


def scenario_token(scenario: Scenario) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, scenario.key)


def demo_registrations_load(*, now: dt.datetime) -> list[Registration]:
    """Create the registrations of the scenarios that do not exist yet; returns those created."""
    if not settings.ZVH_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is not allowed with these settings.")
    existing = set(
        Registration.objects.filter(
            submission_token__in=[scenario_token(s) for s in SCENARIOS]
        ).values_list("submission_token", flat=True)
    )
    users = {user.username: user for user in User.objects.filter(username__in=_USERNAMES)}
    created = []
    for scenario in SCENARIOS:
        if scenario_token(scenario) in existing:
            continue
        with transaction.atomic():
            created.append(_play(scenario, users=users, now=now))
    return created


_USERNAMES = ("aanmelder", "screener", "screener-sittard", "regisseur")
_SCREENER = {"MST": "screener", "STD": "screener-sittard"}


def _person(rng: random.Random, municipality: Municipality) -> dict:
    return {
        "given_names": rng.choice(GIVEN_NAMES),
        "surname": rng.choice(SURNAMES),
        "date_of_birth": dt.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        "bsn": generate_bsn(rng),
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        "postal_code": f"62{rng.randint(10, 99)} {rng.choice('ABCDEFGH')}{rng.choice('KLMNPR')}",
        "city": municipality.name,
        "municipality": municipality,
    }


def _values(
    registration: Registration, municipality: Municipality, scenario: Scenario, *, informed: dt.date
) -> dict:
    values = {
        "target_group": target_groups_for_municipality(municipality=municipality).first(),
        "reason": "Zorgen over overlast en schulden; meerdere partners zijn betrokken.",
        "situation": "Demogegevens: een verzonnen situatie om zvh uit te proberen.",
        "life_domains": list(registration.veiligheidshuis.life_domains.all()[:2]),
        "urgency": "urgent" if scenario.urgent else "normal",
        "client_informed": True,
        "client_informed_on": informed,
        "client_informed_how": "Telefonisch",
    }
    if scenario.urgent:
        values["urgency_explanation"] = "Dreigende huisuitzetting binnen een week."
    return values


def _play(scenario: Scenario, *, users: dict[str, User], now: dt.datetime) -> Registration:
    """One scenario, through the services, at moments ``days_ago`` days back from ``now``."""
    rng = random.Random(scenario.key)  # noqa: S311  # nosec B311 (synthetic demo data)
    municipality = Municipality.objects.select_related("veiligheidshuis").get(
        cbs_code=scenario.municipality
    )
    vh = municipality.veiligheidshuis
    screener = users[_SCREENER[vh.code]]
    registrant = users["aanmelder"]
    received_at = now - dt.timedelta(days=scenario.days_ago, hours=2)
    token = scenario_token(scenario)
    if Channel.WEB_FORM in vh.intake_channels:
        author = registrant
        registration = registration_start(
            registrant=registrant, municipality=municipality, token=token
        )
    else:  # the meldpunt records what reached it by phone
        author = screener
        registration = registration_start_on_behalf(
            recorded_by=screener,
            veiligheidshuis=vh,
            organisation=registrant.organisation,
            registrant=registrant,
            channel=Channel.PHONE,
            received_at=received_at,
            token=token,
        )
    main = registration.persons.get()
    registration = registration_save_draft(
        registration=registration,
        by=author,
        values=_values(
            registration,
            municipality,
            scenario,
            informed=localdate(received_at - dt.timedelta(days=1)),
        ),
        persons=[PersonInput(id=main.pk, values=_person(rng, municipality))],
    )
    if scenario.stage == Stage.DRAFT:
        return registration
    registration = registration_submit(registration=registration, by=author, now=received_at)
    moment = received_at + dt.timedelta(hours=1)
    if scenario.stage == Stage.RECEIVED:
        return registration
    registration = screening_start(registration=registration, by=screener, now=moment)
    if scenario.stage in (Stage.WAITING, Stage.ANSWERED):
        request = information_request_create(
            registration=registration,
            by=screener,
            question="Welke hulpverlening is op dit moment betrokken?",
            now=moment,
        )
        if scenario.stage == Stage.ANSWERED:
            information_request_answer(
                information_request=request,
                by=registrant,
                answer="Het wijkteam en de schuldhulpverlening.",
                now=moment + dt.timedelta(days=1),
            )
        return Registration.objects.get(pk=registration.pk)
    if scenario.stage == Stage.SCREENING:
        return registration
    decided_at = moment + dt.timedelta(days=1)
    screening_answers_save(
        registration=registration,
        by=screener,
        answers={
            criterion.pk: CriterionAnswer(answer=True, motivation="Blijkt uit de aanmelding.")
            for criterion in SelectionCriterion.objects.filter(veiligheidshuis=vh)
        },
        now=decided_at,
    )
    registration.refresh_from_db()
    registration_decide(
        registration=registration,
        by=screener,
        decision=_decision(scenario.outcome, vh_id=vh.pk, users=users, at=decided_at),
        now=decided_at,
        expected_version=registration.version,
    )
    if scenario.stage == Stage.CLOSED:
        case_close(
            registration=registration,
            by=users["regisseur"],
            closed_on=localdate(now),
            now=now,
        )
    return Registration.objects.get(pk=registration.pk)


def _decision(
    outcome: Outcome | None, *, vh_id: int, users: dict[str, User], at: dt.datetime
) -> DecisionInput:
    motivation = "Besproken in het meldpuntoverleg."
    if outcome == Outcome.REFER_ELSEWHERE:
        return DecisionInput(
            outcome=outcome,
            motivation=motivation,
            receiving_organisation_name="Wijkteam (demo)",
        )
    if outcome == Outcome.REFER_BACK:
        return DecisionInput(
            outcome=outcome,
            motivation=motivation,
            advice="Schakel het wijkteam in; meld opnieuw als de zorgen toenemen.",
        )
    if outcome == Outcome.CONSULTATION_AGENDA:
        partners = tuple(
            Organisation.objects.filter(memberships__veiligheidshuis_id=vh_id).order_by("name")[:2]
        )
        return DecisionInput(
            outcome=outcome,
            motivation=motivation,
            consultation_date=at.date() + dt.timedelta(days=14),
            consultation_partners=partners,
        )
    return DecisionInput(
        outcome=Outcome.INTEGRATED_APPROACH,
        motivation=motivation,
        approach_mode=ApproachMode.VOLUNTARY,
        procesregisseur=users["regisseur"],
    )
