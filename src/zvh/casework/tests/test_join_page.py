"""The "already known" check proposes the open case of an earlier registration; the screener
confirms, and the later registration joins the case."""

from datetime import timedelta

import pytest
from django.urls import reverse

from zvh.casework.models import CaseRegistration

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_known_check_proposes_the_case_and_the_screener_joins(
    case, make_submitted, demo_users, login
):
    earlier = case.links.get().registration.persons.get()
    later = make_submitted(
        received_at=NOW + timedelta(days=1),
        person={
            "bsn": earlier.bsn,
            "date_of_birth": earlier.date_of_birth,
            "surname": earlier.surname,
        },
    )
    client = login(demo_users["screener"])
    page = client.get(reverse("triage:detail", args=[later.public_id])).content.decode()
    assert f"Koppel aan casus {case.reference}" in page
    response = client.post(
        reverse("cases:case_join", args=[case.public_id]), {"registration": str(later.public_id)}
    )
    assert response.status_code == 302
    assert CaseRegistration.objects.get(registration=later).case == case
    page = client.get(reverse("triage:detail", args=[later.public_id])).content.decode()
    assert "Koppel aan casus" not in page
    client = login(demo_users["regisseur"])
    refused = client.post(
        reverse("cases:case_join", args=[case.public_id]), {"registration": str(later.public_id)}
    )
    assert refused.status_code == 403
