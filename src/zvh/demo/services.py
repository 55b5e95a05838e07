"""Loads the shipped configurations plus demo partners and one demo account per role."""

import datetime as dt
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.accounts.second_factor import totp_device_ensure
from zvh.accounts.services import user_upsert
from zvh.network.elsewhere import municipalities_elsewhere_load
from zvh.network.enums import OrganisationKind
from zvh.network.models import CovenantMembership, Organisation, Veiligheidshuis
from zvh.network.services import configurations_load_shipped

#: Development only, shown in the README. Override with ZVH_DEMO_PASSWORD.
DEFAULT_DEMO_PASSWORD = "zvh-demo-wachtwoord"  # noqa: S105
#: The demo accounts' TOTP secret (RFC 6238's test key; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ),
#: shown in the README so a newcomer can add it to an authenticator app. Development only.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    networks: tuple[str, ...] = ()
    staff_of: str | None = None


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One row of ``ACCOUNTS``; positional, so that each account reads as one line."""

    username: str
    first_name: str
    last_name: str
    organisation: str
    roles: tuple[RoleCode, ...]


ORGANISATIONS = (
    DemoOrganisation(
        name="Zorg- en Veiligheidshuis Maastricht",
        kind=OrganisationKind.VEILIGHEIDSHUIS,
        staff_of="MST",
    ),
    DemoOrganisation(
        name="Zorg- en Veiligheidshuis Westelijke Mijnstreek",
        kind=OrganisationKind.VEILIGHEIDSHUIS,
        staff_of="STD",
    ),
    DemoOrganisation(name="Politie (demo)", kind=OrganisationKind.POLICE, networks=("MST", "STD")),
    DemoOrganisation(
        name="Reclassering (demo)", kind=OrganisationKind.PROBATION, networks=("MST", "STD")
    ),
    DemoOrganisation(
        name="Gemeente Maastricht (demo)", kind=OrganisationKind.MUNICIPALITY, networks=("MST",)
    ),
    DemoOrganisation(
        name="Gemeente Sittard-Geleen (demo)",
        kind=OrganisationKind.MUNICIPALITY,
        networks=("STD",),
    ),
    DemoOrganisation(
        name="GGZ-instelling (demo)", kind=OrganisationKind.MENTAL_HEALTH, networks=("MST", "STD")
    ),
    DemoOrganisation(
        name="Woningcorporatie (demo)", kind=OrganisationKind.HOUSING, networks=("MST",)
    ),
)

MST_STAFF = "Zorg- en Veiligheidshuis Maastricht"
STD_STAFF = "Zorg- en Veiligheidshuis Westelijke Mijnstreek"
MST_MUNICIPALITY = "Gemeente Maastricht (demo)"
ACCOUNTS = (
    # username, first name, last name, organisation, roles
    DemoAccount("aanmelder", "Anna", "Aanmelder", "Politie (demo)", (RoleCode.REGISTRANT,)),
    DemoAccount("aanmelder-gemeente", "Gijs", "Gemeente", MST_MUNICIPALITY, (RoleCode.REGISTRANT,)),
    DemoAccount("screener", "Sanne", "Screener", MST_STAFF, (RoleCode.SCREENER,)),
    DemoAccount("screener-sittard", "Sem", "Screener", STD_STAFF, (RoleCode.SCREENER,)),
    DemoAccount("regisseur", "Rik", "Regisseur", MST_STAFF, (RoleCode.PROCESREGISSEUR,)),
    DemoAccount("manager", "Mila", "Manager", MST_STAFF, (RoleCode.MANAGER,)),
    DemoAccount("beheerder", "Bram", "Beheerder", MST_STAFF, (RoleCode.FUNCTIONAL_ADMIN,)),
    DemoAccount("privacy", "Pia", "Privacy", MST_STAFF, (RoleCode.PRIVACY_OFFICER,)),
)


def demo_load(*, password: str | None = None) -> list[User]:
    """Load (or refresh) everything a newcomer needs to try zvh. Safe to run again."""
    if not settings.ZVH_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo accounts are not allowed with these settings.")
    password = password or os.environ.get("ZVH_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
    with transaction.atomic():
        configurations_load_shipped()
        municipalities_elsewhere_load()  # unserved ones get a stop page (issue 14)
        houses = {vh.code: vh for vh in Veiligheidshuis.objects.all()}
        organisations = {}
        for item in ORGANISATIONS:
            organisation, _created = Organisation.objects.update_or_create(
                name=item.name,
                defaults={
                    "kind": item.kind,
                    "veiligheidshuis": houses[item.staff_of] if item.staff_of else None,
                },
            )
            for code in item.networks:
                CovenantMembership.objects.get_or_create(
                    organisation=organisation,
                    veiligheidshuis=houses[code],
                    defaults={"joined_on": dt.date(2021, 1, 1)},
                )
            organisations[item.name] = organisation
        users = [
            user_upsert(
                username=account.username,
                organisation=organisations[account.organisation],
                roles=account.roles,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@demo.invalid",
                password=password,
            )
            for account in ACCOUNTS
        ]
        for user in users:
            totp_device_ensure(user=user, key_hex=DEMO_TOTP_KEY_HEX)
        return users


DEMO_API_CLIENT_NAME = "Demo-koppeling politie"


def demo_api_client_ensure(*, now: dt.datetime) -> str | None:
    """One API client for "Politie (demo)", so a newcomer can try the API at once. Returns its
    token when it is created (tokens are shown once), None when it already exists."""
    from zvh.api.models import ApiClient
    from zvh.api.services import api_client_create

    if not settings.ZVH_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo accounts are not allowed with these settings.")
    police = Organisation.objects.get(name="Politie (demo)")
    if ApiClient.objects.filter(organisation=police, name=DEMO_API_CLIENT_NAME).exists():
        return None
    _client, token = api_client_create(
        organisation=police, name=DEMO_API_CLIENT_NAME, valid_days=365, now=now
    )
    return token
