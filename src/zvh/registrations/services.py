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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.common.bsn import is_valid_bsn
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline
from zvh.network.enums import IntakeChannel
from zvh.network.models import (
    LifeDomain,
    Municipality,
    Organisation,
    TargetGroup,
    Veiligheidshuis,
)
from zvh.network.selectors import veiligheidshuis_serving
from zvh.notifications.services import notify_registration_received
from zvh.registrations.workflow import transition

from .access import log_access, log_registration
from .completeness import ensure_complete
from .models import ON_BEHALF_CHANNELS, Channel, InvolvedPartner, Person, Registration, Relation
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


#: The history's "why" of a submission, by channel (English msgids, translated when shown): the
#: history row names the screener who submitted, the registration the partner organisation.
SUBMITTED_WHY: Mapping[str, str] = {
    Channel.WEB_FORM: gettext_noop("submitted"),
    Channel.API: gettext_noop("submitted"),
    Channel.PHONE: gettext_noop("registered by phone by the meldpunt on behalf of the partner"),
    Channel.EMAIL: gettext_noop(
        "received by e-mail; completed by the meldpunt on behalf of the partner"
    ),
}


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


def is_screener_of(user: User | None, veiligheidshuis_id: int | None) -> bool:
    """Whether ``user`` is an active screener (meldpunt) of that Veiligheidshuis."""
    if user is None or not user.is_active or RoleCode.SCREENER not in user.role_codes:
        return False
    vh = user.veiligheidshuis
    return vh is not None and vh.pk == veiligheidshuis_id


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
        if not is_screener_of(by, registration.veiligheidshuis_id):
            raise PermissionDenied(
                _("Only the meldpunt of this Veiligheidshuis may change this registration.")
            )
    else:
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
    client_address: str = "",
) -> Registration:
    """Start a draft for a person living in ``municipality``, at the Veiligheidshuis serving it
    (see ``intake_veiligheidshuis``).

    ``token`` is the hidden ``submission_token`` of the form: starting again with the same token
    (a double click, a retried request, back-and-resubmit) returns the same draft instead of a
    second one. The registrant's contact details are filled in from their account. The creation
    is logged (C, purpose registration) in the same transaction; ``client_address`` gives the
    entry its client address.

    Only a partner's own channels (web form, API): what reaches the meldpunt by phone or e-mail
    is recorded with ``registration_start_on_behalf``.
    """
    if channel in ON_BEHALF_CHANNELS:
        raise ValueError("A phone call or e-mail is recorded with registration_start_on_behalf.")
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
                client_address=client_address,
            )
    except IntegrityError:
        if token is None:
            raise
        # The same token arrived twice at once; the other request created the draft.
        return _same_registrant(Registration.objects.get(submission_token=token), registrant)
    log.info("registration_started", registration_id=registration.pk, veiligheidshuis=vh.code)
    return registration


def ensure_partner_of(*, organisation: Organisation, veiligheidshuis: Veiligheidshuis) -> None:
    """Only an organisation that joined the Veiligheidshuis's network (its covenant) registers
    there."""
    if not organisation.memberships.filter(veiligheidshuis=veiligheidshuis).exists():
        message = _(
            "%(organisation)s is not a partner in the network of %(vh)s. Only partners that "
            "joined its covenant can register there."
        ) % {"organisation": organisation.name, "vh": veiligheidshuis.name}
        raise ValidationError({"organisation": ValidationError(message, code="not_a_partner")})


def _check_partner_user(registrant: User, organisation: Organisation) -> None:
    if (
        not registrant.is_active
        or RoleCode.REGISTRANT not in registrant.role_codes
        or registrant.organisation_id != organisation.pk
    ):
        message = _(
            "This person is not a registrant of %(organisation)s. Choose one of its "
            "registrants, or leave the contact without an account."
        ) % {"organisation": organisation.name}
        raise ValidationError({"registrant": ValidationError(message, code="not_a_registrant")})


def registration_start_on_behalf(
    *,
    recorded_by: User | None,
    veiligheidshuis: Veiligheidshuis,
    organisation: Organisation,
    registrant: User | None,
    channel: str,
    received_at: datetime,
    client_address: str = "",
    token: uuid.UUID | None = None,
) -> Registration:
    """Start a draft the meldpunt records on a partner's behalf: a phone call to the meldpunt
    (channel phone) or an e-mail to it (channel e-mail).

    - ``recorded_by`` is the screener who records it, a screener of ``veiligheidshuis``; None
      means the e-mail intake listener (the system), for the e-mail channel only.
    - ``organisation`` must be a partner in ``veiligheidshuis``'s network; ``registrant``, when
      the partner's contact has an account, an active registrant of that organisation (their
      contact details are filled in from it), else None.
    - ``received_at`` (aware, not in the future) is the moment of the call or the mail: the
      reply term runs from it, whenever the draft is submitted.
    - The Veiligheidshuis is given, not derived: the main person's municipality is chosen
      later, and must be one it serves (see ``draft_veiligheidshuis``).

    Only a screener of the Veiligheidshuis edits and submits the draft (``ensure_editable``);
    the partner sees it once submitted. The creation is logged (C, purpose registration) in the
    same transaction, by the screener (or by no user: the system). ``token`` (the form's hidden
    token) makes a double click return the same draft, as in ``registration_start``.
    """
    if channel not in ON_BEHALF_CHANNELS:
        raise ValidationError(
            {
                "channel": ValidationError(
                    _("The meldpunt records only phone calls and e-mails this way."),
                    code="channel_not_on_behalf",
                )
            }
        )
    if recorded_by is None and channel != Channel.EMAIL:
        raise PermissionDenied(_("A phone call is recorded by a screener of the meldpunt."))
    if recorded_by is not None and not is_screener_of(recorded_by, veiligheidshuis.pk):
        raise PermissionDenied(_("Only the meldpunt of this Veiligheidshuis may do this."))
    if timezone.is_naive(received_at):
        raise ValueError("received_at must be timezone-aware.")
    if received_at > timezone.now():
        raise ValidationError(
            {
                "received_at": ValidationError(
                    _("The moment of receipt cannot be in the future."),
                    code="received_in_future",
                )
            }
        )
    if token is not None:
        existing = Registration.objects.filter(submission_token=token).first()
        if existing is not None:
            return _same_meldpunt(existing, veiligheidshuis)
    ensure_partner_of(organisation=organisation, veiligheidshuis=veiligheidshuis)
    if registrant is not None:
        _check_partner_user(registrant, organisation)
    try:
        registration = _create_on_behalf(
            recorded_by=recorded_by,
            veiligheidshuis=veiligheidshuis,
            organisation=organisation,
            registrant=registrant,
            channel=channel,
            received_at=received_at,
            client_address=client_address,
            token=token,
        )
    except IntegrityError:
        if token is None:
            raise
        # The same token arrived twice at once; the other request created the draft.
        existing = Registration.objects.get(submission_token=token)
        return _same_meldpunt(existing, veiligheidshuis)
    log.info(
        "registration_started_on_behalf",
        registration_id=registration.pk,
        veiligheidshuis=veiligheidshuis.code,
        channel=channel,
        by_system=recorded_by is None,
    )
    return registration


def _same_meldpunt(registration: Registration, veiligheidshuis: Veiligheidshuis) -> Registration:
    if not registration.on_behalf or registration.veiligheidshuis_id != veiligheidshuis.pk:
        raise PermissionDenied
    return registration


def _create_on_behalf(
    *,
    recorded_by: User | None,
    veiligheidshuis: Veiligheidshuis,
    organisation: Organisation,
    registrant: User | None,
    channel: str,
    received_at: datetime,
    client_address: str,
    token: uuid.UUID | None,
) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.create(
            veiligheidshuis=veiligheidshuis,
            submission_token=token,
            channel=channel,
            registrant=registrant,
            registrant_organisation=organisation,
            recorded_by=recorded_by,
            received_at=received_at,
            contact_name=registrant.get_full_name() if registrant else "",
            contact_phone=registrant.phone if registrant else "",
            contact_email=registrant.email if registrant else "",
        )
        main = Person.objects.create(registration=registration, position=0, relation=Relation.MAIN)
        log_access(
            user=recorded_by,
            registrations=[registration],
            persons=[main],
            event_type=EventType.CREATE,
            purpose=Purpose.REGISTRATION,
            client_address=client_address,
        )
    return registration


def _same_registrant(registration: Registration, registrant: User) -> Registration:
    if (
        registration.on_behalf
        or registration.registrant_organisation_id != registrant.organisation_id
    ):
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


def draft_veiligheidshuis(
    *, registration: Registration, municipality: Municipality
) -> Veiligheidshuis:
    """The Veiligheidshuis a draft goes to when its main person lives in ``municipality``.

    - A partner's own draft (web form, API) goes to the Veiligheidshuis serving the
      municipality, if it takes registrations through that channel (``intake_veiligheidshuis``).
    - A draft the meldpunt records on a partner's behalf (phone, e-mail) stays with the
      Veiligheidshuis that received it, which must serve the municipality. Its intake channels
      do not apply: the meldpunt took the call or the mail itself, so a phone registration is
      accepted also where the web form is not offered, and an e-mail also where e-mail is not
      the advertised channel (refusing it would lose what was received).
    """
    if not registration.on_behalf:
        return intake_veiligheidshuis(municipality=municipality, channel=registration.channel)
    vh = registration.veiligheidshuis
    serving = veiligheidshuis_serving(municipality=municipality)
    if serving.pk != vh.pk:
        raise ValidationError(
            _(
                "%(municipality)s is served by %(other)s, not by %(vh)s. Ask the partner to "
                "register this person there."
            )
            % {"municipality": municipality.name, "other": serving.name, "vh": vh.name},
            code="served_elsewhere",
        )
    return vh


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
            client_address=client_address,
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
    client_address: str = "",
) -> Registration:
    """Submit a complete draft.

    The row is locked; an incomplete draft is refused with ``ValidationError`` (messages per
    field, see ``completeness``). The Veiligheidshuis must still serve the main person's
    municipality through the registration's channel (``draft_veiligheidshuis``). The reference
    is allocated under a row lock on the Veiligheidshuis's counter (gapless and unique per
    Veiligheidshuis). The deadline runs from receipt: the moment of receipt is the one the
    draft already holds (a phone call or e-mail the meldpunt recorded) or else ``now``, and the
    reply deadline is that plus the reply term, both stored. The status moves DRAFT → RECEIVED
    through the workflow (the history says when the meldpunt registered on a partner's behalf),
    and the registrant (the contact's e-mail address on the form) is told once the transaction
    commits, and so is the meldpunt unless it recorded the registration itself
    (``notify_registration_received``). A screener who completes an e-mail the intake listener
    drafted is recorded as the one who recorded it.

    Submitting a registration that was already submitted returns it unchanged: no second
    reference, no second mail, no log entry. A submission is logged as the creation of the
    registration at the meldpunt (C, purpose registration) in the same transaction.
    """
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("veiligheidshuis")
            .filter(pk=registration.pk)
            .first()
        )
        if locked is None:  # the meldpunt discarded the draft in the meantime
            raise ValidationError(_("This draft has already been deleted."), code="gone")
        if locked.status != Status.DRAFT:
            return locked
        ensure_editable(locked, by)
        ensure_complete(locked, today=now.astimezone(LOCAL_TZ).date())
        main = locked.persons.select_related("municipality").get(relation=Relation.MAIN)
        try:
            vh = draft_veiligheidshuis(registration=locked, municipality=main.municipality)
        except ValidationError as error:
            raise ValidationError({"persons.0.municipality": error.messages}) from error
        if vh.pk != locked.veiligheidshuis_id:
            raise ValidationError(
                {"persons.0.municipality": _("Save the registration again before submitting.")}
            )
        _clear_unused_answers(locked)
        locked.reference = reference_allocate(
            veiligheidshuis=vh, year=now.astimezone(LOCAL_TZ).year
        )
        received_at = locked.received_at or now
        locked.received_at = received_at
        locked.deadline_at = reply_deadline(vh.reply_term, received_at=received_at)
        if locked.on_behalf and locked.recorded_by_id is None:
            locked.recorded_by = by
        locked.save()
        submitted = transition(
            registration=locked,
            to=Status.RECEIVED,
            by=by,
            at=now,
            why=SUBMITTED_WHY.get(locked.channel, SUBMITTED_WHY[Channel.WEB_FORM]),
            expected_from=Status.DRAFT,
        )
        notify_registration_received(registration=submitted)
        log_registration(
            user=by,
            registration=submitted,
            event_type=EventType.CREATE,
            purpose=Purpose.REGISTRATION,
            client_address=client_address,
        )
    log.info("registration_submitted", registration_id=submitted.pk, reference=submitted.reference)
    return submitted
