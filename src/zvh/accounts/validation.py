"""Rules about who may hold which role."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zvh.network.models import Organisation

from .roles import STAFF_ROLES, RoleCode


def validate_roles_for_organisation(
    *, organisation: Organisation | None, roles: Iterable[RoleCode | str]
) -> None:
    """Staff roles belong to a Veiligheidshuis's own staff; the registrant role belongs to a
    partner that has joined at least one Veiligheidshuis network. Anyone with a role acts for an
    organisation."""
    roles = {RoleCode(role) for role in roles}
    if not roles:
        return
    if organisation is None:
        raise ValidationError(
            _("A user with a role acts for an organisation; choose one."), code="no_organisation"
        )
    staff_roles = roles & STAFF_ROLES
    if staff_roles and organisation.veiligheidshuis_id is None:
        raise ValidationError(
            _("%(roles)s can only be held by staff of a Veiligheidshuis, not by %(org)s.")
            % {
                "roles": ", ".join(sorted(str(RoleCode(r).label) for r in staff_roles)),
                "org": organisation.name,
            },
            code="staff_role_outside_veiligheidshuis",
        )
    if (
        RoleCode.REGISTRANT in roles
        and organisation.veiligheidshuis_id is None
        and not organisation.memberships.exists()
    ):
        raise ValidationError(
            _(
                "%(org)s has not joined the network of any Veiligheidshuis, so its staff cannot "
                "register cases yet."
            )
            % {"org": organisation.name},
            code="registrant_without_network",
        )
