"""Reads of the e-mail intake: which Veiligheidshuis an address is, who a sender is, and what a
screener may see."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from zvh.accounts.models import User
from zvh.accounts.permissions import staff_veiligheidshuis_id
from zvh.accounts.roles import RoleCode
from zvh.network.enums import OrganisationKind
from zvh.network.models import Organisation, Veiligheidshuis
from zvh.registrations.models import Registration

from .enums import MailStatus, QuarantineReason
from .models import InboundMail


def veiligheidshuizen_for_addresses(addresses: list[str]) -> list[Veiligheidshuis]:
    """The Veiligheidshuizen whose meldpunt address is one of ``addresses`` (case-insensitive),
    each once, in the order of the addresses."""
    wanted = [address.strip().lower() for address in addresses if address]
    if not wanted:
        return []
    houses = {
        vh.meldpunt_email.strip().lower(): vh
        for vh in Veiligheidshuis.objects.all()
        if vh.meldpunt_email.strip().lower() in wanted
    }
    result: dict[int, Veiligheidshuis] = {}
    for address in wanted:
        vh = houses.get(address)
        if vh is not None:
            result.setdefault(vh.pk, vh)
    return list(result.values())


def is_meldpunt_address(address: str) -> bool:
    return bool(veiligheidshuizen_for_addresses([address]))


@dataclass(frozen=True, slots=True, kw_only=True)
class SenderCheck:
    """Who sent a mail, as far as the intake may trust it: ``user`` is set only when the sender
    is recognised (then ``reason`` is None)."""

    user: User | None
    reason: QuarantineReason | None


def partner_registrants(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[User]:
    """Active registrants of partner organisations (not a Veiligheidshuis's own staff) in the
    network of ``veiligheidshuis``."""
    return (
        User.objects.filter(
            is_active=True,
            roles__code=RoleCode.REGISTRANT,
            organisation__memberships__veiligheidshuis=veiligheidshuis,
        )
        .exclude(organisation__kind=OrganisationKind.VEILIGHEIDSHUIS)
        .select_related("organisation")
        .distinct()
    )


def sender_check(
    *, veiligheidshuis: Veiligheidshuis, header_from: str, envelope_from: str, authenticated: bool
) -> SenderCheck:
    """The known-sender rule: the From address and the envelope sender are the same address
    (case-insensitive), the mail server in front confirmed the domain (``authenticated``), and
    exactly one active registrant of a partner in the Veiligheidshuis's network has that e-mail
    address."""
    if not header_from:
        return SenderCheck(user=None, reason=QuarantineReason.MISSING_FROM)
    if header_from.strip().lower() != (envelope_from or "").strip().lower():
        return SenderCheck(user=None, reason=QuarantineReason.SENDER_MISMATCH)
    if not authenticated:
        return SenderCheck(user=None, reason=QuarantineReason.NOT_AUTHENTICATED)
    users = list(
        partner_registrants(veiligheidshuis=veiligheidshuis).filter(
            email__iexact=header_from.strip()
        )[:2]
    )
    if not users:
        return SenderCheck(user=None, reason=QuarantineReason.UNKNOWN_SENDER)
    if len(users) > 1:
        return SenderCheck(user=None, reason=QuarantineReason.AMBIGUOUS_SENDER)
    return SenderCheck(user=users[0], reason=None)


def registrant_for_address(*, organisation: Organisation, address: str) -> User | None:
    """The one active registrant of ``organisation`` with this e-mail address, or None."""
    if not address:
        return None
    users = list(
        User.objects.filter(
            is_active=True,
            roles__code=RoleCode.REGISTRANT,
            organisation=organisation,
            email__iexact=address.strip(),
        ).distinct()[:2]
    )
    return users[0] if len(users) == 1 else None


def network_partners(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[Organisation]:
    """The partner organisations in the network of ``veiligheidshuis``, by name."""
    return (
        Organisation.objects.filter(memberships__veiligheidshuis=veiligheidshuis)
        .exclude(kind=OrganisationKind.VEILIGHEIDSHUIS)
        .order_by("name")
        .distinct()
    )


# --- what a screener sees ---------------------------------------------------------------------


def inbound_mails_visible_to(user: Any) -> QuerySet[InboundMail]:
    """Screeners see the mails of their own Veiligheidshuis; everyone else sees none. Every
    intake page starts here."""
    vh_id = staff_veiligheidshuis_id(user, RoleCode.SCREENER)
    if vh_id is None:
        return InboundMail.objects.none()
    return InboundMail.objects.filter(veiligheidshuis_id=vh_id)


def inbound_mail_list(*, user: Any, status: str | None) -> QuerySet[InboundMail]:
    """The list page: newest first, with the attachment count, the recognised sender and the
    registration in the same query. ``status`` None: every mail."""
    mails = inbound_mails_visible_to(user)
    if status:
        mails = mails.filter(status=status)
    return (
        mails.select_related("sender__organisation", "registration", "decided_by")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-received_at", "-pk")
    )


def quarantine_count(user: Any) -> int:
    """How many mails wait in the user's quarantine (0 for anyone but a screener)."""
    return inbound_mails_visible_to(user).filter(status=MailStatus.QUARANTINED).count()


def inbound_mails_of_registration(*, registration: Registration) -> QuerySet[InboundMail]:
    """The mail(s) a registration was made of (for a link from the registration's page; the
    caller has already checked that the user may see the registration)."""
    return registration.inbound_mails.filter(purged_at__isnull=True).order_by("received_at")
