"""What a caller hands the access log: the objects and persons an access concerns."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .keys import person_keys


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedObject:
    """An object concerned: its kind, a stable id and a human reference (never a name).

    ``veiligheidshuis_id`` decides whose privacy officer sees the entry; it is not part of the
    object as logged."""

    kind: str
    id: str
    reference: str = ""
    veiligheidshuis_id: int | None = None

    @classmethod
    def for_registration(cls, registration: Any) -> "LoggedObject":
        return cls(
            kind="registration",
            id=str(registration.public_id),
            reference=registration.reference or "",
            veiligheidshuis_id=registration.veiligheidshuis_id,
        )

    def as_json(self) -> dict[str, str]:
        return {"type": self.kind, "id": str(self.id), "ref": self.reference}


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedPerson:
    """A person concerned, as known to the caller. Only keyed hashes of it are stored."""

    bsn: str = ""
    surname: str = ""
    given_names: str = ""
    date_of_birth: dt.date | None = None

    @classmethod
    def of(cls, person: Any) -> "LoggedPerson":
        """From a ``registrations.Person`` (or anything with the same attributes)."""
        prefix = getattr(person, "surname_prefix", "") or ""
        return cls(
            bsn=person.bsn or "",
            surname=f"{prefix} {person.surname}".strip(),
            given_names=person.given_names or "",
            date_of_birth=person.date_of_birth,
        )

    @property
    def keys(self) -> frozenset[str]:
        return person_keys(
            bsn=self.bsn,
            surname=self.surname,
            given_names=self.given_names,
            date_of_birth=self.date_of_birth,
        )
