"""The vocabulary of data-subject requests and retention extensions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    """The rights of the GDPR a data subject can invoke (arts. 15-18 and 21)."""

    ACCESS = "access", _("Access")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction of processing")
    OBJECTION = "objection", _("Objection")


class RequesterKind(models.TextChoices):
    SUBJECT = "subject", _("The data subject themself")
    REPRESENTATIVE = "representative", _("A representative")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class Decision(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY = "partly", _("Partly granted")
    REFUSED = "refused", _("Refused")


class RestrictionGround(models.TextChoices):
    """Grounds on which the law (GDPR art. 23, UAVG art. 41, the WGS) lets a right be limited."""

    CRIMINAL_INVESTIGATION = (
        "criminal_investigation",
        _("Prevention, investigation or prosecution of criminal offences"),
    )
    PROTECTION_OF_OTHERS = (
        "protection_of_others",
        _("Protection of the data subject or of the rights and freedoms of others"),
    )
    PUBLIC_SECURITY = "public_security", _("Public security")
    OTHER = "other", _("Another ground the law allows")


class NoticeMeans(models.TextChoices):
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Telephone")
    IN_PERSON = "in_person", _("In person")


class EventKind(models.TextChoices):
    """One line of a request's history."""

    REGISTERED = "registered", _("Registered")
    CHANGED = "changed", _("Details changed")
    EXTENDED = "extended", _("Term extended")
    REPORT_ATTACHED = "report_attached", _("Access report attached")
    RESTRICTED = "restricted", _("Restriction recorded")
    ANSWERED = "answered", _("Answered")


class ExtensionTarget(models.TextChoices):
    """What a retention extension keeps. A new target (a case, later) is a new value here, its
    foreign key on ``RetentionExtension`` and its line in ``extensions.TARGET_LOOKUPS``."""

    REGISTRATION = "registration", _("Registration")


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
