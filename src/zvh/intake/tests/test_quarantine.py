"""The screener's quarantine: who sees what, accept and reject, the original message, the access
log, and the query budget of the list."""

import threading

import pytest
from django.db import connection
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from zvh.access_log.models import AccessLogEntry
from zvh.accounts.models import User
from zvh.intake.enums import AttachmentVerdict, MailStatus, QuarantineReason
from zvh.intake.models import InboundMail
from zvh.intake.services import inbound_mail_accept, mail_receive
from zvh.network.models import Organisation
from zvh.registrations.models import Channel, Registration
from zvh.registrations.status import Status

from .conftest import (
    MAASTRICHT,
    PARTNER,
    PDF,
    SITTARD,
    STRANGER,
    as_bytes,
    registration_mail,
)

pytestmark = pytest.mark.django_db


def receive(*, sender: str = STRANGER, to: str = SITTARD, **kwargs) -> InboundMail:
    """A mail through the intake's own service, as the listener hands it over."""
    raw = as_bytes(registration_mail(sender=sender, to=to, **kwargs))
    outcome = mail_receive(raw=raw, mail_from=sender, rcpt_to=[to], received_at=timezone.now())
    return InboundMail.objects.get(pk=outcome.received[0].mail_id)


@pytest.fixture
def quarantined(houses, demo_users, intake_media) -> InboundMail:
    return receive()


@pytest.fixture
def screener(demo_users, login):
    """The Sittard screener, logged in."""
    user = demo_users["screener-sittard"]
    login(user)
    return user


def entries_for(mail: InboundMail, event_type: str) -> list[AccessLogEntry]:
    return [
        entry
        for entry in AccessLogEntry.objects.filter(event_type=event_type)
        if any(obj["id"] == str(mail.public_id) for obj in entry.objects_concerned)
    ]


def test_the_quarantine_lists_the_own_veiligheidshuis_only(client, quarantined, demo_users, login):
    login(demo_users["screener-sittard"])
    page = client.get(reverse("intake:list"))
    assert page.status_code == 200
    assert STRANGER in page.content.decode()
    login(demo_users["screener"])  # Maastricht
    page = client.get(reverse("intake:list"))
    assert STRANGER not in page.content.decode()
    assert client.get(reverse("intake:detail", args=[quarantined.public_id])).status_code == 404


@pytest.mark.parametrize("username", ["aanmelder", "regisseur", "manager", "privacy"])
def test_other_roles_are_refused(client, quarantined, demo_users, login, username):
    login(demo_users[username])
    assert client.get(reverse("intake:list")).status_code == 403
    assert client.get(reverse("intake:detail", args=[quarantined.public_id])).status_code == 403


def test_the_detail_page_shows_the_mail_and_logs_a_view(client, quarantined, screener):
    page = client.get(reverse("intake:detail", args=[quarantined.public_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "aanmelding.pdf" in text
    assert "Hierbij het aanmeldformulier." in text
    # Why it is in quarantine, in Dutch.
    assert "De afzender is geen aanmelder van een partnerorganisatie in dit netwerk." in text
    (entry,) = entries_for(quarantined, "view")
    assert entry.user_id == screener.pk
    assert entry.purpose == "triage"


def test_the_original_is_downloaded_as_received_and_logged_as_an_export(
    client, quarantined, screener
):
    response = client.get(reverse("intake:original", args=[quarantined.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == bytes(quarantined.content.raw)
    (entry,) = entries_for(quarantined, "export")
    assert entry.action == "R"


def test_accepting_makes_a_draft_of_the_chosen_partner_received_when_the_mail_came(
    client, quarantined, screener, demo_users
):
    police = demo_users["aanmelder"].organisation
    response = client.post(
        reverse("intake:accept", args=[quarantined.public_id]),
        {"accept-organisation": police.pk},
    )
    quarantined.refresh_from_db()
    assert quarantined.status == MailStatus.ACCEPTED
    assert quarantined.decided_by == screener
    registration = quarantined.registration
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:draft", args=[registration.public_id])
    assert registration.status == Status.DRAFT
    assert registration.channel == Channel.EMAIL
    assert registration.registrant_organisation == police
    assert registration.registrant is None  # the stranger has no account
    assert registration.recorded_by == screener
    assert registration.received_at == quarantined.received_at
    (copied,) = registration.attachments.all()
    assert copied.original_name == "aanmelding.pdf"
    assert copied.uploaded_by == screener
    assert entries_for(quarantined, "update")


def test_accepting_a_mail_of_a_known_address_names_the_registrant(
    client, houses, demo_users, intake_media, login
):
    """A partner's registrant whose mail was quarantined (here: sent to Maastricht, which takes
    no e-mail) becomes the registrant when the screener chooses their organisation."""
    partner = demo_users["aanmelder"]
    mail = receive(sender=partner.email, to=MAASTRICHT)
    assert mail.reasons == [QuarantineReason.CHANNEL_NOT_OFFERED]
    login(demo_users["screener"])
    client.post(
        reverse("intake:accept", args=[mail.public_id]),
        {"accept-organisation": partner.organisation_id},
    )
    mail.refresh_from_db()
    assert mail.registration.registrant == partner


def test_hostile_attachments_are_never_copied_even_when_accepted(
    client, houses, demo_users, intake_media, login
):
    exe = b"MZ\x90\x00" + b"\x00" * 60
    mail = receive(
        attachments=[
            ("aanmelding.pdf", "application/pdf", PDF),
            ("factuur.pdf", "application/pdf", exe),
        ]
    )
    assert QuarantineReason.EXECUTABLE in mail.reasons
    login(demo_users["screener-sittard"])
    client.post(
        reverse("intake:accept", args=[mail.public_id]),
        {"accept-organisation": demo_users["aanmelder"].organisation_id},
    )
    mail.refresh_from_db()
    assert [a.original_name for a in mail.registration.attachments.all()] == ["aanmelding.pdf"]
    verdicts = dict(mail.attachments.values_list("name", "verdict"))
    assert verdicts["factuur.pdf"] == AttachmentVerdict.EXECUTABLE


def test_a_partner_outside_the_network_cannot_be_chosen(client, quarantined, screener):
    outsider = Organisation.objects.get(name="Gemeente Maastricht (demo)")
    response = client.post(
        reverse("intake:accept", args=[quarantined.public_id]),
        {"accept-organisation": outsider.pk},
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    quarantined.refresh_from_db()
    assert quarantined.status == MailStatus.QUARANTINED
    assert not Registration.objects.exists()


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(client, quarantined, screener):
    url = reverse("intake:reject", args=[quarantined.public_id])
    response = client.post(url, {"reject-note": "  "})
    assert response.status_code == 400
    quarantined.refresh_from_db()
    assert quarantined.status == MailStatus.QUARANTINED
    response = client.post(url, {"reject-note": "Reclame, geen aanmelding."})
    assert response.status_code == 302
    quarantined.refresh_from_db()
    assert quarantined.status == MailStatus.REJECTED
    assert quarantined.decision_note == "Reclame, geen aanmelding."
    assert quarantined.decided_by == screener
    # Decided once: a second decision is refused as a conflict, nothing changes.
    response = client.post(
        reverse("intake:accept", args=[quarantined.public_id]),
        {"accept-organisation": Organisation.objects.get(name="Politie (demo)").pk},
    )
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_a_draft_created_mail_cannot_be_accepted_again(client, houses, demo_users, login):
    mail = receive(sender=demo_users["aanmelder"].email)
    assert mail.status == MailStatus.DRAFT_CREATED
    login(demo_users["screener-sittard"])
    response = client.post(
        reverse("intake:accept", args=[mail.public_id]),
        {"accept-organisation": demo_users["aanmelder"].organisation_id},
    )
    assert response.status_code == 409
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_screeners_accepting_at_once_make_one_draft(houses, demo_users, intake_media, roles):
    mail = receive()
    first = demo_users["screener-sittard"]
    second = User.objects.create_user(
        username="screener-sittard-2", organisation=first.organisation
    )
    second.roles.set(first.roles.all())
    screeners = [first, second]
    police = Organisation.objects.get(name="Politie (demo)")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def accept(user) -> None:
        try:
            barrier.wait(10)
            inbound_mail_accept(
                mail=InboundMail.objects.get(pk=mail.pk),
                by=User.objects.get(pk=user.pk),
                organisation=police,
                now=timezone.now(),
            )
            results.append("accepted")
        except Exception as error:
            results.append(getattr(error, "code", type(error).__name__))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in screeners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == ["accepted", "conflict"]
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("rows", [2, 20])
def test_the_quarantine_list_has_a_constant_query_count(
    client, houses, demo_users, intake_media, login, django_assert_num_queries, rows
):
    for number in range(rows):
        receive(sender=f"onbekend{number}@example.org")
    receive(sender=demo_users["aanmelder"].email)  # a draft, not in quarantine
    login(demo_users["screener-sittard"])
    with django_assert_num_queries(QUERIES) as captured:
        page = client.get(reverse("intake:list"))
    assert page.status_code == 200
    assert page.content.decode().count("onbekend") >= rows
    assert len(captured) == QUERIES, [q["sql"][:90] for q in captured.captured_queries]


#: Session, user (with organisation and Veiligheidshuis: accounts.backends), second factor and
#: roles (middleware and guard); the list's count and its page; the access log entry (the chain
#: head's lock, then on SQLite the insert and the head's update, on PostgreSQL one statement for
#: both, see access_log.services); the session's save (savepoint, update, release).
QUERIES = 12 if connection.vendor == "sqlite" else 11


def test_the_queue_and_the_home_page_link_to_the_quarantine_with_its_count(
    client, houses, demo_users, intake_media, login
):
    receive()
    receive(sender="nog.een@example.org")
    receive(sender=demo_users["aanmelder"].email)  # a draft, not in quarantine
    login(demo_users["screener-sittard"])
    link = reverse("intake:list")
    for page in (reverse("triage:queue"), reverse("home")):
        text = client.get(page).content.decode()
        assert f'href="{link}"' in text
        assert "E-mails in quarantaine: 2 wachten" in text
    login(demo_users["aanmelder"])
    assert f'href="{link}"' not in client.get(reverse("home")).content.decode()


def test_a_registrations_page_can_link_to_the_original_mail(rf, houses, demo_users, intake_media):
    mail = receive(sender=demo_users["aanmelder"].email)
    template = Template("{% load intake %}{% intake_original_mail registration %}")
    request = rf.get("/")
    request.user = demo_users["screener-sittard"]
    html = template.render(Context({"request": request, "registration": mail.registration}))
    assert reverse("intake:detail", args=[mail.public_id]) in html
    request.user = demo_users["aanmelder"]
    html = template.render(Context({"request": request, "registration": mail.registration}))
    assert html.strip() == ""


def test_the_draft_page_links_the_screener_to_the_original_mail(
    client, quarantined, screener, demo_users
):
    police = demo_users["aanmelder"].organisation
    client.post(
        reverse("intake:accept", args=[quarantined.public_id]),
        {"accept-organisation": police.pk},
    )
    quarantined.refresh_from_db()
    page = client.get(reverse("triage:draft", args=[quarantined.registration.public_id]))
    assert page.status_code == 200
    assert reverse("intake:detail", args=[quarantined.public_id]) in page.text


# --- issue 17, point 4 ---------------------------------------------------------------------------


def receive_raw(raw: bytes, *, sender: str) -> InboundMail:
    outcome = mail_receive(raw=raw, mail_from=sender, rcpt_to=[SITTARD], received_at=timezone.now())
    return InboundMail.objects.get(pk=outcome.received[0].mail_id)


def test_a_known_partners_mail_with_undecodable_header_bytes_is_quarantined(
    houses, demo_users, intake_media
):
    raw = as_bytes(registration_mail(sender=PARTNER)).replace(
        b"Subject: Aanmelding Veiligheidshuis", b"Subject: Aanmelding \xff\xfe gezin"
    )
    mail = receive_raw(raw, sender=PARTNER)
    assert mail.status == MailStatus.QUARANTINED
    assert QuarantineReason.BROKEN_MIME in mail.reasons
    assert mail.registration is None
    assert Registration.objects.count() == 0


def test_an_injected_header_is_not_shown_as_the_subject(client, houses, intake_media, screener):
    raw = as_bytes(registration_mail(sender=STRANGER)).replace(
        b"Subject: Aanmelding Veiligheidshuis",
        b"Subject: =?utf-8?q?Aanmelding=0D=0ABcc=3A_iedereen=40example=2Eorg=1B[2J?=",
    )
    mail = receive_raw(raw, sender=STRANGER)
    assert QuarantineReason.HEADER_INJECTION in mail.reasons
    for url in (reverse("intake:list"), reverse("intake:detail", args=[mail.public_id])):
        text = client.get(url).content.decode()
        assert "Aanmelding [\u2026]" in text
        assert "iedereen@example.org" not in text
        assert "\x1b" not in text
