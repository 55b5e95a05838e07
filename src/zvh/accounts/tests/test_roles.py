"""Who may hold which role: staff roles inside a Veiligheidshuis, registrants at joined partners."""

import pytest
from django.core.exceptions import ValidationError

from zvh.accounts.roles import STAFF_ROLES, RoleCode
from zvh.accounts.services import user_upsert
from zvh.accounts.validation import validate_roles_for_organisation
from zvh.network.enums import OrganisationKind
from zvh.network.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(demo_users):
    return {org.name: org for org in Organisation.objects.all()}


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_roles_are_refused_at_a_partner_organisation(orgs, role):
    with pytest.raises(ValidationError) as error:
        validate_roles_for_organisation(organisation=orgs["Politie (demo)"], roles=[role])
    assert error.value.code == "staff_role_outside_veiligheidshuis"


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_roles_are_fine_at_a_veiligheidshuis(orgs, role):
    validate_roles_for_organisation(
        organisation=orgs["Zorg- en Veiligheidshuis Maastricht"], roles=[role]
    )


def test_a_registrant_needs_an_organisation_that_joined_a_network(orgs):
    loner = Organisation.objects.create(name="Buurtvereniging", kind=OrganisationKind.OTHER)
    with pytest.raises(ValidationError) as error:
        validate_roles_for_organisation(organisation=loner, roles=[RoleCode.REGISTRANT])
    assert error.value.code == "registrant_without_network"
    validate_roles_for_organisation(
        organisation=orgs["Reclassering (demo)"], roles=[RoleCode.REGISTRANT]
    )


def test_a_role_needs_an_organisation(db):
    with pytest.raises(ValidationError):
        validate_roles_for_organisation(organisation=None, roles=[RoleCode.MANAGER])
    validate_roles_for_organisation(organisation=None, roles=[])


def test_user_upsert_refuses_a_bad_combination_and_stores_nothing(orgs):
    with pytest.raises(ValidationError):
        user_upsert(username="fout", organisation=orgs["Politie (demo)"], roles=[RoleCode.SCREENER])
    from zvh.accounts.models import User

    assert not User.objects.filter(username="fout").exists()


def test_staff_know_their_own_veiligheidshuis_and_partners_none(demo_users):
    assert demo_users["screener"].veiligheidshuis.code == "MST"
    assert demo_users["screener-sittard"].veiligheidshuis.code == "STD"
    assert demo_users["aanmelder"].veiligheidshuis is None


def test_an_inactive_user_holds_no_roles(demo_users):
    user = demo_users["screener"]
    user.is_active = False
    user.save()
    from zvh.accounts.models import User

    assert User.objects.get(pk=user.pk).role_codes == frozenset()
