"""Person keys: keyed hashes (HMAC-SHA256) of a BSN, and of surname + first initial + birth date.

A plain hash of a BSN could be reversed by trying all ~90 million valid numbers; an HMAC cannot
without the secret. The secret is ``settings.ZVH_ACCESS_LOG_PERSON_KEY_SECRET``; without it, one
derived from ``SECRET_KEY`` is used (then rotating ``SECRET_KEY`` makes older entries unfindable
by person — production should set the dedicated secret). See docs/decisions/0003-access-log.md.
"""

import datetime as dt

from django.conf import settings
from django.utils.crypto import salted_hmac

from zvh.common.text import name_key

_SALT = "zvh.access_log.person_key"


def _key(material: str) -> str:
    secret = getattr(settings, "ZVH_ACCESS_LOG_PERSON_KEY_SECRET", "") or settings.SECRET_KEY
    return salted_hmac(_SALT, material, secret=secret, algorithm="sha256").hexdigest()


def bsn_key(bsn: str) -> str:
    return _key(f"bsn:{bsn.strip()}")


def name_birth_key(*, surname: str, given_names: str, date_of_birth: dt.date) -> str | None:
    """Surname with prefix, spelling-normalised; the first letter of the given names; the birth
    date. None when any of the three is missing."""
    surname_part = name_key(surname)
    initial = name_key(given_names)[:1]
    if not surname_part or not initial:
        return None
    return _key(f"name:{surname_part}:{initial}:{date_of_birth.isoformat()}")


def person_keys(
    *, bsn: str = "", surname: str = "", given_names: str = "", date_of_birth: dt.date | None = None
) -> frozenset[str]:
    """Every key a person can be found by: the BSN key when a BSN is known, the name-and-birth
    key when surname, given names and birth date are."""
    keys = set()
    if bsn.strip():
        keys.add(bsn_key(bsn))
    if date_of_birth is not None:
        key = name_birth_key(surname=surname, given_names=given_names, date_of_birth=date_of_birth)
        if key:
            keys.add(key)
    return frozenset(keys)
