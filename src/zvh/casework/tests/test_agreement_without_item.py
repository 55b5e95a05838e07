"""An agreement belongs to a case; the agenda item it was made on is optional (a plan of
approach makes agreements too). Owner lists, reminders, overdue signals and the pages tolerate
``item=None``."""

from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from zvh.casework.jobs import agreement_notices_send
from zvh.casework.models import Agreement
from zvh.casework.services.minutes import agreement_done
from zvh.notifications.models import OutgoingMail

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def loose_agreement(case, partner_users):
    police = partner_users["police"]
    return Agreement.objects.create(
        item=None,
        case=case,
        action="Plan van aanpak bespreken",
        owner_organisation=police.organisation,
        owner=police,
        due_on=(NOW + timedelta(days=10)).date(),
    )


def test_reminder_and_overdue_signal_without_an_item(loose_agreement, partner_users, demo_users):
    assert agreement_notices_send(now=NOW + timedelta(days=8)) == 1
    reminder = OutgoingMail.objects.get(template_key="agreement_reminder")
    assert reminder.recipients == [partner_users["police"].email]
    assert agreement_notices_send(now=NOW + timedelta(days=11)) == 1
    signal = OutgoingMail.objects.get(template_key="agreement_overdue")
    assert demo_users["regisseur"].email in signal.recipients
    assert str(loose_agreement.case.public_id) in signal.body


def test_the_owner_lists_and_marks_done_an_agreement_without_an_item(
    loose_agreement, partner_users, client, login
):
    police = partner_users["police"]
    login(police)
    with freeze_time(NOW):
        page = client.get(reverse("cases:actions"))
        assert page.status_code == 200
        assert "Plan van aanpak bespreken" in page.content.decode()
        assert "Plan van aanpak bespreken" in client.get(reverse("home")).content.decode()
    done = agreement_done(agreement=loose_agreement, note="Gedaan.", by=police, now=NOW)
    assert done.state == Agreement.State.DONE


def test_the_case_page_shows_an_agreement_without_an_item(
    loose_agreement, demo_users, client, login
):
    login(demo_users["regisseur"])
    with freeze_time(NOW):
        page = client.get(reverse("cases:case", args=[loose_agreement.case.public_id]))
    assert page.status_code == 200
