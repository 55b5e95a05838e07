"""Rules every write of the integrated approach shares."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zvh.casework.models import Case, CaseStatus

#: The case statuses in which a case has a procesregisseur and a plan of approach.
APPROACH_STATUSES = frozenset({CaseStatus.INTEGRATED_APPROACH, CaseStatus.AFTERCARE})


def ensure_in_approach(case: Case) -> None:
    """Refuse a write on a case that is not in the integrated approach (or its aftercare)."""
    if case.status not in APPROACH_STATUSES:
        raise ValidationError(
            {"case": _("Case %(ref)s is not in the integrated approach.") % {"ref": case.reference}}
        )
