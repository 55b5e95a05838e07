"""The API list of an organisation's registrations takes the same number of queries for 5 rows
as for 50 (issue 7), and its total counts that organisation's registrations only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/registrations/"


@pytest.fixture
def police(api_for, demo_users):
    return api_for(demo_users["aanmelder"].organisation.name)


def _registrations(demo_users, houses, n: int) -> None:
    for _ in range(n):
        registration = RegistrationFactory(
            registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"]
        )
        PersonFactory(registration=registration)
        PersonFactory(registration=registration, relation="child")


def test_the_list_takes_the_same_queries_at_5_and_50_rows(
    police, demo_users, houses, django_assert_num_queries
):
    _registrations(demo_users, houses, 5)
    assert police.get(URL).status_code == 200  # the client's first use is noted once
    with CaptureQueriesContext(connection) as few:
        assert len(police.get(URL).json()["results"]) == 5
    _registrations(demo_users, houses, 45)
    with django_assert_num_queries(len(few)):
        assert len(police.get(URL).json()["results"]) == 50


def test_the_total_counts_one_organisation_only(police, demo_users, houses):
    _registrations(demo_users, houses, 2)
    police.get(URL)
    with CaptureQueriesContext(connection) as captured:
        assert police.get(URL).json()["count"] == 2
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "registrations_registration"' in q["sql"]
    ]
    assert len(counts) == 1
    assert '"registrations_registration"."registrant_organisation_id" =' in counts[0]
