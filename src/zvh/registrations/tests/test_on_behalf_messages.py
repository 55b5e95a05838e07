"""What submission still needs, in words that address whoever fills in the form: the
registrant their own contact details, the meldpunt (recording a phone call or an e-mail on a
partner's behalf) those of the partner's contact person."""

import re

import pytest
from django.core.exceptions import ValidationError

from zvh.registrations.completeness import completeness_errors
from zvh.registrations.models import Channel
from zvh.registrations.services import registration_submit

from .conftest import NOW

pytestmark = pytest.mark.django_db

#: Dutch words that address the reader ("u", "uw") as the one registering.
ADDRESSING_THE_REGISTRANT = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


def _without_contact(draft):
    draft.contact_name = draft.contact_phone = draft.contact_email = ""
    draft.save(update_fields=["contact_name", "contact_phone", "contact_email"])
    return draft


def test_the_registrant_is_asked_for_their_own_details(make_draft):
    errors = completeness_errors(_without_contact(make_draft()), today=NOW.date())
    assert errors["contact_name"] == ["Vul uw naam in."]
    assert errors["contact_email"] == [
        "Vul een telefoonnummer of e-mailadres in waarop het meldpunt u kan bereiken."
    ]


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.EMAIL])
def test_the_meldpunt_is_asked_for_the_partners_contact_person(make_draft, channel):
    draft = _without_contact(make_draft(channel=channel))
    errors = completeness_errors(draft, today=NOW.date())
    assert errors["contact_name"] == ["Vul de naam van de contactpersoon bij de partner in."]
    assert errors["contact_email"] == [
        "Vul een telefoonnummer of e-mailadres in waarop het meldpunt de contactpersoon bij "
        "de partner kan bereiken."
    ]


def test_no_message_to_the_meldpunt_addresses_it_as_the_registrant(make_draft, demo_users):
    """An empty phone draft: every message submission gives (about every field)."""
    draft = _without_contact(make_draft(channel=Channel.PHONE, complete=False))
    with pytest.raises(ValidationError) as refused:
        registration_submit(registration=draft, by=demo_users["screener"], now=NOW)
    messages = [m for field in refused.value.message_dict.values() for m in field]
    assert len(messages) >= 8
    assert [m for m in messages if ADDRESSING_THE_REGISTRANT.search(m)] == []
