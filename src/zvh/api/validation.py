"""Rules for a new API client, shared by the service and the admin form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zvh.accounts.roles import RoleCode
from zvh.accounts.validation import validate_roles_for_organisation
from zvh.network.models import Organisation

MAX_VALID_DAYS = 3 * 365
#: The roles an API client can act in: a registrant, the meldpunt of its Veiligheidshuis, or a
#: procesregisseur's system there (the plans of approach, issue 13).
API_CLIENT_ROLES: tuple[RoleCode, ...] = (
    RoleCode.REGISTRANT,
    RoleCode.SCREENER,
    RoleCode.PROCESREGISSEUR,
)


def validate_new_api_client(
    *,
    organisation: Organisation,
    name: str,
    valid_days: int,
    role: RoleCode | str = RoleCode.REGISTRANT,
) -> None:
    """A client has a name unique (ignoring case) within its organisation, is valid for 1 to
    ``MAX_VALID_DAYS`` days, and acts in one role of ``API_CLIENT_ROLES`` that its organisation
    may hold: registrant for a partner that joined a network or a Veiligheidshuis's own staff;
    screener (the meldpunt) only for a Veiligheidshuis's own staff."""
    from .models import ApiClient

    errors: dict[str, list[ValidationError]] = {}
    if not name.strip():
        errors["name"] = [ValidationError(_("Give the API client a name."), code="required")]
    elif ApiClient.objects.filter(organisation=organisation, name__iexact=name.strip()).exists():
        errors["name"] = [
            ValidationError(
                _("This organisation already has an API client with this name."), code="unique"
            )
        ]
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        errors["valid_days"] = [
            ValidationError(
                _("An API client is valid for 1 to %(max)d days.") % {"max": MAX_VALID_DAYS},
                code="invalid_valid_days",
            )
        ]
    if role not in API_CLIENT_ROLES:
        errors["role"] = [
            ValidationError(_("An API client acts as a registrant or a screener."), code="role")
        ]
    else:
        try:
            validate_roles_for_organisation(organisation=organisation, roles=[role])
        except ValidationError as error:
            errors["organisation"] = error.error_list
    if errors:
        raise ValidationError(errors)
