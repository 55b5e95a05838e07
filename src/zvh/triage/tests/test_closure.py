"""Closing a prioritised case: who may, when, what is stored and logged; the pages."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.casework.models import Case, CaseStatus, CaseStatusChange
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.enums import Outcome
from zvh.registrations.models import Registration, StatusChange
from zvh.registrations.status import Status
from zvh.registrations.tests.access_logging import last_sequence, the_entry_after
from zvh.triage.closure import case_close

pytestmark = pytest.mark.django_db

LIST = reverse("casework:list")


def today():
    return timezone.localdate(timezone=LOCAL_TZ)


def close_url(registration: Registration) -> str:
    return reverse("casework:close", args=[registration.public_id])


def detail_url(registration: Registration) -> str:
    return reverse("casework:detail", args=[registration.public_id])


def case_of(registration: Registration) -> Case:
    return Case.objects.get(links__registration=registration)


def closed_at(registration: Registration):
    """Closing is the case's: its closing moment (None while it runs or once reopened)."""
    return case_of(registration).closed_at


def closed_on(registration: Registration):
    """The day the case was closed, in local time."""
    return timezone.localtime(closed_at(registration), LOCAL_TZ).date()


def test_a_procesregisseur_closes_a_prioritised_case(make_decided, demo_users):
    case = make_decided(days_ago=3)
    user = demo_users["regisseur"]
    before = last_sequence()
    day = today() - timedelta(days=1)
    case_close(registration=case, by=user, closed_on=day)
    assert closed_at(case) == datetime.combine(day, time.min, tzinfo=LOCAL_TZ)
    row = StatusChange.objects.filter(registration=case).latest("pk")
    assert (row.from_status, row.to_status, row.by, row.why) == (
        Status.DECIDED,
        Status.CLOSED,
        user,
        "case closed",
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    entry = the_entry_after(before)
    assert (entry.event_type, entry.purpose, entry.user_id) == (
        EventType.UPDATE,
        Purpose.PROCESS_DIRECTION,
        user.pk,
    )
    assert {"type": "registration", "id": str(case.public_id), "ref": case.reference} in (
        entry.objects_concerned
    )
    # the case's own history says so, and the case is closed
    the_case = case_of(case)
    assert the_case.status == CaseStatus.CLOSED
    last = CaseStatusChange.objects.filter(case=the_case).latest("pk")
    assert (last.from_status, last.to_status, last.why) == (
        CaseStatus.INTEGRATED_APPROACH,
        CaseStatus.CLOSED,
        "case closed",
    )


def test_the_day_of_the_decision_and_today_are_allowed(make_decided, demo_users):
    decided = make_decided(days_ago=0)
    case_close(registration=decided, by=demo_users["regisseur"], closed_on=today())
    assert closed_at(decided) is not None
    older = make_decided(days_ago=10)
    decided_on = timezone.localtime(older.decided_at, LOCAL_TZ).date()
    case_close(registration=older, by=demo_users["regisseur"], closed_on=decided_on)
    assert closed_on(older) == decided_on


@pytest.mark.parametrize(
    ("shift", "field", "message"),
    [
        (timedelta(days=1), "closed_on", "De datum van afsluiten kan niet in de toekomst liggen."),
        (
            -timedelta(days=4),
            "closed_on",
            "De datum van afsluiten kan niet vóór het besluit liggen",
        ),
    ],
)
def test_a_date_in_the_future_or_before_the_decision_is_refused(
    make_decided, demo_users, shift, field, message
):
    case = make_decided(days_ago=3)
    before = last_sequence()
    history = StatusChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        case_close(registration=case, by=demo_users["regisseur"], closed_on=today() + shift)
    assert message in refused.value.message_dict[field][0]
    assert closed_at(case) is None
    assert StatusChange.objects.count() == history
    assert last_sequence() == before


def test_a_case_is_closed_once(make_decided, demo_users):
    case = make_decided()
    case_close(registration=case, by=demo_users["regisseur"], closed_on=today())
    first = closed_at(case)
    with pytest.raises(ValidationError) as refused:
        case_close(
            registration=case, by=demo_users["regisseur"], closed_on=today() - timedelta(days=1)
        )
    assert "Deze casus is al afgesloten op" in refused.value.messages[0]
    assert closed_at(case) == first


def test_only_a_prioritised_decided_registration_can_be_closed(
    make_decided, make_submitted, demo_users
):
    for registration in (make_decided(Outcome.REFER_BACK), make_submitted()):
        with pytest.raises(ValidationError) as refused:
            case_close(registration=registration, by=demo_users["regisseur"], closed_on=today())
        assert refused.value.messages == [
            "Alleen een casus die is geprioriteerd voor de integrale aanpak kan worden afgesloten."
        ]


def test_only_a_procesregisseur_of_the_own_veiligheidshuis_may_close(make_decided, demo_users):
    case = make_decided()
    sittard = User.objects.create_user(
        username="regisseur-std", organisation=demo_users["screener-sittard"].organisation
    )
    sittard.roles.add(Role.objects.get(code=RoleCode.PROCESREGISSEUR))
    for user in (demo_users["screener"], demo_users["manager"], sittard):
        with pytest.raises(PermissionDenied):
            case_close(registration=case, by=user, closed_on=today())
    assert closed_at(case) is None


# --- the pages ----------------------------------------------------------------------------------


def test_the_case_page_offers_closing_with_today_filled_in(make_decided, demo_users, login):
    case = make_decided()
    page = login(demo_users["regisseur"]).get(detail_url(case)).text
    assert "Casus afsluiten" in page
    assert f'value="{today():%Y-%m-%d}"' in page
    assert "Lopend" in page


def test_closing_asks_for_confirmation_first_then_closes(make_decided, demo_users, login):
    case = make_decided(days_ago=5)
    client = login(demo_users["regisseur"])
    day = today() - timedelta(days=2)
    before = last_sequence()
    response = client.post(close_url(case), {"closed_on": f"{day:%Y-%m-%d}"})
    assert response.status_code == 200
    assert "Ja, casus afsluiten" in response.text
    assert f'name="closed_on" value="{day:%Y-%m-%d}"' in response.text
    assert closed_at(case) is None
    assert last_sequence() == before  # the confirmation step writes nothing
    response = client.post(
        close_url(case), {"closed_on": f"{day:%Y-%m-%d}", "confirmed": "on"}, follow=True
    )
    assert response.redirect_chain == [(detail_url(case), 302)]
    assert "De casus is afgesloten." in response.text
    assert closed_on(case) == day
    assert "Afgesloten op" in response.text
    assert close_url(case) not in response.text  # no second closing offered


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-02-2026", "Vul de datum van afsluiten in als datum"),
        ("", "Vul de datum van afsluiten in."),
        ("2099-01-01", "De datum van afsluiten kan niet in de toekomst liggen."),
    ],
)
def test_a_wrong_date_is_shown_again_with_the_reason(
    make_decided, demo_users, login, typed, message
):
    case = make_decided()
    response = login(demo_users["regisseur"]).post(
        close_url(case), {"closed_on": typed, "confirmed": "on"}
    )
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{typed}"' in response.text or not typed
    assert closed_at(case) is None


def test_the_list_shows_and_filters_running_and_closed_cases(make_decided, demo_users, login):
    running = make_decided(days_ago=2)
    closed = make_decided(days_ago=4)
    case_close(registration=closed, by=demo_users["regisseur"], closed_on=today())
    client = login(demo_users["regisseur"])
    page = client.get(LIST).text
    assert running.reference in page
    assert closed.reference in page
    assert "Lopend" in page
    assert f"Afgesloten op {today().day}" in page
    page = client.get(LIST, {"state": "open"}).text
    assert running.reference in page
    assert closed.reference not in page
    page = client.get(LIST, {"state": "closed", "show": "all"}).text
    assert closed.reference in page
    assert running.reference not in page


def test_closing_someone_elses_case_is_refused_and_logged(make_decided, demo_users, login):
    referred = make_decided(Outcome.REFER_BACK)
    client = login(demo_users["regisseur"])
    before = last_sequence()
    assert client.post(close_url(referred), {"closed_on": f"{today():%Y-%m-%d}"}).status_code == 404
    assert the_entry_after(before).event_type == EventType.UPDATE
    screener = login(demo_users["screener"])
    assert screener.post(close_url(make_decided()), {}).status_code == 403


def test_the_registrant_still_sees_a_closed_case_as_decided(make_decided, demo_users, login):
    from zvh.api.registrant_serializers import RegistrationSerializer
    from zvh.registrations.status import registrant_statuses_shown_as

    case = make_decided()
    case_close(registration=case, by=demo_users["regisseur"], closed_on=today())
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    client = login(demo_users["aanmelder"])
    listed = client.get(reverse("registrations:list")).text
    shown = client.get(reverse("registrations:detail", args=[case.public_id])).text
    for page in (listed, shown):
        assert "Besloten" in page
        assert "Afgesloten" not in page
    assert "Prioriteren voor de integrale aanpak" in listed
    assert RegistrationSerializer(case).data["status"] == "decided"
    assert registrant_statuses_shown_as("decided") == {Status.DECIDED, Status.CLOSED}
    assert Status.CLOSED not in registrant_statuses_shown_as("closed")


def test_reopening_the_case_makes_the_registration_decided_again(make_decided, demo_users):
    """The registration follows its case through one service: closed with it, decided again
    when it is reopened (with a history row each), and the closing date is cleared."""
    from zvh.casework.services.closing import case_reopen

    registration = make_decided(days_ago=3)
    case_close(registration=registration, by=demo_users["regisseur"], closed_on=today())
    case_reopen(
        case=case_of(registration),
        by=demo_users["regisseur"],
        why="Nieuwe zorgen",
        now=timezone.now(),
    )
    registration.refresh_from_db()
    assert registration.status == Status.DECIDED
    assert closed_at(registration) is None
    rows = list(
        StatusChange.objects.filter(registration=registration)
        .order_by("pk")
        .values_list("from_status", "to_status", "why")
    )
    assert rows[-2:] == [
        (Status.DECIDED, Status.CLOSED, "case closed"),
        (Status.CLOSED, Status.DECIDED, "case reopened"),
    ]
    # and it can be closed again
    case_close(registration=registration, by=demo_users["regisseur"], closed_on=today())
    assert closed_on(registration) == today()


# --- a case with a plan of approach closes in steps (on /aanpak/), not here -----------------


def _with_plan(registration: Registration, user: User) -> Case:
    from zvh.approach.services.plans import plan_version_create
    from zvh.approach.tests.conftest import two_by_two

    case = case_of(registration)
    plan_version_create(
        case=case, data=two_by_two(case), base_version=0, by=user, now=timezone.now()
    )
    return case


def test_a_case_with_a_plan_is_not_closed_directly(make_decided, demo_users, client, login):
    from zvh.triage.closure import closes_in_steps

    registration = make_decided(days_ago=3)
    user = demo_users["regisseur"]
    without_plan = make_decided(days_ago=3)
    assert not closes_in_steps(case_of(without_plan))
    case = _with_plan(registration, user)
    assert closes_in_steps(case)
    with pytest.raises(ValidationError) as excinfo:
        case_close(registration=registration, by=user, closed_on=today())
    assert "in stappen" in " ".join(excinfo.value.messages)
    assert closed_at(registration) is None
    assert Case.objects.get(pk=case.pk).status == CaseStatus.INTEGRATED_APPROACH
    login(user)
    plan_url = reverse("approach:plan", args=[case.public_id])
    page = client.get(detail_url(registration)).content.decode()
    assert f'href="{plan_url}"' in page
    assert close_url(registration) not in page  # no direct closing form
    response = client.post(
        close_url(registration), {"closed_on": today().isoformat(), "confirmed": "on"}
    )
    assert response.status_code == 400
    assert f'href="{plan_url}"' in response.content.decode()
    assert closed_at(registration) is None
    # a case without a plan still closes here
    assert close_url(without_plan) in client.get(detail_url(without_plan)).content.decode()
    case_close(registration=without_plan, by=user, closed_on=today())
    assert closed_at(without_plan) is not None
