"""The registrant's API list reads only the columns it shows and serializes its rows with
``RowSerializer`` (issue 7): the same JSON as DRF's own serializer on the full rows, outcome
included, in a number of queries that does not grow with decided rows."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers

from zvh.api.registrant_serializers import (
    RegistrantOutcomeSerializer,
    RegistrationSerializer,
    RegistrationSummarySerializer,
)
from zvh.api.selectors import registrations_for_api_list
from zvh.network.models import Organisation
from zvh.registrations.models import Registration
from zvh.registrations.selectors import registrant_list, registrant_outcome
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import Decision

pytestmark = pytest.mark.django_db
URL = "/api/v1/registrations/"


@pytest.fixture
def police(api_for, demo_users):
    return api_for(demo_users["aanmelder"].organisation.name)


def _drf(serializer: serializers.Serializer, instance: object) -> dict:
    """What DRF's own ``Serializer.to_representation`` gives, nested outcome included."""
    data = serializers.Serializer.to_representation(serializer, instance)
    if isinstance(instance, Model) and "outcome" in data:
        outcome = registrant_outcome(instance)
        data["outcome"] = RegistrantOutcomeSerializer(outcome).data if outcome else None
    return data


def _decided(demo_users, houses, *, outcome: str, **decision) -> Registration:
    now = timezone.now()
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status=Status.DECIDED,
        reference=f"MST-2026-{Registration.objects.count() + 1:05d}",
        received_at=now - dt.timedelta(days=3),
        deadline_at=now + dt.timedelta(days=2),
        decided_at=now,
    )
    PersonFactory(registration=registration)
    Decision.objects.create(
        registration=registration,
        outcome=outcome,
        motivation="INTERNAL",
        decided_by=demo_users["screener"],
        decided_at=now,
        **decision,
    )
    return registration


@pytest.fixture
def rows(demo_users, houses):
    draft = RegistrationFactory(registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"])
    PersonFactory(registration=draft, surname_prefix="van der")
    PersonFactory(registration=draft, relation="child")
    received = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status=Status.RECEIVED,
        reference="MST-2026-00900",
        received_at=timezone.now(),
        deadline_at=timezone.now() + dt.timedelta(days=5),
    )
    PersonFactory(registration=received, bsn="")
    _decided(
        demo_users,
        houses,
        outcome="refer_back",
        message_to_registrant="We advise you to continue.",
        advice="Keep in touch with the GP.",
    )
    _decided(
        demo_users,
        houses,
        outcome="refer_elsewhere",
        receiving_organisation=Organisation.objects.exclude(
            pk=demo_users["aanmelder"].organisation_id
        ).first(),
    )
    _decided(demo_users, houses, outcome="refer_elsewhere", receiving_organisation_name="GGD")
    _decided(
        demo_users, houses, outcome="consultation_agenda", consultation_date=dt.date(2026, 12, 1)
    )
    return registrant_list(demo_users["aanmelder"])


def test_a_list_row_is_what_drf_gives_for_the_full_row(rows, demo_users):
    lean = list(registrations_for_api_list(demo_users["aanmelder"]))
    full = list(rows)
    assert [r.pk for r in lean] == [r.pk for r in full]
    fast = RegistrationSummarySerializer(lean, many=True).data
    assert fast == [_drf(RegistrationSummarySerializer(), r) for r in full]
    receiving = {row["outcome"]["receiving_organisation"] for row in fast if row["outcome"]}
    named = Decision.objects.get(receiving_organisation__isnull=False).receiving_organisation
    assert receiving == {"", "GGD", named.name}


def test_the_detail_is_what_drf_gives(rows):
    for registration in rows:
        assert RegistrationSerializer(registration).data == _drf(
            RegistrationSerializer(), registration
        )


def test_an_outcome_is_what_drf_gives(rows):
    for registration in rows:
        outcome = registrant_outcome(registration)
        if outcome is not None:
            fast = RegistrantOutcomeSerializer().to_representation(outcome)
            assert fast == RegistrantOutcomeSerializer(outcome).data
            assert fast == serializers.Serializer.to_representation(
                RegistrantOutcomeSerializer(), outcome
            )


def test_a_null_part_way_and_a_mapping_fall_back_to_drf(rows):
    row = next(r for r in rows if r.status == Status.DRAFT)
    row.veiligheidshuis = None  # ``veiligheidshuis.code`` meets None part-way: null
    assert RegistrationSummarySerializer(row).data == _drf(RegistrationSummarySerializer(), row)
    assert RegistrationSummarySerializer(row).data["veiligheidshuis"] is None
    mapping = {
        "outcome": "refer_back",
        "label": "Refer back",
        "decided_at": timezone.now(),
        "message": "m",
        "advice": "a",
        "receiving_organisation": "",
        "consultation_date": None,
    }
    assert RegistrantOutcomeSerializer().to_representation(mapping) == (
        serializers.Serializer.to_representation(RegistrantOutcomeSerializer(), mapping)
    )


def test_decided_rows_take_no_extra_queries(
    police, rows, demo_users, houses, django_assert_num_queries
):
    """Also not those whose decision names the receiving organisation by its record."""
    police.get(URL)
    with CaptureQueriesContext(connection) as few:
        listed = police.get(URL).json()["results"]
    assert sum(row["status"] == "decided" for row in listed) == 4
    for _ in range(3):
        _decided(
            demo_users,
            houses,
            outcome="refer_elsewhere",
            receiving_organisation=Organisation.objects.first(),
        )
    with django_assert_num_queries(len(few)):
        assert len(police.get(URL).json()["results"]) == 9
