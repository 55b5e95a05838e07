"""What a registration needs before it can be submitted.

A draft may be incomplete; submission is refused until every rule here holds. Errors are keyed
by field: registration fields by name, persons and involved partners by their position, e.g.
``persons.0.surname`` or ``partners.1.contact_name``.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zvh.common.bsn import is_valid_bsn
from zvh.network.selectors import target_groups_for_municipality

from .models import InvolvedPartner, Person, Registration, Relation, Urgency

Errors = dict[str, list[str]]


def _person_errors(person: Person, index: int, *, today: date, errors: Errors) -> None:
    """Every person: relation, given names and surname. The main person also: date of birth and
    municipality. A date of birth is never in the future; a BSN passes the elfproef."""
    key = f"persons.{index}."
    if not person.is_main and not person.relation:
        errors[key + "relation"].append(
            _("Choose how this person relates to the registered person.")
        )
    if not person.given_names.strip():
        errors[key + "given_names"].append(_("Fill in the given names."))
    if not person.surname.strip():
        errors[key + "surname"].append(_("Fill in the surname."))
    if person.date_of_birth is None:
        if person.is_main:
            errors[key + "date_of_birth"].append(_("Fill in the date of birth."))
    elif person.date_of_birth > today:
        errors[key + "date_of_birth"].append(_("A date of birth cannot be in the future."))
    if person.bsn and not is_valid_bsn(person.bsn):
        errors[key + "bsn"].append(
            _("This is not a valid BSN: it must have 9 digits and pass the elfproef.")
        )
    if person.is_main and person.municipality_id is None:
        errors[key + "municipality"].append(_("Choose the municipality where this person lives."))


def _persons_errors(persons: list[Person], *, today: date, errors: Errors) -> None:
    """Exactly one main person, first; no BSN twice."""
    if not persons or not persons[0].is_main:
        errors["persons"].append(_("Fill in the registered person."))
    seen: set[str] = set()
    for index, person in enumerate(persons):
        _person_errors(person, index, today=today, errors=errors)
        if person.bsn and person.bsn in seen:
            errors[f"persons.{index}.bsn"].append(_("Two persons have the same BSN."))
        seen.add(person.bsn)


def _scope_errors(registration: Registration, main: Person | None, errors: Errors) -> None:
    """The target group is one offered to residents of the main person's municipality (required
    if any is offered); life domains are the Veiligheidshuis's own, at least one."""
    if main is not None and main.municipality is not None:
        offered = target_groups_for_municipality(municipality=main.municipality)
        if registration.target_group_id is None:
            if offered.exists():
                errors["target_group"].append(_("Choose a target group."))
        elif not offered.filter(pk=registration.target_group_id).exists():
            errors["target_group"].append(
                _("This target group is not offered to residents of %(municipality)s.")
                % {"municipality": main.municipality.name}
            )
    domains = list(registration.life_domains.all())
    if registration.veiligheidshuis.life_domains.exists() and not domains:
        errors["life_domains"].append(_("Choose at least one life domain."))
    if any(d.veiligheidshuis_id != registration.veiligheidshuis_id for d in domains):
        errors["life_domains"].append(_("Choose the life domains of this Veiligheidshuis."))


def _informing_errors(registration: Registration, *, today: date, errors: Errors) -> None:
    """Informed: when (not in the future) and how. Not informed: a weighty reason and an
    explanation."""
    if registration.client_informed is None:
        errors["client_informed"].append(
            _("Say whether the client has been informed of the registration.")
        )
    elif registration.client_informed:
        if registration.client_informed_on is None:
            errors["client_informed_on"].append(
                _("Fill in the date on which the client was informed.")
            )
        elif registration.client_informed_on > today:
            errors["client_informed_on"].append(_("This date cannot be in the future."))
        if not registration.client_informed_how.strip():
            errors["client_informed_how"].append(_("Fill in how the client was informed."))
    else:
        if not registration.not_informed_reason:
            errors["not_informed_reason"].append(_("Choose why the client has not been informed."))
        if not registration.not_informed_explanation.strip():
            errors["not_informed_explanation"].append(
                _("Explain why the client has not been informed.")
            )


def _partner_errors(partners: list[InvolvedPartner], errors: Errors) -> None:
    for index, partner in enumerate(partners):
        if not partner.organisation_name.strip():
            errors[f"partners.{index}.organisation_name"].append(
                _("Fill in the name of the organisation.")
            )
        if not partner.contact_name.strip():
            errors[f"partners.{index}.contact_name"].append(
                _("Fill in the contact person at this organisation.")
            )


def completeness_errors(registration: Registration, *, today: date) -> Errors:
    """Everything still missing or wrong, by field (empty when the registration is complete).

    Besides the persons, scope and informing rules above: a reason and a description of the
    situation; urgency, with an explanation when urgent; the registrant's name and a phone number
    or e-mail address (``_contact_errors``); every involved partner named, with a contact person.
    """
    errors: Errors = defaultdict(list)
    persons = list(registration.persons.select_related("municipality").order_by("position"))
    _persons_errors(persons, today=today, errors=errors)
    main = persons[0] if persons and persons[0].relation == Relation.MAIN else None
    _scope_errors(registration, main, errors)
    if not registration.reason.strip():
        errors["reason"].append(_("Describe the reason for the registration."))
    if not registration.situation.strip():
        errors["situation"].append(_("Describe the situation."))
    if registration.urgency not in Urgency.values:
        errors["urgency"].append(_("Choose the urgency."))
    elif registration.urgency == Urgency.URGENT and not registration.urgency_explanation.strip():
        errors["urgency_explanation"].append(_("Explain why the registration is urgent."))
    _informing_errors(registration, today=today, errors=errors)
    _partner_errors(list(registration.involved_partners.order_by("pk")), errors)
    _contact_errors(registration, errors)
    return dict(errors)


def _contact_errors(registration: Registration, errors: Errors) -> None:
    """The registrant's name, and a phone number or e-mail address. The messages address who
    fills in the form: the registrant their own details; the meldpunt, recording a phone call
    or an e-mail on a partner's behalf, those of the partner's contact person."""
    on_behalf = registration.on_behalf
    if not registration.contact_name.strip():
        errors["contact_name"].append(
            _("Fill in the name of the contact person at the partner.")
            if on_behalf
            else _("Fill in your name.")
        )
    if not registration.contact_phone.strip() and not registration.contact_email.strip():
        errors["contact_email"].append(
            _(
                "Fill in a phone number or an e-mail address where the meldpunt can reach the "
                "contact person at the partner."
            )
            if on_behalf
            else _("Fill in a phone number or an e-mail address where the meldpunt can reach you.")
        )


def ensure_complete(registration: Registration, *, today: date) -> None:
    """Raise ``ValidationError`` with every missing or wrong field when incomplete."""
    errors = completeness_errors(registration, today=today)
    if errors:
        raise ValidationError(errors)
