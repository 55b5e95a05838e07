"""The roles a user can hold, and which of them are Veiligheidshuis staff roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    REGISTRANT = "registrant", _("Registrant")
    SCREENER = "screener", _("Meldpunt screener")
    PROCESREGISSEUR = "procesregisseur", _("Procesregisseur")
    MANAGER = "manager", _("Manager")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


#: Roles held only by people working for a Veiligheidshuis, and only within their own.
STAFF_ROLES: frozenset[RoleCode] = frozenset(RoleCode) - {RoleCode.REGISTRANT}
