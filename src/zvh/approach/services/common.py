"""Rules every write of the integrated approach shares."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.casework.access import log_case
from zvh.casework.models import Case, CaseStatus

#: The case statuses in which a case has a procesregisseur and a plan of approach.
APPROACH_STATUSES = frozenset({CaseStatus.INTEGRATED_APPROACH, CaseStatus.AFTERCARE})


def ensure_in_approach(case: Case) -> None:
    """Refuse a write on a case that is not in the integrated approach (or its aftercare)."""
    if case.status not in APPROACH_STATUSES:
        raise ValidationError(
            {"case": _("Case %(ref)s is not in the integrated approach.") % {"ref": case.reference}}
        )


def log_direction(
    *, by: User, case: Case, client_address: str, event_type: EventType = EventType.UPDATE
) -> None:
    """The access-log entry of a write of the integrated approach (purpose process direction),
    the service's last step inside its transaction."""
    log_case(
        user=by,
        case=case,
        event_type=event_type,
        purpose=Purpose.PROCESS_DIRECTION,
        client_address=client_address,
    )
