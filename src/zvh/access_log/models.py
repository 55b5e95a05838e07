"""The access log (NEN 7513 / BIO 8.15.01): append-only, every entry hash-chained to the one before.

The database rejects UPDATE and DELETE on the entries and their subjects (triggers, migration
0002). Entries hold no foreign keys: users, organisations and registrations may later be removed
or anonymised, and a foreign key would then have to change or block that. Who acted is kept as an
id plus a snapshot of the name at the time.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.accounts.roles import RoleCode

from .enums import OBJECT_KINDS, Action, EventType, Outcome, Purpose

#: The "previous hash" of the first entry.
GENESIS_HASH = "0" * 64


class AccessLogChainHead(models.Model):
    """The one row saying where the chain ends. Appending locks it, so appends never fork."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="access_log_one_head")]

    def __str__(self) -> str:
        return f"{self.sequence}: {self.hash}"


class AccessLogCheckpoint(models.Model):
    """A retention purge's record: entries up to and including ``sequence`` may be (and then
    are) removed; ``hash`` is the hash that entry had. Verification starts from here instead of
    the genesis hash. Written before the purge deletes anything, in the same transaction; the
    database rejects changing or removing a checkpoint, and lets a DELETE of entries through only
    up to the highest checkpoint (``triggers.py``)."""

    sequence = models.PositiveBigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    #: How many entries this purge removed (those after the previous checkpoint).
    removed = models.PositiveBigIntegerField()
    #: The oldest time an entry may have to be kept: everything removed was older.
    cutoff = models.DateTimeField()

    class Meta:
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"checkpoint {self.sequence}: {self.hash}"


class AccessLogEntry(models.Model):
    """One access to personal data: who, when, what, about whom, why, from where, with what
    result. ``hash`` is SHA-256 over the canonical serialisation (``hashing.py``), which
    includes ``previous_hash``: the hash of the entry with the sequence number before."""

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.CharField(_("action"), max_length=1, choices=Action.choices)
    event_type = models.CharField(_("event"), max_length=10, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("time"))
    outcome = models.CharField(_("result"), max_length=10, choices=Outcome.choices)
    user_id = models.PositiveBigIntegerField(null=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    organisation_id = models.PositiveBigIntegerField(null=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    #: Whose privacy officer reviews this entry.
    veiligheidshuis_id = models.PositiveBigIntegerField(null=True)
    #: The acting user's role codes at the time, sorted, comma-separated.
    roles = models.CharField(_("roles"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    #: The objects concerned: ``[{"type": …, "id": …, "ref": …}, …]`` (references, no names).
    objects_concerned = models.JSONField(default=list)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["veiligheidshuis_id", "occurred_at"], name="access_log_vh_time"),
            models.Index(
                fields=["veiligheidshuis_id", "username", "occurred_at"], name="access_log_vh_user"
            ),
            models.Index(
                fields=["veiligheidshuis_id", "organisation_id", "occurred_at"],
                name="access_log_vh_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.event_id}"

    @property
    def object_labels(self) -> list[str]:
        """E.g. 'Registration MST-2026-00042' per object (the id when there is no reference)."""
        labels = []
        for obj in self.objects_concerned:
            kind = OBJECT_KINDS.get(obj.get("type"), obj.get("type"))
            labels.append(f"{kind} {obj.get('ref') or obj.get('id')}")
        return labels

    @property
    def role_labels(self) -> list[str]:
        labels = []
        for code in filter(None, self.roles.split(",")):
            try:
                labels.append(str(RoleCode(code).label))
            except ValueError:
                labels.append(code)
        return labels


class AccessLogSubject(models.Model):
    """A person an entry concerns, as a keyed hash (``keys.py``): the log holds no BSN or name,
    yet "every entry about this person" is one indexed lookup."""

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.PROTECT, related_name="subjects")
    person_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person_key", "entry"], name="access_log_subject_unique"
            )
        ]

    def __str__(self) -> str:
        return self.person_key
