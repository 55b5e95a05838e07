"""Retention of registrations: what goes, what stays (the tombstone), the dry run, reruns."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from zvh.access_log.enums import Purpose
from zvh.access_log.keys import bsn_key
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.verification import access_log_verify
from zvh.network.enums import Outcome
from zvh.registrations.models import Attachment, InvolvedPartner, Person, Registration, StatusChange
from zvh.registrations.status import Status
from zvh.retention.models import RegistrationTombstone, RetentionPolicy
from zvh.retention.periods import months_before
from zvh.retention.services import retention_apply, retention_run
from zvh.triage.models import Decision, InformationRequest, ScreeningAnswer

from .conftest import GONE_BSN, GONE_SURNAME

pytestmark = pytest.mark.django_db

MONTH = dt.timedelta(days=31)
DAY = dt.timedelta(days=1)
GOING = ("back_old", "draft_old", "sittard_old")


@pytest.fixture
def cases(make_registration):
    """Per the shipped defaults: refer back 6 months, integrated approach 60, drafts 90 days."""
    return {
        "back_old": make_registration(age=7 * MONTH, bsn=GONE_BSN, surname=GONE_SURNAME),
        "back_recent": make_registration(age=5 * MONTH),
        "integrated": make_registration(outcome=Outcome.INTEGRATED_APPROACH, age=24 * MONTH),
        "draft_old": make_registration(status=Status.DRAFT, outcome=None, age=100 * DAY),
        "draft_recent": make_registration(status=Status.DRAFT, outcome=None, age=10 * DAY),
        "open_old": make_registration(status=Status.RECEIVED, outcome=None, age=40 * MONTH),
        "sittard_old": make_registration(vh="STD", age=7 * MONTH),
    }


def snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Registration,
            Person,
            InvolvedPartner,
            Attachment,
            StatusChange,
            ScreeningAnswer,
            InformationRequest,
            Decision,
            RegistrationTombstone,
            AccessLogEntry,
        )
    }


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month():
    moment = dt.datetime(2026, 5, 31, 12, tzinfo=dt.UTC)
    assert months_before(moment, 3) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert months_before(moment, 17) == dt.datetime(2024, 12, 31, 12, tzinfo=dt.UTC)


def test_the_dry_run_lists_what_would_go_and_changes_nothing(cases, now, media):
    before = snapshot()
    files = sorted(media.rglob("*"))
    report = retention_apply(now=now, dry_run=True)
    labels = {removal.label for removal in report.removals}
    assert labels == {
        cases["back_old"].reference,
        f"draft #{cases['draft_old'].pk}",
        cases["sittard_old"].reference,
    }
    assert report.totals["registrations"] == 3
    assert report.totals["persons"] == 3
    assert report.totals["files"] == 3
    assert report.totals["information_requests"] == 2
    assert snapshot() == before
    assert sorted(media.rglob("*")) == files


def test_apply_removes_the_personal_data_and_keeps_a_tombstone(
    cases, now, media, django_capture_on_commit_callbacks
):
    gone = cases["back_old"]
    files = {name: Path(cases[name].attachments.get().file.path) for name in cases}
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(now=now, dry_run=False)
    assert len(report.removals) == 3

    remaining = set(Registration.objects.values_list("pk", flat=True))
    assert remaining == {cases[name].pk for name in cases if name not in GOING}
    # Everything that hung from the removed registrations went with them.
    for model in (Person, InvolvedPartner, Attachment, StatusChange, ScreeningAnswer):
        assert not model.objects.exclude(registration__in=remaining).exists(), model
    assert not InformationRequest.objects.exclude(registration__in=remaining).exists()
    assert not Decision.objects.exclude(registration__in=remaining).exists()
    assert not Person.objects.filter(bsn=GONE_BSN).exists()
    assert not Person.objects.filter(surname=GONE_SURNAME).exists()
    for name, path in files.items():
        assert path.exists() == (name not in GOING), name

    # Statistics keep what they need: two submitted registrations, no draft.
    tombstone = RegistrationTombstone.objects.get(veiligheidshuis__code="MST")
    assert tombstone.received_on == timezone.localtime(gone.received_at).date()
    assert tombstone.decided_on == timezone.localtime(gone.decided_at).date()
    assert tombstone.removed_on == timezone.localtime(now).date()
    assert (tombstone.outcome, tombstone.decided_late) == (Outcome.REFER_BACK, False)
    assert tombstone.target_group_id == gone.target_group_id
    assert tombstone.municipality.name == "Maastricht"
    assert (tombstone.persons, tombstone.information_requests) == (1, 1)
    assert tombstone.registrant_kind == gone.registrant_organisation.kind
    assert RegistrationTombstone.objects.count() == 2
    tombstone_values = str(list(RegistrationTombstone.objects.values()))
    assert GONE_BSN not in tombstone_values
    assert gone.reference not in tombstone_values

    # The removal is in the access log, findable by the person's key; the chain is intact.
    entry = AccessLogEntry.objects.get(objects_concerned__0__ref=gone.reference)
    assert (entry.action, entry.event_type, entry.purpose) == ("D", "delete", Purpose.RETENTION)
    assert bsn_key(GONE_BSN) in entry.subjects.values_list("person_key", flat=True)
    assert access_log_verify().intact


def test_a_second_run_removes_nothing_more(cases, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(now=now, dry_run=False)
    after_first = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(now=now, dry_run=False)
    assert report.removals == ()
    assert snapshot() == after_first


def test_each_veiligheidshuis_has_its_own_periods(cases, houses, now):
    RetentionPolicy.objects.create(veiligheidshuis=houses["MST"], refer_back_months=12)
    labels = {removal.label for removal in retention_apply(now=now, dry_run=True).removals}
    assert cases["back_old"].reference not in labels  # 7 months < 12 in Maastricht
    assert cases["sittard_old"].reference in labels  # Sittard keeps the default 6 months
    RetentionPolicy.objects.filter(veiligheidshuis=houses["MST"]).update(
        integrated_approach_months=18
    )
    labels = {removal.label for removal in retention_apply(now=now, dry_run=True).removals}
    assert cases["integrated"].reference not in labels  # counted from its closing: not closed
    RetentionPolicy.objects.filter(veiligheidshuis=houses["MST"]).update(
        integrated_approach_after_closure=False
    )
    labels = {removal.label for removal in retention_apply(now=now, dry_run=True).removals}
    assert cases["integrated"].reference in labels  # counted from the decision: 24 > 18 months


def test_one_veiligheidshuis_only(cases, houses, now):
    report = retention_apply(now=now, dry_run=True, veiligheidshuis=houses["STD"])
    assert [removal.label for removal in report.removals] == [cases["sittard_old"].reference]


def test_the_command_dry_run_lists_references_and_counts(cases, now):
    before = snapshot()
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert cases["back_old"].reference in text
    assert "would remove 3" in text
    assert "Access log: nothing older than" in text
    assert GONE_BSN not in text
    assert GONE_SURNAME not in text
    assert snapshot() == before


def test_the_scheduled_run_does_registrations_and_the_access_log(
    cases, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_run(now=now, dry_run=False)
    assert len(report.removals) == 3
    assert report.access_log.count == 0
