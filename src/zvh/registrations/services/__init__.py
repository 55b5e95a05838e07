"""Writes of registrations, one module per step: where a registration goes (``routing``), a
partner's own draft started (``drafts``) or one the meldpunt records on a partner's behalf
(``on_behalf``), saving a draft and who may (``editing``), submitting it (``submission``).

The public names are importable from here too.
"""

from .drafts import registration_start
from .editing import (
    CASE_FIELDS,
    CONTACT_FIELDS,
    DRAFT_FIELDS,
    PARTNER_FIELDS,
    PERSON_FIELDS,
    PartnerInput,
    PersonInput,
    ensure_editable,
    ensure_registrant,
    registration_save_draft,
)
from .on_behalf import ensure_partner_of, registration_start_on_behalf
from .routing import draft_veiligheidshuis, intake_veiligheidshuis
from .submission import SUBMITTED_WHY, registration_submit

__all__ = [
    "CASE_FIELDS",
    "CONTACT_FIELDS",
    "DRAFT_FIELDS",
    "PARTNER_FIELDS",
    "PERSON_FIELDS",
    "SUBMITTED_WHY",
    "PartnerInput",
    "PersonInput",
    "draft_veiligheidshuis",
    "ensure_editable",
    "ensure_partner_of",
    "ensure_registrant",
    "intake_veiligheidshuis",
    "registration_save_draft",
    "registration_start",
    "registration_start_on_behalf",
    "registration_submit",
]
