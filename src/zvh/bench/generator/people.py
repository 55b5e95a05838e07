"""Synthetic persons: new ones, and people registered before (same BSN, or the same name and
birth date spelled a little differently)."""

import datetime as dt
import random
from dataclasses import dataclass

from zvh.access_log.values import LoggedPerson
from zvh.common.bsn import generate_bsn
from zvh.common.text import name_key

from .. import names
from .plan import KNOWN_BEFORE_SHARE


@dataclass(frozen=True, slots=True)
class Identity:
    bsn: str
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: dt.date | None


def split_surname(full: str) -> tuple[str, str]:
    """'van den Berg' -> ('van den', 'Berg')."""
    words = full.split()
    prefix = [w for w in words[:-1] if w.islower()]
    return " ".join(prefix), " ".join(words[len(prefix) :])


class People:
    """Draws persons; remembers each house's main persons so later registrations can be about
    someone known before. BSNs are unique per identity."""

    def __init__(self, *, rng: random.Random) -> None:
        self.rng = rng
        self._used_bsns: set[str] = set()
        self._known: dict[int, list[Identity]] = {}

    def bsn(self) -> str:
        while True:
            value = generate_bsn(self.rng)
            if value not in self._used_bsns:
                self._used_bsns.add(value)
                return value

    def new(self, *, born_after: int, born_before: int, with_bsn: float, with_birth: float):
        rng = self.rng
        prefix, surname = split_surname(rng.choice(names.SURNAMES))
        birth = None
        if rng.random() < with_birth:
            birth = dt.date(
                rng.randint(born_after, born_before), rng.randint(1, 12), rng.randint(1, 28)
            )
        return Identity(
            bsn=self.bsn() if rng.random() < with_bsn else "",
            given_names=rng.choice(names.GIVEN_NAMES),
            surname_prefix=prefix,
            surname=surname,
            date_of_birth=birth,
        )

    def main_person(self, *, house_id: int, year: int) -> tuple[Identity, bool]:
        """The registered person and whether they were registered in this house before."""
        rng = self.rng
        pool = self._known.setdefault(house_id, [])
        if pool and rng.random() < KNOWN_BEFORE_SHARE:
            earlier = rng.choice(pool)
            if earlier.bsn and rng.random() < 0.6:
                return earlier, True
            full = f"{earlier.surname_prefix} {earlier.surname}".strip()
            prefix, surname = split_surname(names.SURNAME_VARIANTS.get(full, full))
            return (
                Identity(
                    bsn="",
                    given_names=earlier.given_names,
                    surname_prefix=prefix,
                    surname=surname,
                    date_of_birth=earlier.date_of_birth,
                ),
                True,
            )
        identity = self.new(
            born_after=year - 70, born_before=year - 14, with_bsn=0.85, with_birth=1
        )
        pool.append(identity)
        return identity, False


def keys_of(identity: Identity) -> frozenset[str]:
    """The access log's person keys, computed as ``zvh.access_log`` computes them."""
    return LoggedPerson(
        bsn=identity.bsn,
        surname=f"{identity.surname_prefix} {identity.surname}".strip(),
        given_names=identity.given_names,
        date_of_birth=identity.date_of_birth,
    ).keys


def person_row_values(identity: Identity) -> tuple[str, str]:
    """surname_key and given_key as ``Person.save`` stores them."""
    return name_key(f"{identity.surname_prefix}{identity.surname}"), name_key(identity.given_names)
