"""``log_read``: how a view logs that someone opened a registration."""

import pytest
from django.test import override_settings

from zvh.access_log.enums import Action, EventType, Purpose
from zvh.access_log.keys import bsn_key, person_keys
from zvh.access_log.shortcuts import log_denied
from zvh.registrations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_log_read_records_the_registration_and_every_person_in_it(
    demo_users, registration, read_as
):
    child = PersonFactory(registration=registration, relation="child", bsn="")
    entry = read_as(demo_users["screener"], registration)

    assert (entry.action, entry.event_type, entry.purpose) == (
        Action.READ,
        EventType.VIEW,
        Purpose.TRIAGE,
    )
    assert entry.objects_concerned == [
        {"type": "registration", "id": str(registration.public_id), "ref": "MST-2026-00042"}
    ]
    assert entry.veiligheidshuis_id == registration.veiligheidshuis_id
    keys = set(entry.subjects.values_list("person_key", flat=True))
    main = registration.persons.get(relation="main")
    assert bsn_key(main.bsn) in keys
    expected_child = person_keys(
        surname=f"{child.surname_prefix} {child.surname}",
        given_names=child.given_names,
        date_of_birth=child.date_of_birth,
    )
    assert expected_child <= keys
    assert len(keys) == 3  # BSN + name key of the main person, name key of the child


def test_a_denied_attempt_is_logged(demo_users, registration, rf):
    request = rf.get("/")
    request.user = demo_users["screener-sittard"]
    entry = log_denied(request, registration, purpose=Purpose.TRIAGE, event_type=EventType.VIEW)
    assert entry.outcome == "denied"
    # It belongs to the registration's Veiligheidshuis, whose privacy officer must see it.
    assert entry.veiligheidshuis_id == registration.veiligheidshuis_id


def test_the_client_address_honours_x_forwarded_for_only_from_a_trusted_proxy(
    demo_users, registration, rf
):
    from zvh.common.client_address import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "10.0.0.2"
    with override_settings(ZVH_TRUSTED_PROXIES=["10.0.0.0/24"]):
        assert client_address(request) == "203.0.113.9"
    with override_settings(ZVH_TRUSTED_PROXIES=["10.0.0.2", "203.0.113.0/24"]):
        assert client_address(request) == "6.6.6.6"
    with override_settings(ZVH_TRUSTED_PROXIES=["10.0.0.3"]):
        assert client_address(request) == "10.0.0.2"
    assert client_address(rf.get("/", REMOTE_ADDR="2001:DB8::0001")) == "2001:db8::1"
    assert client_address(rf.get("/", REMOTE_ADDR="not-an-address")) == ""


def test_person_keys_are_keyed_hashes_that_ignore_spelling(settings):
    one = person_keys(surname="van Dijk", given_names="Jan", date_of_birth=None)
    assert one == frozenset()  # no birth date, no name key
    import datetime as dt

    born = dt.date(1980, 1, 2)
    assert person_keys(surname="van Dijk", given_names="Jan", date_of_birth=born) == person_keys(
        surname="Van-Dijk", given_names="J.", date_of_birth=born
    )
    before = bsn_key("111222333")
    settings.ZVH_ACCESS_LOG_PERSON_KEY_SECRET = "another secret"
    assert bsn_key("111222333") != before


def test_a_trusted_proxy_that_is_not_an_address_is_a_configuration_error(settings):
    from zvh.common.checks import check_trusted_proxies

    settings.ZVH_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert check_trusted_proxies(None) == []
    settings.ZVH_TRUSTED_PROXIES = ["proxy.example.org"]
    assert [error.id for error in check_trusted_proxies(None)] == ["zvh.E001"]
