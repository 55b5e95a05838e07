"""What the registrant is told to do (issue 14.7): a waiting question tagged "action needed" on
their home page and list, "clock stopped" instead of a running deadline, search in their list,
drafts shown meaningfully."""

from datetime import timedelta

import pytest
from django.urls import reverse

from zvh.access_log.enums import EventType, Purpose
from zvh.registrations.models import Person
from zvh.registrations.services import registration_submit
from zvh.triage.services import information_request_create

from .access_logging import assert_entry, last_sequence, the_entry_after
from .conftest import NOW

pytestmark = pytest.mark.django_db

LIST = reverse("registrations:list")


@pytest.fixture
def submitted(make_draft, registrant):
    return registration_submit(registration=make_draft(), by=registrant, now=NOW)


@pytest.fixture
def waiting(make_draft, registrant, demo_users):
    registration = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    information_request_create(
        registration=registration,
        by=demo_users["screener"],
        question="Is er al contact met de huisarts?",
        now=NOW + timedelta(days=1),
    )
    registration.refresh_from_db()
    return registration


def _row(text: str, reference: str) -> str:
    start = text.index(reference, text.index("<tbody>"))
    return text[start : text.index("</tr>", start)]


def test_a_waiting_question_is_action_needed_on_the_home_page(login, registrant, waiting):
    page = login(registrant).get(reverse("home"))
    assert "Actie nodig" in page.text
    assert f"De vraag over {waiting.reference} beantwoorden" in page.text
    detail = reverse("registrations:detail", args=[waiting.public_id])
    assert f'href="{detail}#questions-title"' in page.text


def test_nothing_is_needed_when_no_question_waits(login, registrant, submitted):
    assert "Actie nodig" not in login(registrant).get(reverse("home")).text
    assert "Actie nodig" not in login(registrant).get(LIST).text


def test_the_list_shows_the_clock_stopped_and_no_running_deadline(
    login, registrant, waiting, submitted
):
    text = login(registrant).get(LIST).text
    row = _row(text, waiting.reference)
    assert "Actie nodig" in row
    assert "Klok staat stil tot u de vraag beantwoordt" in row
    assert "<time" not in row
    assert "<time" in _row(text, submitted.reference)  # a running term shows its date


def test_a_draft_says_when_it_was_last_saved_and_whom_it_is_about(login, registrant, make_draft):
    named = make_draft(complete=False)
    main = named.persons.get()
    main.given_names, main.surname = "Fenna", "Jansen"
    main.save()
    text = login(registrant).get(LIST).text
    assert "Concept — —" not in text
    assert "laatst bewaard" in text
    assert "Fenna Jansen" in text


def test_an_unnamed_draft_says_so(login, registrant, make_draft):
    make_draft(complete=False)
    assert "nog geen naam" in login(registrant).get(LIST).text


def test_search_finds_by_name_or_reference_and_is_logged_as_a_search(login, registrant, make_draft):
    first = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    second = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    Person.objects.filter(registration=second).update(surname="Zoekbaar")
    browser = login(registrant)
    before = last_sequence()
    page = browser.get(LIST, {"q": "zoekBAAR"})
    assert [r.pk for r in page.context["page"].object_list] == [second.pk]
    assert "1 aanmelding gevonden voor" in page.text
    assert_entry(
        the_entry_after(before),
        event_type=EventType.SEARCH,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[second],
        persons=second.persons.all(),
    )
    by_reference = browser.get(LIST, {"q": first.reference})
    assert [r.pk for r in by_reference.context["page"].object_list] == [first.pk]
    nothing = browser.get(LIST, {"q": "bestaat-niet"})
    assert "Geen aanmeldingen gevonden bij uw zoekopdracht." in nothing.text


def test_search_never_reaches_another_organisations_registrations(
    login, registrant, demo_users, submitted
):
    other = login(demo_users["aanmelder-gemeente"]).get(LIST, {"q": submitted.reference})
    assert list(other.context["page"].object_list) == []


@pytest.mark.parametrize("rows", [1, 8])
def test_search_takes_as_many_queries_as_the_plain_list(
    login, registrant, make_draft, rows, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(rows):
        registration_submit(registration=make_draft(), by=registrant, now=NOW)
    browser = login(registrant)
    browser.get(LIST)  # the session settles
    with CaptureQueriesContext(connection) as plain:
        browser.get(LIST)
    with django_assert_num_queries(len(plain)):
        page = browser.get(LIST, {"q": "MST"})
    assert len(page.context["page"].object_list) == rows


# --- an answer with a file ---------------------------------------------------------------------


def _answer_url(registration) -> tuple[str, int]:
    question = registration.information_requests.get()
    return reverse("registrations:answer", args=[registration.public_id, question.pk]), question.pk


def test_an_answer_can_carry_an_attachment(login, registrant, waiting, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url, pk = _answer_url(waiting)
    upload = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%synthetic\n", "application/pdf")
    browser = login(registrant)
    response = browser.post(url, {f"q{pk}-answer": "Zie het verslag.", f"q{pk}-attachment": upload})
    assert response.status_code == 302
    attachment = waiting.attachments.get()
    assert attachment.information_request_id == pk
    assert attachment.original_name == "verslag.pdf"
    detail = browser.get(reverse("registrations:detail", args=[waiting.public_id])).text
    link = reverse("registrations:attachment", args=[waiting.public_id, attachment.pk])
    assert link in detail
    assert browser.get(link).status_code == 200


def test_a_refused_file_refuses_the_answer_too(login, registrant, waiting, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url, pk = _answer_url(waiting)
    disguised = SimpleUploadedFile("verslag.pdf", b"MZ\x90\x00program", "application/pdf")
    response = login(registrant).post(
        url, {f"q{pk}-answer": "Zie het verslag.", f"q{pk}-attachment": disguised}
    )
    assert response.status_code == 200
    assert "De inhoud van verslag.pdf is niet die van een .pdf-bestand." in response.text
    assert f'href="#id_q{pk}-attachment"' in response.text
    question = waiting.information_requests.get()
    assert question.answered_at is None  # nothing half-saved
    assert not waiting.attachments.exists()
