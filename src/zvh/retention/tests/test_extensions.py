"""Retention extensions (issue 17, item 3): a registration under a running extension stays;
a requested, rejected or ended one holds nothing off. And the two-step approval."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zvh.access_log.enums import EventType, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.accounts.models import Role, User
from zvh.accounts.permissions import may_approve_retention_extension
from zvh.accounts.roles import RoleCode
from zvh.registrations.models import Registration
from zvh.retention.services import retention_apply
from zvh.subject_requests.enums import ExtensionStatus
from zvh.subject_requests.extensions import (
    retention_extension_decide,
    retention_extension_request,
)

pytestmark = pytest.mark.django_db

#: Past the six months of "referred back".
OLD = dt.timedelta(days=400)


def request_extension(
    by, registration, now, *, ends_in=dt.timedelta(days=90), reason="Lopend onderzoek"
):
    return retention_extension_request(
        by=by,
        registration_reference=registration.reference,
        reason=reason,
        ends_on=(now + ends_in).date(),
        now=now,
        client_address="192.0.2.8",
    )


def decide(extension, by, now, *, approve=True, note=""):
    return retention_extension_decide(
        extension=extension, by=by, approve=approve, note=note, now=now, client_address=""
    )


@pytest.fixture
def second_officer(demo_users) -> User:
    user = User.objects.create_user(
        username="privacy-2", organisation=demo_users["privacy"].organisation
    )
    user.roles.add(Role.objects.get(code=RoleCode.PRIVACY_OFFICER))
    return user


def test_a_registration_under_a_running_extension_is_not_removed(
    make_registration, demo_users, now
):
    kept = make_registration(age=OLD)
    gone = make_registration(age=OLD)
    extension = request_extension(demo_users["screener"], kept, now)
    decide(extension, demo_users["privacy"], now)

    report = retention_apply(now=now, dry_run=False)

    assert [removal.label for removal in report.removals] == [gone.reference]
    assert Registration.objects.filter(pk=kept.pk).exists()
    assert not Registration.objects.filter(pk=gone.pk).exists()


def test_after_its_end_date_the_registration_goes(make_registration, demo_users, now):
    kept = make_registration(age=OLD)
    extension = decide(
        request_extension(demo_users["screener"], kept, now), demo_users["privacy"], now
    )
    later = now + dt.timedelta(days=91)
    assert retention_apply(now=later, dry_run=False).removals[0].label == kept.reference
    extension.refresh_from_db()
    assert extension.registration is None  # the list still names it by reference
    assert extension.target_reference == kept.reference


@pytest.mark.parametrize("approve", [None, False])
def test_a_requested_or_rejected_extension_holds_nothing_off(
    make_registration, demo_users, now, approve
):
    registration = make_registration(age=OLD)
    extension = request_extension(demo_users["regisseur"], registration, now)
    if approve is False:
        decide(extension, demo_users["privacy"], now, approve=False, note="Geen grond")
    assert [r.label for r in retention_apply(now=now, dry_run=True).removals] == [
        registration.reference
    ]


def test_the_request_needs_an_own_registration_a_reason_and_a_future_end(
    make_registration, demo_users, now
):
    other_house = make_registration(vh="STD", age=OLD)
    with pytest.raises(ValidationError) as refused:
        retention_extension_request(
            by=demo_users["screener"],
            registration_reference=other_house.reference,
            reason=" ",
            ends_on=now.date(),
            now=now,
            client_address="",
        )
    assert set(refused.value.message_dict) == {"registration", "reason", "ends_on"}


@pytest.mark.parametrize("username", ["manager", "beheerder", "aanmelder"])
def test_other_roles_cannot_request(make_registration, demo_users, now, username):
    with pytest.raises(PermissionDenied):
        request_extension(demo_users[username], make_registration(age=OLD), now)


def test_requesting_and_deciding_are_logged_for_retention(make_registration, demo_users, now):
    registration = make_registration(age=OLD)
    extension = request_extension(demo_users["screener"], registration, now)
    created = AccessLogEntry.objects.latest("sequence")
    decide(extension, demo_users["privacy"], now)
    decided = AccessLogEntry.objects.latest("sequence")
    assert (created.event_type, created.purpose) == (EventType.CREATE, Purpose.RETENTION)
    assert (decided.event_type, decided.purpose) == (EventType.UPDATE, Purpose.RETENTION)
    assert {
        "type": "registration",
        "id": str(registration.public_id),
        "ref": registration.reference,
    } in decided.objects_concerned
    assert created.client_address == "192.0.2.8"


def test_only_a_privacy_officer_decides_and_a_rejection_needs_a_note(
    make_registration, demo_users, now
):
    extension = request_extension(demo_users["screener"], make_registration(age=OLD), now)
    for username in ("screener", "regisseur", "manager"):
        with pytest.raises(PermissionDenied):
            decide(extension, demo_users[username], now)
    with pytest.raises(ValidationError) as refused:
        decide(extension, demo_users["privacy"], now, approve=False)
    assert "decision_note" in refused.value.message_dict
    decided = decide(extension, demo_users["privacy"], now, approve=False, note="Niet nodig")
    assert decided.status == ExtensionStatus.REJECTED
    with pytest.raises(PermissionDenied):  # a decision is final
        decide(decided, demo_users["privacy"], now)


def test_another_houses_officer_cannot_decide(make_registration, demo_users, now):
    sittard = User.objects.create_user(
        username="privacy-sittard", organisation=demo_users["screener-sittard"].organisation
    )
    sittard.roles.add(Role.objects.get(code=RoleCode.PRIVACY_OFFICER))
    extension = request_extension(demo_users["screener"], make_registration(age=OLD), now)
    assert not may_approve_retention_extension(sittard, extension)


def test_an_officers_own_request_goes_to_another_officer_if_there_is_one(
    make_registration, demo_users, now, second_officer
):
    officer = demo_users["privacy"]
    extension = request_extension(officer, make_registration(age=OLD), now)
    with pytest.raises(PermissionDenied):
        decide(extension, officer, now)
    assert decide(extension, second_officer, now).decided_by == second_officer


def test_the_only_officer_approves_their_own_request(make_registration, demo_users, now):
    officer = demo_users["privacy"]
    extension = request_extension(officer, make_registration(age=OLD), now)
    assert decide(extension, officer, now).status == ExtensionStatus.APPROVED
