"""Demo casework, so the meetings, agenda items, minutes and actions show something after
``make run``.

Rules:
- Only where the settings allow demo data (``ZVH_DEMO_ALLOWED``), after the demo registrations
  (the cases are the ones their decisions opened).
- Through the services a user's clicks call (plan, put on the agenda, share, invite, draft,
  finalise, agree), so the history, the sharing record, the outbox and the access log are
  what they would be. Moments are given to the services: the past meeting is planned two
  weeks before it, as it would have been.
- Idempotent: a scenario whose case already has an agenda item is skipped.
- Synthetic: the texts are made up; the people are the demo accounts.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from zvh.accounts.models import User
from zvh.casework.models import AgendaItem, Case, Meeting, MeetingKind
from zvh.casework.services.invitations import invitation_create
from zvh.casework.services.meetings import (
    MeetingInput,
    agenda_item_add,
    agenda_item_share,
    meeting_plan,
)
from zvh.casework.services.minutes import (
    AgreementInput,
    MinutesInput,
    agreement_add,
    minutes_finalise,
    minutes_save,
)
from zvh.deadlines.calculation import LOCAL_TZ

from .registrations import SCENARIOS, scenario_token


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseScenario:
    """A demo registration's case put on a meeting ``days_ahead`` from now (negative: past);
    a past meeting gets final minutes with two agreements."""

    registration: str  # the registration scenario's key
    days_ahead: int
    question: str


CASE_SCENARIOS = (
    CaseScenario(
        registration="mst-consultation",
        days_ahead=7,
        question="Welke partner neemt de regie op de schulden en wie bezoekt het gezin?",
    ),
    CaseScenario(
        registration="mst-integrated",
        days_ahead=-3,
        question="Is een integrale aanpak met drang nodig, en wie is casusregisseur?",
    ),
)

_USERNAMES = ("screener", "regisseur", "aanmelder", "aanmelder-gemeente")


def demo_casework_load(*, now: dt.datetime) -> list[AgendaItem]:
    """Play the case scenarios whose case has no agenda item yet; returns the items made."""
    if not settings.ZVH_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is not allowed with these settings.")
    users = {user.username: user for user in User.objects.filter(username__in=_USERNAMES)}
    tokens = {scenario.key: scenario_token(scenario) for scenario in SCENARIOS}
    made = []
    for scenario in CASE_SCENARIOS:
        case = Case.objects.filter(
            links__registration__submission_token=tokens[scenario.registration]
        ).first()
        if case is None or case.agenda_items.exists():
            continue
        with transaction.atomic():
            made.append(_play(scenario, case=case, users=users, now=now))
    return made


def _at(now: dt.datetime, days: int, hour: int) -> dt.datetime:
    day = (now + dt.timedelta(days=days)).astimezone(LOCAL_TZ).date()
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL_TZ)


def _play(
    scenario: CaseScenario, *, case: Case, users: dict[str, User], now: dt.datetime
) -> AgendaItem:
    screener, regisseur = users["screener"], users["regisseur"]
    starts_at = _at(now, scenario.days_ahead, 10)
    # planned two weeks ahead, but not before the case opened nor after now
    planned = min(
        now, max(case.opened_at + dt.timedelta(hours=1), starts_at - dt.timedelta(days=14))
    )
    meeting = meeting_plan(
        veiligheidshuis=case.veiligheidshuis,
        data=MeetingInput(
            kind_id=MeetingKind.objects.filter(veiligheidshuis=case.veiligheidshuis)
            .order_by("position")
            .values_list("pk", flat=True)
            .first(),
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1),
            place="Veiligheidshuis, vergaderzaal 2 (demo)",
            chair_id=regisseur.pk,
            minute_taker_id=screener.pk,
        ),
        by=screener,
        now=planned,
    )
    item = agenda_item_add(
        meeting=meeting, case=case, question=scenario.question, by=screener, now=planned
    )
    item = agenda_item_share(
        item=item,
        summary="Demogegevens: een verzonnen samenvatting voor het overleg.",
        life_domain_ids=list(case.veiligheidshuis.life_domains.values_list("pk", flat=True)[:2]),
        client_invited=False,
        by=regisseur,
        now=planned,
    )
    partners = [users["aanmelder"], users["aanmelder-gemeente"]]
    for partner in partners:
        invitation_create(
            item=item, organisation=partner.organisation, users=[partner], by=regisseur, now=planned
        )
    if scenario.days_ahead < 0:
        _minutes(item, meeting=meeting, partners=partners, users=users, now=now)
    return item


def _minutes(
    item: AgendaItem,
    *,
    meeting: Meeting,
    partners: list[User],
    users: dict[str, User],
    now: dt.datetime,
) -> None:
    """Final minutes of a past meeting, with two agreements due after ``now``."""
    after = meeting.ends_at
    domains = list(meeting.veiligheidshuis.life_domains.values_list("pk", flat=True)[:2])
    minutes = minutes_save(
        item=item,
        data=MinutesInput(
            situation="Demogegevens: de situatie zoals in het overleg besproken.",
            analysis={str(pk): "Demogegevens: zorgen op dit leefgebied." for pk in domains},
            conclusions="Een integrale aanpak met drang; de partners maken afspraken.",
        ),
        by=users["screener"],
        now=after,
        expected_version=0,
    )
    for days, partner, action in (
        (7, partners[0], "Huisbezoek afleggen met de wijkagent."),
        (14, partners[1], "Schuldhulpverlening aanbieden en een intake plannen."),
    ):
        agreement_add(
            item=item,
            data=AgreementInput(
                action=action,
                owner_organisation_id=partner.organisation_id,
                owner_id=partner.pk,
                due_on=(now + dt.timedelta(days=days)).astimezone(LOCAL_TZ).date(),
            ),
            by=users["screener"],
            now=after,
            today=after.astimezone(LOCAL_TZ).date(),
        )
    minutes_finalise(item=item, by=users["regisseur"], now=after, expected_version=minutes.version)
