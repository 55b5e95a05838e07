"""The mails of a submission the meldpunt made on a partner's behalf: the partner's contact gets
the acknowledgement as always; the meldpunt is not told of what it recorded itself
(``notifications.services.notify_registration_received``)."""

import pytest

from zvh.notifications.models import OutgoingMail
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import registration_submit

from .conftest import NOW

pytestmark = pytest.mark.django_db

CONTACT = "contact.politie@example.org"  # make_draft's contact on the meldpunt's drafts
MST_MELDPUNT = "meldpunt@veiligheidshuismaastricht.nl"


def _submitted_with_mails(draft: Registration, by, capture) -> list:
    with capture(execute=True) as callbacks:
        submitted = registration_submit(registration=draft, by=by, now=NOW)
    assert callbacks, "the mails are sent after the commit"
    return list(OutgoingMail.objects.filter(registration=submitted).order_by("template_key"))


def test_a_partners_own_registration_is_acknowledged_and_announced_to_the_meldpunt(
    make_draft, registrant, mailoutbox, django_capture_on_commit_callbacks
):
    stored = _submitted_with_mails(make_draft(), registrant, django_capture_on_commit_callbacks)
    assert [mail.template_key for mail in stored] == ["new_registration", "received"]
    assert MST_MELDPUNT in stored[0].recipients
    assert sorted(m.subject.split()[0] for m in mailoutbox) == ["Aanmelding", "Nieuwe"]


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.EMAIL])
def test_the_meldpunt_is_not_told_what_it_recorded_but_the_partner_is_acknowledged(
    channel, make_draft, demo_users, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_draft(channel=channel)
    if channel == Channel.EMAIL:  # as the intake listener left it: drafted by the system
        Registration.objects.filter(pk=draft.pk).update(recorded_by=None)
        draft.refresh_from_db()
    stored = _submitted_with_mails(
        draft, demo_users["screener"], django_capture_on_commit_callbacks
    )
    (acknowledgement,) = stored
    assert (acknowledgement.template_key, acknowledgement.recipients) == ("received", [CONTACT])
    (sent,) = mailoutbox
    assert sent.to == [CONTACT]
    assert sent.subject == f"Aanmelding {acknowledgement.reference} ontvangen"
    assert not OutgoingMail.objects.filter(template_key="new_registration").exists()
