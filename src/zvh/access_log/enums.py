"""The vocabulary of the access log: NEN 7513 action codes, the precise kind of event, the
outcome and the purpose of an access."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """NEN 7513 action codes (the same as the IHE ATNA / FHIR AuditEvent codes)."""

    CREATE = "C", _("Create")
    READ = "R", _("Read")
    UPDATE = "U", _("Update")
    DELETE = "D", _("Delete")
    EXECUTE = "E", _("Execute")


class EventType(models.TextChoices):
    """What exactly happened; the action code alone cannot tell a view from an export."""

    CREATE = "create", _("Created")
    VIEW = "view", _("Viewed")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    SEARCH = "search", _("Searched")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")


#: The one action code each kind of event is logged with. A search is a query, which NEN 7513
#: (like FHIR AuditEvent) codes E; export and print hand out data that was read, coded R.
EVENT_ACTIONS: dict[EventType, Action] = {
    EventType.CREATE: Action.CREATE,
    EventType.VIEW: Action.READ,
    EventType.UPDATE: Action.UPDATE,
    EventType.DELETE: Action.DELETE,
    EventType.SEARCH: Action.EXECUTE,
    EventType.EXPORT: Action.READ,
    EventType.PRINT: Action.READ,
}


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    DENIED = "denied", _("Denied")
    ERROR = "error", _("Error")


class Purpose(models.TextChoices):
    """Why the data was accessed (the lawful purpose the user acted for)."""

    REGISTRATION = "registration", _("Registration")
    TRIAGE = "triage", _("Triage")
    INFORMATION_REQUEST = "information_request", _("Information request")
    PROCESS_DIRECTION = "process_direction", _("Process direction")
    PRIVACY_REVIEW = "privacy_review", _("Privacy review")
    DATA_SUBJECT_REQUEST = "data_subject_request", _("Data subject request")
    ADMINISTRATION = "administration", _("Administration")
    RETENTION = "retention", _("Retention")
    CONSULTATION = "consultation", _("Case consultation")


#: How the kinds of objects in ``LoggedObject.kind`` are shown.
OBJECT_KINDS = {
    "registration": _("Registration"),
    "access_log": _("Access log"),
    "inbound_mail": _("Incoming e-mail"),
    "case": _("Case"),
    "agenda_item": _("Agenda item"),
    "subject_request": _("Data subject request"),
    "retention_extension": _("Retention extension"),
}
