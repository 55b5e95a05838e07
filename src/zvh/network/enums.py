"""The fixed vocabularies that configuration chooses from.

The code knows what each outcome means (its own data in a decision); which outcomes a
Veiligheidshuis offers is configuration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    REFER_ELSEWHERE = "refer_elsewhere", _("Refer to another organisation")
    REFER_BACK = "refer_back", _("Refer back to the registrant")
    CONSULTATION_AGENDA = "consultation_agenda", _("Put on the agenda of a consultation")
    INTEGRATED_APPROACH = "integrated_approach", _("Prioritise for the integrated approach")


class IntakeChannel(models.TextChoices):
    WEB_FORM = "web_form", _("Web form")
    EMAIL = "email", _("E-mail to the meldpunt")


class OrganisationKind(models.TextChoices):
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Zorg- en Veiligheidshuis")
    POLICE = "police", _("Police")
    PUBLIC_PROSECUTOR = "public_prosecutor", _("Public prosecutor")
    PROBATION = "probation", _("Probation service")
    MUNICIPALITY = "municipality", _("Municipality")
    MENTAL_HEALTH = "mental_health", _("Mental-health care")
    YOUTH_CARE = "youth_care", _("Youth care")
    ADDICTION_CARE = "addiction_care", _("Addiction care")
    HOUSING = "housing", _("Housing corporation")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    CHILD_PROTECTION = "child_protection", _("Child protection board")
    OTHER = "other", _("Other partner")
