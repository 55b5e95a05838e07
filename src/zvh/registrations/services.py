"""Writes of registrations: start a draft, save it (incomplete is fine), submit it."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.common.bsn import is_valid_bsn
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline
from zvh.network.enums import IntakeChannel
from zvh.network.models import LifeDomain, Municipality, TargetGroup, Veiligheidshuis
from zvh.network.selectors import veiligheidshuis_serving
from zvh.notifications.services import notify_registration_received
from zvh.triage.workflow import transition

from .access import log_access, log_registration
from .completeness import ensure_complete
from .models import Channel, InvolvedPartner, Person, Registration, Relation
from .references import reference_allocate
from .status import Status

log = structlog.get_logger(__name__)

#: The fields of a registration a draft save may change.
DRAFT_FIELDS = frozenset(
    {
        "target_group",
        "reason",
        "situation",
        "life_domains",
        "urgency",
        "urgency_explanation",
        "contact_name",
        "contact_phone",
        "contact_email",
        "client_informed",
        "client_informed_on",
        "client_informed_how",
        "not_informed_reason",
        "not_informed_explanation",
    }
)
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


def intake_veiligheidshuis(*, municipality: Municipality, channel: str) -> Veiligheidshuis:
    """The Veiligheidshuis that serves the municipality, if it takes registrations through this
    channel.

    A municipality no Veiligheidshuis serves is refused; so is an intake channel (web form,
    e-mail) the Veiligheidshuis does not offer: the web form is offered only by a Veiligheidshuis
    whose ``intake_channels`` include it, and the refusal names the meldpunt's e-mail address.
    """
    vh = veiligheidshuis_serving(municipality=municipality)
    if channel in IntakeChannel.values and channel not in vh.intake_channels:
        if channel == IntakeChannel.WEB_FORM:
            message = _(
                "%(vh)s does not take registrations through this web form. Fill in its "
                "registration form and e-mail it to the meldpunt: %(email)s."
            )
        else:
            message = _(
                "%(vh)s does not take registrations this way. Contact the meldpunt: %(email)s."
            )
        raise ValidationError(
            message % {"vh": vh.name, "email": vh.meldpunt_email}, code="channel_not_offered"
        )
    return vh


def _ensure_registrant(user: User) -> None:
    if RoleCode.REGISTRANT not in user.role_codes or user.organisation_id is None:
        raise PermissionDenied(_("Only registrants of a partner organisation can register."))


def ensure_editable(registration: Registration, by: User) -> None:
    """Only the registering organisation edits, and only while it is a draft."""
    _ensure_registrant(by)
    if by.organisation_id != registration.registrant_organisation_id:
        raise PermissionDenied
    if registration.status != Status.DRAFT:
        raise ValidationError(
            _("This registration has been submitted; it can no longer be changed."),
            code="not_draft",
        )


def registration_start(
    *,
    registrant: User,
    municipality: Municipality,
    token: uuid.UUID | None,
    channel: str = Channel.WEB_FORM,
    http_request: HttpRequest | None = None,
) -> Registration:
    """Start a draft for a person living in ``municipality``, at the Veiligheidshuis serving it
    (see ``intake_veiligheidshuis``).

    ``token`` is the hidden ``submission_token`` of the form: starting again with the same token
    (a double click, a retried request, back-and-resubmit) returns the same draft instead of a
    second one. The registrant's contact details are filled in from their account. The creation
    is logged (C, purpose registration) in the same transaction; ``http_request`` gives the
    entry its client address.
    """
    _ensure_registrant(registrant)
    if token is not None:
        existing = Registration.objects.filter(submission_token=token).first()
        if existing is not None:
            return _same_registrant(existing, registrant)
    vh = intake_veiligheidshuis(municipality=municipality, channel=channel)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                veiligheidshuis=vh,
                channel=channel,
                submission_token=token,
                registrant=registrant,
                registrant_organisation_id=registrant.organisation_id,
                contact_name=registrant.get_full_name(),
                contact_phone=registrant.phone,
                contact_email=registrant.email,
            )
            main = Person.objects.create(
                registration=registration,
                position=0,
                relation=Relation.MAIN,
                municipality=municipality,
            )
            log_access(
                user=registrant,
                registrations=[registration],
                persons=[main],
                event_type=EventType.CREATE,
                purpose=Purpose.REGISTRATION,
                http_request=http_request,
            )
    except IntegrityError:
        if token is None:
            raise
        # The same token arrived twice at once; the other request created the draft.
        return _same_registrant(Registration.objects.get(submission_token=token), registrant)
    log.info("registration_started", registration_id=registration.pk, veiligheidshuis=vh.code)
    return registration


def _same_registrant(registration: Registration, registrant: User) -> Registration:
    if registration.registrant_organisation_id != registrant.organisation_id:
        raise PermissionDenied
    return registration


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
        vh = intake_veiligheidshuis(municipality=municipality, channel=registration.channel)
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
    http_request: HttpRequest | None = None,
) -> Registration:
    """Save what has been filled in so far; an incomplete draft is fine.

    ``values`` holds the registration fields to change (see ``DRAFT_FIELDS``); fields left out
    keep their value. ``persons`` and ``partners``, when given, replace the stored ones in their
    order (the first person is the main person, whose municipality decides the
    Veiligheidshuis); None leaves them as they are. A target group must be one of the
    Veiligheidshuis's own, and life domains are limited to its list. Only the registering
    organisation may save, and only a draft. The change is logged (U, purpose registration,
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
            target_group: TargetGroup = locked.target_group
            if target_group.veiligheidshuis_id != locked.veiligheidshuis_id:
                raise ValidationError(
                    {"target_group": _("Choose a target group of this Veiligheidshuis.")}
                )
        if life_domains is not None:
            locked.life_domains.set(
                LifeDomain.objects.filter(
                    veiligheidshuis_id=locked.veiligheidshuis_id,
                    pk__in=[d.pk for d in life_domains],
                )
            )
        if partners is not None:
            _save_partners(locked, partners)
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        log_registration(
            user=by,
            registration=locked,
            event_type=EventType.UPDATE,
            purpose=Purpose.REGISTRATION,
            http_request=http_request,
        )
    log.info("registration_draft_saved", registration_id=locked.pk)
    return locked


def _clear_unused_answers(registration: Registration) -> None:
    """On submission, drop the answers of the branch not taken (informed or not; urgent or not)
    that a draft kept so that switching back and forth lost nothing."""
    if registration.client_informed:
        registration.not_informed_reason = ""
        registration.not_informed_explanation = ""
    else:
        registration.client_informed_on = None
        registration.client_informed_how = ""
    if registration.urgency != "urgent":
        registration.urgency_explanation = ""


def registration_submit(
    *,
    registration: Registration,
    by: User,
    now: datetime,
    http_request: HttpRequest | None = None,
) -> Registration:
    """Submit a complete draft.

    The row is locked; an incomplete draft is refused with ``ValidationError`` (messages per
    field, see ``completeness``). The Veiligheidshuis must still serve the main person's
    municipality through the registration's channel. The reference is allocated under a row
    lock on the Veiligheidshuis's counter (gapless and unique per Veiligheidshuis); the moment
    of receipt is ``now`` and the reply deadline ``now`` plus the reply term, both stored. The
    status moves DRAFT → RECEIVED through the workflow, and the registrant and the meldpunt are
    told once the transaction commits.

    Submitting a registration that was already submitted returns it unchanged: no second
    reference, no second mail, no log entry. A submission is logged as the creation of the
    registration at the meldpunt (C, purpose registration) in the same transaction.
    """
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("veiligheidshuis")
            .get(pk=registration.pk)
        )
        if locked.status != Status.DRAFT:
            return locked
        ensure_editable(locked, by)
        ensure_complete(locked, today=now.astimezone(LOCAL_TZ).date())
        main = locked.persons.select_related("municipality").get(relation=Relation.MAIN)
        vh = intake_veiligheidshuis(municipality=main.municipality, channel=locked.channel)
        if vh.pk != locked.veiligheidshuis_id:
            raise ValidationError(
                {"persons.0.municipality": _("Save the registration again before submitting.")}
            )
        _clear_unused_answers(locked)
        locked.reference = reference_allocate(
            veiligheidshuis=vh, year=now.astimezone(LOCAL_TZ).year
        )
        locked.received_at = now
        locked.deadline_at = reply_deadline(vh.reply_term, received_at=now)
        locked.save()
        submitted = transition(
            registration=locked,
            to=Status.RECEIVED,
            by=by,
            at=now,
            why=gettext_noop("submitted"),
            expected_from=Status.DRAFT,
        )
        notify_registration_received(registration=submitted)
        log_registration(
            user=by,
            registration=submitted,
            event_type=EventType.CREATE,
            purpose=Purpose.REGISTRATION,
            http_request=http_request,
        )
    log.info("registration_submitted", registration_id=submitted.pk, reference=submitted.reference)
    return submitted
