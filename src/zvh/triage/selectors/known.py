"""Already known persons: earlier registrations of the same persons at the same Veiligheidshuis."""

import difflib
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from zvh.common.text import name_key
from zvh.registrations.models import Person, Registration
from zvh.registrations.selectors import registrations_submitted_to

#: Dutch surname prefixes (tussenvoegsels), as whole words.
_PREFIX_WORDS = frozenset(
    {"van", "de", "den", "der", "het", "ten", "ter", "te", "in", "op", "t", "d"}
)
#: difflib ratio from which two surnames count as spelling variants (Jansen/Janssen: 0.92).
SIMILAR_RATIO = 0.8


def _surname_forms(person: Person) -> set[str]:
    """The surname with its prefix (as stored), and without any prefix, whether the prefix was
    entered in its own field or typed into the surname ("van den Berg")."""
    words = person.surname.replace("'", " ").split()
    while len(words) > 1 and name_key(words[0]) in _PREFIX_WORDS:
        words.pop(0)
    forms = {person.surname_key, name_key(person.surname), name_key("".join(words))}
    return {form for form in forms if form}


def _forms_match(forms_a: set[str], forms_b: set[str]) -> bool:
    if forms_a & forms_b:
        return True
    return any(
        difflib.SequenceMatcher(None, x, y).ratio() >= SIMILAR_RATIO
        for x in forms_a
        for y in forms_b
    )


def surnames_match(a: Person, b: Person) -> bool:
    """Spelling variants count: accents, case, spaces, prefixes (van, de, …) and small
    differences such as Jansen/Janssen or Bakker/Backer."""
    return _forms_match(_surname_forms(a), _surname_forms(b))


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownMatch:
    person: Person  # the person in the earlier registration
    by_bsn: bool

    @property
    def registration(self) -> Registration:
        return self.person.registration


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownPerson:
    person: Person
    matches: tuple[KnownMatch, ...]


#: What an "already known" match needs: the matching and the person's name (shown; logged with
#: the BSN and date of birth), the earlier registration's link, reference, date and status
#: (shown; logged with its Veiligheidshuis). Only these columns are read for the candidates.
_KNOWN_MATCH_FIELDS = (
    "registration",
    "given_names",
    "surname_prefix",
    "surname",
    "surname_key",
    "date_of_birth",
    "bsn",
    "registration__public_id",
    "registration__reference",
    "registration__veiligheidshuis",
    "registration__status",
    "registration__received_at",
)


def known_persons(*, registration: Registration) -> list[KnownPerson]:
    """For each person of the registration, the earlier registrations of the SAME
    Veiligheidshuis in which they appear: the same BSN, or the same date of birth and a surname
    that matches tolerant of spelling variants (a hint for the screener, so a name match is shown
    even when the BSNs differ). Drafts and other Veiligheidshuizen never count.

    For the meldpunt only: never show this to registrants. ``registration`` must come from
    ``registrations_for_meldpunt``; the earlier ones start from ``registrations_submitted_to``
    of its Veiligheidshuis, i.e. what that meldpunt may see.
    """
    persons = list(registration.persons.all())
    bsns = {p.bsn for p in persons if p.bsn}
    births: set[date] = {p.date_of_birth for p in persons if p.date_of_birth}
    if not (bsns or births):
        return [KnownPerson(person=p, matches=()) for p in persons]
    veiligheidshuis_id = registration.veiligheidshuis_id
    assert veiligheidshuis_id is not None, "every registration is created with a Veiligheidshuis"
    earlier = registrations_submitted_to(veiligheidshuis_id=veiligheidshuis_id)
    earlier = earlier.exclude(pk=registration.pk)
    if registration.received_at is not None:
        earlier = earlier.filter(received_at__lt=registration.received_at)
    candidates = list(
        Person.objects.filter(registration__in=earlier)
        .filter(Q(bsn__in=bsns) | Q(date_of_birth__in=births))
        .select_related("registration")
        .only(*_KNOWN_MATCH_FIELDS)
        .order_by("-registration__received_at", "pk")
    )
    forms: dict[int, set[str]] = {}

    def surname_forms(person: Person) -> set[str]:
        if person.pk not in forms:
            forms[person.pk] = _surname_forms(person)
        return forms[person.pk]

    result = []
    for person in persons:
        matches = []
        for candidate in candidates:
            if person.bsn and candidate.bsn == person.bsn:
                matches.append(KnownMatch(person=candidate, by_bsn=True))
            elif (
                person.date_of_birth
                and candidate.date_of_birth == person.date_of_birth
                and _forms_match(surname_forms(person), surname_forms(candidate))
            ):
                matches.append(KnownMatch(person=candidate, by_bsn=False))
        result.append(KnownPerson(person=person, matches=tuple(matches)))
    return result
