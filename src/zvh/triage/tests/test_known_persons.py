"""'Already known' hints: BSN, or birth date plus a spelling-tolerant surname; same house only."""

from datetime import date, timedelta

import pytest

from zvh.triage.selectors import known_persons

from .conftest import RECEIVED_AT

pytestmark = pytest.mark.django_db
BORN = date(1990, 4, 17)
LATER = RECEIVED_AT + timedelta(days=30)


def hints(registration):
    return {
        kp.person.surname: {m.registration.reference for m in kp.matches}
        for kp in known_persons(registration=registration)
    }


def test_matched_by_bsn(make_submitted):
    earlier = make_submitted(person={"bsn": "111222333", "surname": "Peeters"})
    now = make_submitted(received_at=LATER, person={"bsn": "111222333", "surname": "Anders"})
    [known] = known_persons(registration=now)
    assert [m.registration for m in known.matches] == [earlier]
    assert known.matches[0].by_bsn


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"surname": "Jansen"}, {"surname": "Janssen"}),
        ({"surname": "Müller"}, {"surname": "Muller"}),
        ({"surname_prefix": "van den", "surname": "Berg"}, {"surname": "Van den Berg"}),
        ({"surname_prefix": "van den", "surname": "Berg"}, {"surname": "Berg"}),
        ({"surname": "Bakker"}, {"surname": "Backer"}),
        ({"surname": "de Vries-Çelik"}, {"surname_prefix": "de", "surname": "Vries Celik"}),
    ],
)
def test_matched_by_date_of_birth_and_a_spelling_variant(make_submitted, before, after):
    earlier = make_submitted(person={"bsn": "", "date_of_birth": BORN, **before})
    now = make_submitted(received_at=LATER, person={"bsn": "", "date_of_birth": BORN, **after})
    [known] = known_persons(registration=now)
    assert [m.registration for m in known.matches] == [earlier]
    assert not known.matches[0].by_bsn


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"surname": "Jansen", "date_of_birth": BORN}, {"surname": "Pietersen"}),
        ({"surname": "Jansen", "date_of_birth": date(1990, 4, 18)}, {"surname": "Jansen"}),
        ({"surname": "Dekker", "date_of_birth": BORN}, {"surname": "Bakker"}),
    ],
)
def test_different_people_are_not_matched(make_submitted, before, after):
    make_submitted(person={"bsn": "", **before})
    now = make_submitted(received_at=LATER, person={"bsn": "", "date_of_birth": BORN, **after})
    [known] = known_persons(registration=now)
    assert known.matches == ()


def test_no_leak_across_houses_no_drafts_no_later_ones(make_submitted, demo_users, houses):
    person = {"bsn": "111222333", "surname": "Jansen", "date_of_birth": BORN}
    make_submitted(vh="STD", person=person)  # Sittard's, earlier
    draft = make_submitted(person=person)
    draft.status = "draft"
    draft.save()
    now = make_submitted(received_at=LATER, person=person)
    make_submitted(received_at=LATER + timedelta(days=1), person=person)  # later
    [known] = known_persons(registration=now)
    assert known.matches == ()
