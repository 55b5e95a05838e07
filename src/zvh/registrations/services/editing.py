"""Who may change a draft, and saving what has been filled in so far (incomplete is fine)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_edit_draft, may_register
from zvh.common.bsn import is_valid_bsn
from zvh.network.models import (
    LifeDomain,
    Municipality,
)

from ..access import log_registration_change
from ..models import InvolvedPartner, Person, Registration, Relation
from ..status import Status
from .routing import draft_veiligheidshuis

log = structlog.get_logger(__name__)


#: The fields of a registration a draft save may change: about the case (in the order the forms
#: ask them) and the registrant's contact details.
CASE_FIELDS = (
    "target_group",
    "reason",
    "situation",
    "life_domains",
    "urgency",
    "urgency_explanation",
    "client_informed",
    "client_informed_on",
    "client_informed_how",
    "not_informed_reason",
    "not_informed_explanation",
)
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
DRAFT_FIELDS = frozenset({*CASE_FIELDS, *CONTACT_FIELDS})
PERSON_FIELDS = frozenset(
    {
        "relation",
        "given_names",
        "surname_prefix",
        "surname",
        "date_of_birth",
        "bsn",
        "street",
        "postal_code",
        "city",
        "municipality",
    }
)
PARTNER_FIELDS = frozenset(
    {"organisation_name", "contact_name", "contact_phone", "contact_email", "involvement"}
)
#: Fields stored as None when left empty (all other fields store "").
_NULLABLE_FIELDS = frozenset(
    {
        "target_group",
        "client_informed",
        "client_informed_on",
        "date_of_birth",
        "municipality",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonInput:
    """One person as a form sends it: ``id`` of an existing person (None for a new one) and the
    values of the fields that were valid; fields left out keep their stored value."""

    id: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnerInput:
    """One involved partner, like ``PersonInput``."""

    id: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


def ensure_registrant(user: User) -> None:
    """Only a registrant of a partner organisation registers (``may_register``)."""
    ensure(may_register(user), _("Only registrants of a partner organisation can register."))


def ensure_editable(registration: Registration, by: User) -> None:
    """Who may change a draft (one rule, for the form, submission and attachments alike), and
    only while it is a draft:

    - a partner's own draft (web form, API): a registrant of the registering organisation;
    - a draft the meldpunt records on a partner's behalf (phone call, e-mail; see
      ``registration_start_on_behalf``): a screener of the registration's Veiligheidshuis.

    A screener never edits a partner's own draft, and a partner never the meldpunt's (they see
    it among their organisation's registrations once it has been submitted).
    """
    if registration.on_behalf:
        ensure(
            may_edit_draft(by, registration),
            _("Only the meldpunt of this Veiligheidshuis may change this registration."),
        )
    else:
        ensure_registrant(by)
        ensure(may_edit_draft(by, registration))
    if registration.status != Status.DRAFT:
        raise ValidationError(
            _("This registration has been submitted; it can no longer be changed."),
            code="not_draft",
        )


def _clean_value(name: str, value: Any) -> Any:
    if value is None and name not in _NULLABLE_FIELDS:
        return ""
    return value


def _apply_values(instance: Any, values: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    for name, value in values.items():
        setattr(instance, name, _clean_value(name, value))


def _save_persons(
    registration: Registration, persons: Sequence[PersonInput]
) -> Municipality | None:
    """Replace the persons by ``persons``, in that order; the first is the main person.

    Returns the main person's municipality.
    """
    if not persons:
        raise ValidationError({"persons": _("Fill in the registered person.")})
    existing = {p.pk: p for p in registration.persons.all()}
    kept: set[int] = set()
    main_municipality = None
    for position, item in enumerate(persons):
        if item.id is not None and item.id not in existing:
            raise PermissionDenied
        person = existing[item.id] if item.id is not None else Person(registration=registration)
        _apply_values(person, item.values, PERSON_FIELDS)
        if person.bsn and not is_valid_bsn(person.bsn):
            raise ValidationError(
                {
                    f"persons.{position}.bsn": _(
                        "This is not a valid BSN: it must have 9 digits and pass the elfproef."
                    )
                }
            )
        if position == 0:
            person.relation = Relation.MAIN
            main_municipality = person.municipality
        elif person.relation == Relation.MAIN:
            person.relation = ""
        person.position = position
        person.save()
        kept.add(person.pk)
    registration.persons.exclude(pk__in=kept).delete()
    return main_municipality


def _save_partners(registration: Registration, partners: Sequence[PartnerInput]) -> None:
    """Replace the involved partners by ``partners`` (new ones after the existing ones)."""
    existing = {p.pk: p for p in registration.involved_partners.all()}
    kept: set[int] = set()
    for item in partners:
        if item.id is not None and item.id not in existing:
            raise PermissionDenied
        partner = (
            existing[item.id] if item.id is not None else InvolvedPartner(registration=registration)
        )
        _apply_values(partner, item.values, PARTNER_FIELDS)
        partner.save()
        kept.add(partner.pk)
    registration.involved_partners.exclude(pk__in=kept).delete()


def _move_to(registration: Registration, municipality: Municipality) -> None:
    """The main person's municipality decides the Veiligheidshuis; on a move to another one, the
    target group and life domains (the old one's own lists) are cleared."""
    try:
        vh = draft_veiligheidshuis(registration=registration, municipality=municipality)
    except ValidationError as error:
        raise ValidationError({"persons.0.municipality": error.messages}) from error
    if vh.pk != registration.veiligheidshuis_id:
        registration.veiligheidshuis = vh
        registration.target_group = None
        registration.life_domains.clear()


def registration_save_draft(
    *,
    registration: Registration,
    by: User,
    values: Mapping[str, Any],
    persons: Sequence[PersonInput] | None = None,
    partners: Sequence[PartnerInput] | None = None,
    client_address: str = "",
) -> Registration:
    """Save what has been filled in so far; an incomplete draft is fine.

    ``values`` holds the registration fields to change (see ``DRAFT_FIELDS``); fields left out
    keep their value. ``persons`` and ``partners``, when given, replace the stored ones in their
    order (the first person is the main person, whose municipality decides the
    Veiligheidshuis); None leaves them as they are. A target group must be one of the
    Veiligheidshuis's own, and life domains are limited to its list. Who may save is
    ``ensure_editable``, and only a draft. The change is logged (U, purpose registration,
    with the persons as saved) in the same transaction.
    """
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("veiligheidshuis")
            .get(pk=registration.pk)
        )
        ensure_editable(locked, by)
        values = dict(values)
        life_domains = values.pop("life_domains", None)
        _apply_values(locked, values, DRAFT_FIELDS)
        if persons is not None:
            municipality = _save_persons(locked, persons)
            if municipality is not None:
                _move_to(locked, municipality)
        if locked.target_group_id is not None and "target_group" in values:
            target_group = locked.target_group
            assert target_group is not None, "target_group_id is set"
            if target_group.veiligheidshuis_id != locked.veiligheidshuis_id:
                raise ValidationError(
                    {"target_group": _("Choose a target group of this Veiligheidshuis.")}
                )
        if life_domains is not None:
            veiligheidshuis_id = locked.veiligheidshuis_id
            assert veiligheidshuis_id is not None, "every registration is created with one"
            locked.life_domains.set(
                LifeDomain.objects.filter(
                    veiligheidshuis_id=veiligheidshuis_id,
                    pk__in=[d.pk for d in life_domains],
                )
            )
        if partners is not None:
            _save_partners(locked, partners)
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        log_registration_change(by=by, registration=locked, client_address=client_address)
    log.info("registration_draft_saved", registration_id=locked.pk)
    return locked
