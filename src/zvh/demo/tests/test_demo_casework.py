"""The demo casework: a planned meeting with an agenda item and invitations, a past meeting
with final minutes and two agreements; through the services, idempotent, synthetic."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseStatus,
    Invitation,
    Meeting,
    Minutes,
    SharingRecord,
)
from zvh.demo.casework import demo_casework_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_users) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_a_planned_meeting_and_final_minutes_with_agreements(loaded):
    now = timezone.now()
    assert "2 new demo agenda items" in loaded
    upcoming = Meeting.objects.get(starts_at__gt=now)
    past = Meeting.objects.get(starts_at__lt=now)
    item = AgendaItem.objects.get(meeting=upcoming)
    assert item.case.status == CaseStatus.IN_CONSULTATION
    assert Invitation.objects.filter(item=item).count() == 2
    assert SharingRecord.objects.filter(item=item).count() == 2
    assert not Minutes.objects.filter(item=item).exists()
    minutes = Minutes.objects.get(item__meeting=past)
    assert minutes.final
    agreements = Agreement.objects.filter(item__meeting=past)
    assert agreements.count() == 2
    assert all(a.due_on > now.date() for a in agreements)
    # the closed demo case is closed by the case workflow
    assert Case.objects.filter(status=CaseStatus.CLOSED).count() == 1


def test_loading_twice_creates_no_new_casework(loaded):
    def counts():
        return tuple(
            model.objects.count() for model in (Meeting, AgendaItem, Invitation, Agreement)
        )

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "0 new demo agenda items" in out.getvalue()
    assert demo_casework_load(now=timezone.now()) == []


def test_demo_casework_is_refused_without_the_demo_setting(settings, demo_users):
    settings.ZVH_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        demo_casework_load(now=timezone.now())
