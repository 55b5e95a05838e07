"""Reads of registrations. Visibility is decided here, once; every view starts from it."""

from django.db.models import QuerySet

from zvh.accounts.roles import STAFF_ROLES, RoleCode

from .models import Registration
from .status import Status


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Registrants see their own organisation's registrations; Veiligheidshuis staff who work on
    cases (screeners, procesregisseurs) see their own Veiligheidshuis's submitted registrations;
    everyone else (managers, functional administrators, privacy officers) sees none.

    Drafts are visible to their own organisation only, never to the meldpunt.
    """
    if not user.is_authenticated or not user.is_active:
        return Registration.objects.none()
    roles = user.role_codes
    visible = Registration.objects.none()
    if RoleCode.REGISTRANT in roles and user.organisation_id is not None:
        visible = visible | Registration.objects.filter(
            registrant_organisation_id=user.organisation_id
        )
    case_roles = {RoleCode.SCREENER, RoleCode.PROCESREGISSEUR} & roles & STAFF_ROLES
    vh = user.veiligheidshuis
    if case_roles and vh is not None:
        visible = visible | Registration.objects.filter(veiligheidshuis=vh).exclude(
            status=Status.DRAFT
        )
    return visible


def registrations_for_registrant(user) -> QuerySet[Registration]:
    """What a registrant may open: their own organisation's registrations, drafts included."""
    if not user.is_authenticated or RoleCode.REGISTRANT not in user.role_codes:
        return Registration.objects.none()
    return Registration.objects.filter(registrant_organisation_id=user.organisation_id)


def registrations_for_meldpunt(user) -> QuerySet[Registration]:
    """What a screener may open: the submitted registrations of their own Veiligheidshuis."""
    vh = user.veiligheidshuis if user.is_authenticated else None
    if vh is None or RoleCode.SCREENER not in user.role_codes:
        return Registration.objects.none()
    return Registration.objects.filter(veiligheidshuis=vh).exclude(status=Status.DRAFT)
