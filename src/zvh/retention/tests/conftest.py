"""Registrations of every kind, each with everything retention must remove."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from zvh.network.enums import Outcome
from zvh.registrations.models import Attachment, InvolvedPartner, Registration, StatusChange
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import Decision, InformationRequest, ScreeningAnswer

#: The generated (elfproef) BSN and the name of the person in the registration that must go.
GONE_BSN = "111222333"
GONE_SURNAME = "Verwijderbaar"


@pytest.fixture
def now() -> dt.datetime:
    return timezone.now()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def make_registration(
    demo_users, houses, municipalities, now, media
) -> Callable[..., Registration]:
    """``make_registration(vh=…, status=…, outcome=…, age=timedelta)``: a registration with a
    person, an involved partner, an attachment (a real file), and when submitted a screening
    answer, an information request and history; when decided, a decision ``age`` ago."""
    counter = iter(range(1, 1000))

    def _make(
        *,
        vh: str = "MST",
        status: Status = Status.DECIDED,
        outcome: Outcome | None = Outcome.REFER_BACK,
        age: dt.timedelta = dt.timedelta(days=0),
        bsn: str | None = None,
        surname: str | None = None,
    ) -> Registration:
        house = houses[vh]
        moment = now - age
        submitted = status != Status.DRAFT
        registration = RegistrationFactory(
            registrant=demo_users["aanmelder"],
            veiligheidshuis=house,
            status=status,
            reference=f"{vh}-2020-{next(counter):05d}" if submitted else None,
            received_at=moment - dt.timedelta(days=3) if submitted else None,
            decided_at=moment if status == Status.DECIDED else None,
            decided_late=False if status == Status.DECIDED else None,
            target_group=house.target_groups.first(),
            contact_phone="06-12345678",
        )
        person = {"bsn": bsn} if bsn else {}
        if surname:
            person["surname"] = surname
        PersonFactory(
            registration=registration,
            municipality=municipalities["Maastricht" if vh == "MST" else "Sittard-Geleen"],
            **person,
        )
        InvolvedPartner.objects.create(
            registration=registration, organisation_name="GGZ", contact_name="Hulpverlener"
        )
        attachment = Attachment(
            registration=registration,
            original_name="verslag.txt",
            content_type="text/plain",
            size=5,
            uploaded_by=demo_users["aanmelder"],
        )
        attachment.file.save("x", ContentFile(b"hallo"), save=False)
        attachment.save()
        screener = demo_users["screener" if vh == "MST" else "screener-sittard"]
        if submitted:
            StatusChange.objects.create(
                registration=registration, to_status=status, at=moment, by=screener, why="x"
            )
            ScreeningAnswer.objects.create(
                registration=registration,
                criterion=house.criteria.first(),
                answer=True,
                motivation="Overlast in de wijk",
                answered_by=screener,
                answered_at=moment,
            )
            InformationRequest.objects.create(
                registration=registration,
                question="Wat is de thuissituatie?",
                requested_by=screener,
                requested_at=moment,
                answer="Moeilijk",
            )
        if status == Status.DECIDED and outcome:
            Decision.objects.create(
                registration=registration,
                outcome=outcome,
                motivation="Interne motivering",
                message_to_registrant="Bericht",
                decided_by=screener,
                decided_at=moment,
            )
        # ``updated_at`` is automatic; a draft's age is its last change.
        Registration.objects.filter(pk=registration.pk).update(updated_at=moment)
        registration.refresh_from_db()
        return registration

    return _make
