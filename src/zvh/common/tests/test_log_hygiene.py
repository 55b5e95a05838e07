"""No personal data in logs, error pages or exception reports (issue 5 item 12).

The suite-wide catcher (``src/conftest.py``: ``LogLeakCatcher``) fails any test whose log
records hold the BSN or name of a person that test created; these tests show it catches one.
"""

import logging

import pytest
import structlog
from django.test import RequestFactory
from django.urls import path
from django.views.debug import ExceptionReporter

from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(demo_users, houses):
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"]
    )
    return PersonFactory(
        registration=registration, bsn="123456782", given_names="Lotte", surname="Lekvrij"
    )


@pytest.mark.parametrize(
    "leak",
    [
        lambda p: structlog.get_logger("zvh.test").info("oops", bsn=p.bsn),
        lambda p: logging.getLogger("zvh.test").warning("Dossier van %s", p.full_name),
        lambda p: structlog.get_logger("zvh.test").info("oops", who=p.surname.upper()),
    ],
    ids=["structlog-bsn", "stdlib-name", "surname-any-case"],
)
def test_the_catcher_catches_a_bsn_or_a_name_in_any_log_record(person, log_leaks, leak):
    leak(person)
    found = [value.lower() for value, _where in log_leaks.leaks]
    log_leaks.leaks.clear()  # caught on purpose: do not fail this test
    assert found
    assert found[0] in {"123456782", "lotte lekvrij", "lekvrij"}


def test_the_catcher_catches_personal_data_in_a_traceback(person, log_leaks):
    """(Records that reach the console first lose the message: see the next test.)"""
    try:
        raise ValueError(f"duplicate key (bsn)=({person.bsn})")
    except ValueError as error:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = (ValueError, error, error.__traceback__)
    log_leaks.emit(record)
    assert [value for value, _where in log_leaks.leaks] == [person.bsn]
    log_leaks.leaks.clear()


def test_an_error_logged_with_personal_data_reaches_no_handler_with_it(person, log_leaks):
    try:
        raise ValueError(f"duplicate key (bsn)=({person.bsn})")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /x")
    assert log_leaks.leaks == []


def test_ids_and_references_are_not_leaks(person, log_leaks):
    structlog.get_logger("zvh.test").info(
        "registration_submitted", registration_id=person.registration_id, reference="MST-2026-1"
    )
    assert log_leaks.leaks == []


def test_logged_tracebacks_withhold_the_exception_message(person):
    from zvh.config.logging import WithholdExceptionMessages

    try:
        raise ValueError(f"Key (bsn)=({person.bsn}) already exists")
    except ValueError as error:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = (ValueError, error, error.__traceback__)
    WithholdExceptionMessages().filter(record)
    assert person.bsn not in record.getMessage()
    assert "builtins.ValueError (message withheld" in record.getMessage()
    assert record.exc_info is None


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("fails/", failing_view)]


@pytest.mark.urls(__name__)
def test_the_500_page_is_dutch_and_shows_nothing_of_the_request(client, person):
    client.raise_request_exception = False
    response = client.post("/fails/", {"bsn": person.bsn, "surname": person.surname})
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    for secret in (person.bsn, person.surname, "boom", "/fails/"):
        assert secret not in response.text


def test_the_404_page_is_dutch_and_does_not_echo_the_path(client):
    response = client.get("/bestaat-niet-111222333/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert "111222333" not in response.text


def test_exception_reports_mask_every_posted_value_and_variable(person, settings):
    assert settings.ADMINS == []
    request = RequestFactory().post("/", {"bsn": person.bsn, "surname": person.surname})
    try:
        secret = person.full_name  # noqa: F841 (a local the report would show)
        raise RuntimeError("x")
    except RuntimeError as error:
        reporter = ExceptionReporter(request, type(error), error, error.__traceback__)
        text = reporter.get_traceback_text()
    assert person.bsn not in text
    assert person.full_name not in text


def test_django_does_not_mail_exception_reports():
    handlers = logging.getLogger("django").handlers
    assert not any(type(h).__name__ == "AdminEmailHandler" for h in handlers)
