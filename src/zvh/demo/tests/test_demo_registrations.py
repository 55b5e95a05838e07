"""The demo has registrations in every state, loading it twice creates nothing new, and its data
is synthetic."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from zvh.access_log.models import AccessLogEntry
from zvh.casework.models import Case, CaseStatus
from zvh.common.bsn import is_valid_bsn
from zvh.demo.registrations import demo_registrations_load
from zvh.network.enums import Outcome
from zvh.registrations.models import Person, Registration, StatusChange
from zvh.registrations.status import Status
from zvh.triage.models import Decision, InformationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_users) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_every_state_and_every_outcome_is_there(loaded):
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert set(Decision.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    assert Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False).count() == 1
    assert Registration.objects.filter(status=Status.CLOSED).count() == 1
    assert InformationRequest.objects.filter(answered_at__isnull=True).count() == 1
    assert InformationRequest.objects.filter(answered_at__isnull=False).count() == 1
    urgent = Registration.objects.filter(urgency="urgent", status=Status.RECEIVED)
    assert urgent.count() == 1
    assert Registration.objects.filter(veiligheidshuis__code="STD").count() == 2


def test_loading_twice_creates_nothing_new(loaded):
    def counts():
        return tuple(
            model.objects.count()
            for model in (Registration, Person, Decision, StatusChange, InformationRequest)
        )

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "0 new demo registrations" in out.getvalue()
    assert demo_registrations_load(now=timezone.now()) == []


def test_the_persons_are_synthetic_with_valid_bsns(loaded):
    bsns = list(Person.objects.values_list("bsn", flat=True))
    assert bsns
    assert all(is_valid_bsn(bsn) for bsn in bsns)


def test_the_demo_is_logged_like_real_work(loaded):
    """Made through the services: every registration's creation is in the access log."""
    submitted = Registration.objects.exclude(status=Status.DRAFT)
    logged = {
        obj["id"]
        for entry in AccessLogEntry.objects.filter(event_type="create")
        for obj in entry.objects_concerned
    }
    assert {str(r.public_id) for r in submitted} <= logged


def test_demo_registrations_are_refused_without_the_demo_setting(settings, demo_users):
    settings.ZVH_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        demo_registrations_load(now=timezone.now())
    assert not Registration.objects.exists()


def test_load_demo_ends_with_where_to_log_in(loaded, settings):
    tail = loaded.strip().splitlines()[-14:]
    text = "\n".join(tail)
    assert f"Open {settings.ZVH_BASE_URL}/ and log in as one of:" in text
    assert "screener " in text
    assert "Meldpunt screener" in text
    assert "manage.py demo_totp <account>" in text
    assert "Demo API token (Demo-koppeling politie, shown only now): zvh_" in text
    assert tail[-1].startswith("=")
