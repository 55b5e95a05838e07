"""``manage.py verify_access_log`` finds an edited, a deleted and a reordered entry."""

import io

import pytest
from django.core.management import CommandError, call_command

from zvh.access_log.models import AccessLogEntry
from zvh.access_log.values import LoggedPerson
from zvh.access_log.verification import BreakKind, access_log_verify

from .helpers import raw, record, triggers_suspended

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(demo_users) -> list[AccessLogEntry]:
    """Five entries, the third about a person."""
    screener = demo_users["screener"]
    entries = [record(user=screener) for _ in range(2)]
    entries.append(record(user=screener, persons=(LoggedPerson(bsn="111222333"),)))
    entries += [record(user=screener) for _ in range(2)]
    return entries


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_access_log", "--chunk-size=2", stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue()


def test_an_untouched_chain_is_intact(chain):
    code, output = verify()
    assert code == 0
    assert f"{len(chain)} entries verified" in output


def test_an_edited_entry_is_found(chain):
    edited = chain[1]
    with triggers_suspended():
        raw(
            "UPDATE access_log_accesslogentry SET purpose = %s WHERE id = %s",
            ("administration", edited.pk),
        )
    code, output = verify()
    assert code == 1
    assert f"entry {edited.event_id} (sequence {edited.sequence})" in output
    assert "altered" in output
    assert access_log_verify().broken.kind == BreakKind.ALTERED


def test_an_edited_person_of_an_entry_is_found(chain):
    with triggers_suspended():
        raw("UPDATE access_log_accesslogsubject SET person_key = %s", ("0" * 64,))
    broken = access_log_verify().broken
    assert (broken.kind, broken.event_id) == (BreakKind.ALTERED, chain[2].event_id)


def test_an_edit_with_a_recomputed_hash_is_found_at_the_next_entry(chain):
    """Someone who edits an entry and recomputes its hash breaks the link to the next one."""
    from zvh.access_log.hashing import entry_hash

    edited = chain[1]
    edited.purpose = "administration"
    new_hash = entry_hash(edited, [])
    with triggers_suspended():
        raw(
            "UPDATE access_log_accesslogentry SET purpose = %s, hash = %s WHERE id = %s",
            ("administration", new_hash, edited.pk),
        )
    broken = access_log_verify().broken
    assert (broken.kind, broken.event_id) == (BreakKind.OUT_OF_PLACE, chain[2].event_id)


def test_a_deleted_entry_is_found(chain):
    deleted, following = chain[2], chain[3]
    with triggers_suspended():
        raw("DELETE FROM access_log_accesslogsubject WHERE entry_id = %s", (deleted.pk,))
        raw("DELETE FROM access_log_accesslogentry WHERE id = %s", (deleted.pk,))
    code, output = verify()
    assert code == 1
    assert f"entry {following.event_id} (sequence {following.sequence})" in output
    assert "missing" in output
    assert access_log_verify().broken.kind == BreakKind.MISSING


def test_a_deleted_last_entry_is_found_by_the_head(chain):
    with triggers_suspended():
        raw("DELETE FROM access_log_accesslogentry WHERE id = %s", (chain[-1].pk,))
    report = access_log_verify()
    assert report.broken.kind == BreakKind.HEAD
    assert report.checked == len(chain) - 1
    assert verify()[0] == 1


def test_a_reordered_pair_is_found(chain):
    first, second = chain[1], chain[2]
    with triggers_suspended():
        # Swap their places in the sequence (through a free number: sequence is unique).
        raw("UPDATE access_log_accesslogentry SET sequence = %s WHERE id = %s", (10_000, first.pk))
        raw(
            "UPDATE access_log_accesslogentry SET sequence = %s WHERE id = %s",
            (first.sequence, second.pk),
        )
        raw(
            "UPDATE access_log_accesslogentry SET sequence = %s WHERE id = %s",
            (second.sequence, first.pk),
        )
    code, output = verify()
    assert code == 1
    assert f"entry {second.event_id} (sequence {first.sequence})" in output
    assert "reordered" in output
    assert access_log_verify().broken.kind == BreakKind.OUT_OF_PLACE


def test_a_reordered_pair_with_swapped_timestamps_and_contents_is_found(chain):
    """Swapping everything but the sequence numbers moves the rows' contents: the hash of each
    no longer matches what precedes it."""
    first, second = chain[0], chain[1]
    with triggers_suspended():
        raw(
            "UPDATE access_log_accesslogentry SET previous_hash = %s WHERE id = %s", ("x", first.pk)
        )
        raw(
            "UPDATE access_log_accesslogentry SET previous_hash = %s, hash = %s WHERE id = %s",
            (first.previous_hash, "y", second.pk),
        )
    assert access_log_verify().broken is not None


def test_the_triggers_are_back_after_tampering(chain):
    with triggers_suspended():
        pass
    with pytest.raises(Exception, match="append-only"):
        raw("DELETE FROM access_log_accesslogentry")
