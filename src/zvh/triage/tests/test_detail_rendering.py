"""The detail page is unchanged by the cheaper rendering and reading of issue 7: the project's
form renderer gives the same page as Django's own, and what a registration may lack (a
decision, answers, requests, partners, attachments) is still shown when it is there."""

import re
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from zvh.network.enums import Outcome
from zvh.network.models import Organisation
from zvh.registrations.models import InvolvedPartner
from zvh.triage.models import Decision, InformationRequest, ScreeningAnswer
from zvh.triage.selectors import meldpunt_registration

pytestmark = pytest.mark.django_db

DJANGO_RENDERER = "django.forms.renderers.DjangoTemplates"
LISTS = ("involved_partners", "attachments", "screening_answers", "information_requests")


def _url(registration, name="detail"):
    return reverse(f"triage:{name}", args=[registration.public_id])


def _normalised(response) -> str:
    """The page without what differs per response (the CSRF token, the CSP nonce)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", page)
    return re.sub(r'nonce="[^"]+"', "nonce", page)


@pytest.mark.parametrize(
    "action",
    ["view", "invalid-decision", "invalid-screening", "invalid-request", "valid-decision-data"],
)
def test_the_page_is_the_same_as_with_djangos_form_renderer(
    action, login, demo_users, make_submitted
):
    registration = make_submitted(received_at=timezone.now() - timedelta(hours=1))
    client = login(demo_users["screener"])
    criteria = list(registration.veiligheidshuis.criteria.all())
    partner = Organisation.objects.filter(networks=registration.veiligheidshuis).first()
    posts = {
        "invalid-decision": (
            "decide",
            {
                "decision-version": registration.version,
                "decision-outcome": Outcome.CONSULTATION_AGENDA,
                "decision-motivation": 'Samenwerking <stagneert> & "meer"',
                "decision-consultation_date": "geen datum",
                "decision-consultation_partners": [partner.pk],
            },
        ),
        "invalid-screening": (
            "screening",
            {
                f"screening-answer_{criteria[0].pk}": "yes",
                f"screening-motivation_{criteria[0].pk}": "Omdat <1>",
                f"screening-answer_{criteria[1].pk}": "maybe",
            },
        ),
        "invalid-request": ("request", {"request-question": ""}),
        # stale version: refused by the service, every field of the form filled in
        "valid-decision-data": (
            "decide",
            {
                "decision-version": registration.version + 5,
                "decision-outcome": Outcome.INTEGRATED_APPROACH,
                "decision-motivation": "Regie",
                "decision-approach_mode": "drang",
                "decision-procesregisseur": demo_users["regisseur"].pk,
                "decision-receiving_organisation": partner.pk,
            },
        ),
    }

    def page() -> str:
        if action == "view":
            response = client.get(_url(registration))
            assert response.status_code == 200
        else:
            name, data = posts[action]
            response = client.post(_url(registration, name), data)
            assert response.status_code in (400, 409)
        return _normalised(response)

    ours = page()
    with override_settings(FORM_RENDERER=DJANGO_RENDERER):
        django = page()
    assert ours == django
    assert 'type="radio"' in ours


def test_a_decided_registration_shows_its_decision_answers_and_lists(
    login, demo_users, make_decided
):
    registration = make_decided(Outcome.CONSULTATION_AGENDA)
    decision = Decision.objects.get(registration=registration)
    partners = list(Organisation.objects.filter(networks=registration.veiligheidshuis)[:2])
    decision.consultation_date = date(2026, 12, 3)
    decision.save()
    decision.consultation_partners.set(partners)
    criterion = registration.veiligheidshuis.criteria.first()
    ScreeningAnswer.objects.create(
        registration=registration,
        criterion=criterion,
        answer=True,
        motivation="Meervoudige problematiek",
        answered_by=demo_users["screener"],
        answered_at=timezone.now(),
    )
    InformationRequest.objects.create(
        registration=registration,
        question="Wie is de huisarts?",
        requested_by=demo_users["screener"],
        requested_at=timezone.now(),
    )
    InvolvedPartner.objects.create(registration=registration, organisation_name="Wijkteam Oost")
    page = login(demo_users["screener"]).get(_url(registration)).content.decode()
    assert "3 december 2026" in page
    assert all(partner.name in page for partner in partners)
    assert f"{criterion.position}. {criterion.text}" in page
    assert "Meervoudige problematiek" in page
    assert "Wie is de huisarts?" in page
    assert "Wijkteam Oost" in page
    assert 'name="screening-' not in page  # decided: no forms
    assert 'name="decision-' not in page


def test_what_a_registration_lacks_is_read_as_empty_without_queries(
    make_submitted, demo_users, django_assert_num_queries
):
    """The parts a registration lacks are prefetched with an empty queryset, which Django never
    sends to the database: they read as empty, and cost no query."""
    registration = make_submitted()
    loaded = meldpunt_registration(user=demo_users["screener"], public_id=registration.public_id)
    with django_assert_num_queries(0):
        for name in (
            "involved_partners",
            "attachments",
            "screening_answers",
            "information_requests",
        ):
            related = getattr(loaded, name)
            assert list(related.all()) == []
            assert not related.all()
            assert related.count() == 0
            assert not related.exists()
        assert getattr(loaded, "decision", None) is None
        assert not hasattr(loaded, "decision")
        assert len(loaded.persons.all()) == 1
        assert loaded.veiligheidshuis.criteria.all()
