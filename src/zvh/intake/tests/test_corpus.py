"""The corpus of malformed and hostile mails against the real listener: every mail is answered,
none crashes the listener, none answered 250 is lost, and none becomes a draft it should not."""

import hashlib

import pytest

from zvh.intake.enums import MailStatus
from zvh.intake.models import InboundMail, InboundMailContent

from .conftest import registration_mail, send, wire
from .corpus import cases

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_corpus_neither_crashes_the_listener_nor_loses_a_mail(listener):
    answered: dict[str, int] = {}
    stored: dict[str, bytes] = {}
    problems: list[str] = []
    for case in cases():
        reply = send(listener, case.raw)
        answered[case.name] = reply.code
        if reply.code != case.code:
            problems.append(f"{case.name}: answered {reply.code}, expected {case.code}")
            continue
        if reply.code == 250:
            stored[case.name] = wire(case.raw)
        # After every hostile mail the listener still takes a normal one.
        if send(listener, registration_mail()).code != 250:
            problems.append(f"the listener no longer takes normal mail after {case.name!r}")
    assert not problems, "\n".join(problems)

    # Every mail answered 250 is stored exactly once, byte for byte.
    by_hash = {
        row.mail.sha256: row
        for row in InboundMailContent.objects.select_related("mail").exclude(
            mail__subject="Aanmelding Veiligheidshuis"
        )
    }
    for name, raw in stored.items():
        digest = hashlib.sha256(raw).hexdigest()
        row = by_hash.get(digest)
        if row is None:
            problems.append(f"{name}: answered 250 but not stored")
            continue
        if bytes(row.raw) != raw:
            problems.append(f"{name}: stored bytes differ from those received")
        expected = next(case for case in cases() if case.name == name).reasons
        mail = row.mail
        if expected == frozenset():
            if mail.status != MailStatus.DRAFT_CREATED:
                problems.append(f"{name}: expected a draft, got {mail.status} {mail.reasons}")
        elif expected is not None and (
            mail.status != MailStatus.QUARANTINED or not expected & set(mail.reasons)
        ):
            problems.append(
                f"{name}: expected quarantine for one of {sorted(expected)}, got "
                f"{mail.status} {mail.reasons}"
            )
    assert not problems, "\n".join(problems)
    corpus_rows = InboundMail.objects.exclude(subject="Aanmelding Veiligheidshuis")
    assert corpus_rows.count() == len(stored)
    refused = {name for name, code in answered.items() if code != 250}
    assert refused == {c.name for c in cases() if c.code != 250}
