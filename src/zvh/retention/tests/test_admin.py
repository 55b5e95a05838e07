"""The functional administrator's retention screens: own Veiligheidshuis only; the removal
itself needs password and code again."""

import datetime as dt
import time

import pytest
from django.urls import reverse

from conftest import TEST_PASSWORD, current_code
from zvh.common.reauthentication import REAUTHENTICATED_AT
from zvh.registrations.models import Registration
from zvh.retention.models import RetentionPolicy

pytestmark = pytest.mark.django_db

APPLY = reverse("admin:retention_apply")
ADD = reverse("admin:retention_retentionpolicy_add")


@pytest.fixture
def old(make_registration):
    return {
        "MST": make_registration(age=dt.timedelta(days=220)),
        "STD": make_registration(vh="STD", age=dt.timedelta(days=220)),
    }


def test_the_administrator_sets_periods_for_their_own_veiligheidshuis_only(
    demo_users, login, houses
):
    client = login(demo_users["beheerder"])
    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["veiligheidshuis"].queryset) == [houses["MST"]]
    assert form.initial.get("refer_back_months", form.fields["refer_back_months"].initial) == 6
    assert form.fields["integrated_approach_after_closure"].initial is True
    data = {
        "veiligheidshuis": houses["MST"].pk,
        "draft_days": 60,
        "refer_elsewhere_months": 6,
        "refer_back_months": 0,
        "consultation_agenda_months": 24,
        "integrated_approach_months": 60,
        "integrated_approach_after_closure": "on",
    }
    response = client.post(ADD, data)
    assert "Bewaar een aanmelding minstens één maand." in response.text
    response = client.post(ADD, {**data, "refer_back_months": 9})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get().refer_back_months == 9
    assert RetentionPolicy.objects.get().integrated_approach_after_closure is True
    response = client.post(ADD, {**data, "veiligheidshuis": houses["STD"].pk})
    assert response.status_code == 200  # not a choice for them
    assert RetentionPolicy.objects.count() == 1


@pytest.mark.parametrize("username", ["screener", "privacy", "manager"])
def test_other_roles_cannot_apply_retention(demo_users, login, old, username):
    response = login(demo_users[username]).get(APPLY)
    assert response.status_code == 302
    assert Registration.objects.count() == 2


def test_the_dry_run_shows_the_own_veiligheidshuis_and_removing_needs_reauthentication(
    demo_users, login, old, django_capture_on_commit_callbacks
):
    client = login(demo_users["beheerder"])
    page = client.get(APPLY)
    assert old["MST"].reference in page.text
    assert old["STD"].reference not in page.text

    session = client.session
    session[REAUTHENTICATED_AT] = time.time() - 3600
    session.save()
    challenge = client.post(APPLY, {})
    assert challenge.status_code == 403
    assert 'name="reauth-password"' in challenge.text
    assert Registration.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            APPLY,
            {
                "reauth-confirm": "1",
                "reauth-password": TEST_PASSWORD,
                "reauth-otp_token": current_code(demo_users["beheerder"]),
            },
        )
    assert response.status_code == 302
    assert list(Registration.objects.all()) == [old["STD"]]
