"""The authorisation matrix (issue 5, item 7): every URL pattern of the project, every role,
on objects of the own and another organisation / Veiligheidshuis; allowed and denied cells both
asserted by their status code.

The objects belong to the police (``aanmelder``) and the Veiligheidshuis Maastricht. So the
"own" registrant, screener and staff are Maastricht's and the police's; ``registrant_other``
(the municipality of Maastricht) and ``screener_other`` (Sittard) test the other organisation and
the other Veiligheidshuis on the very same objects; so do ``manager_other`` and
``procesregisseur_other`` (Sittard's staff, made by the ``users`` fixture).

A URL pattern without an entry fails ``test_every_url_pattern_has_an_entry`` by name, so no
view slips in unchecked. The API (token only) and the admin site are declared as groups: a
rule that holds for every pattern under their prefix, so new endpoints there are checked too.
Each cell runs in a savepoint that is rolled back, so cells cannot influence each other.
"""

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from zvh.accounts.invitations import invitation_tokens
from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseRegistration,
    Invitation,
    Meeting,
    MeetingKind,
)
from zvh.intake.models import InboundMail
from zvh.intake.services import mail_receive
from zvh.network.enums import Outcome
from zvh.network.models import Organisation
from zvh.registrations.models import Attachment, Channel, Registration
from zvh.registrations.services import registration_start_on_behalf
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.subject_requests.enums import RequesterKind, RequestKind
from zvh.subject_requests.extensions import retention_extension_request
from zvh.subject_requests.services import (
    PersonInput,
    RequestDetails,
    RequesterInput,
    subject_request_register,
)
from zvh.triage.models import ApproachMode, Decision, InformationRequest, SavedFilter

pytestmark = pytest.mark.django_db

#: The roles, as the demo account that plays each (None: not logged in; the superuser is made
#: by the fixture: a platform superuser without organisation or roles).
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "registrant": "aanmelder",  # the police, who registered the objects
    "registrant_other": "aanmelder-gemeente",  # another partner organisation
    "screener": "screener",  # the meldpunt of Maastricht, where the objects are
    "screener_other": "screener-sittard",  # the meldpunt of another Veiligheidshuis
    "procesregisseur": "regisseur",
    "procesregisseur_other": "regisseur-sittard",  # Sittard's: not a demo account
    "manager": "manager",
    "manager_other": "manager-sittard",  # Sittard's: not a demo account
    "functional_admin": "beheerder",
    "privacy_officer": "privacy",
    "privacy_officer_other": "privacy-sittard",  # Sittard's: not a demo account
    "superuser": "root",
    # A user of a partner organisation invited for the casework objects' agenda item (issue 12):
    # no role; the invitation is their only access path.
    "invitee": "genodigde-ggz",
}
EVERYONE = tuple(ROLES)
LOGGED_IN = tuple(role for role in ROLES if role != "anonymous")
#: Roles with neither admin access (superuser, functional administrator) nor anything else.
NO_ADMIN = tuple(role for role in ROLES if role not in {"functional_admin", "superuser"})


def cells(default: int, **overrides: int) -> dict[str, int]:
    """Every role gets ``default`` except those named; anonymous users are sent to the login
    page (302) unless named."""
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = 302
    result.update(overrides)
    return result


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One URL pattern: how it is called and what each role gets.

    ``target`` names the object the URL points at (see ``objects``); ``data`` is posted."""

    method: str = "get"
    target: str | None = None
    data: dict = field(default_factory=dict)
    expect: dict[str, int]


#: Registrant pages: the registering organisation only; other organisations get 404 (logged as
#: denied), other roles 403 (logged as denied).
REGISTRANT_OWN = cells(403, registrant=200, registrant_other=404)
#: Registrant pages without an object: every registrant gets their own organisation's.
REGISTRANT_ANY = cells(403, registrant=200, registrant_other=200)
#: Meldpunt pages: Maastricht's screeners only; another Veiligheidshuis's screeners get 404.
MELDPUNT_OWN = cells(403, screener=200, screener_other=404)
MELDPUNT_POST_INVALID = cells(403, screener=400, screener_other=404)
PRIVACY = cells(403, privacy_officer=200, privacy_officer_other=200)
#: A data-subject request of Maastricht: its privacy officers only; Sittard's get 404.
PRIVACY_OWN = cells(403, privacy_officer=200, privacy_officer_other=404)
#: Retention extensions: screeners, procesregisseurs and privacy officers, each of their own
#: Veiligheidshuis (the list and the request form: every one of them, for their own house).
EXTENSION_STAFF = cells(
    403,
    screener=200,
    screener_other=200,
    procesregisseur=200,
    procesregisseur_other=200,
    privacy_officer=200,
    privacy_officer_other=200,
)
EXTENSION_OWN = cells(
    403,
    screener=200,
    screener_other=404,
    procesregisseur=200,
    procesregisseur_other=404,
    privacy_officer=200,
    privacy_officer_other=404,
)
#: The manager's figures: every manager, always of their own Veiligheidshuis (no object).
MANAGERS = cells(403, manager=200, manager_other=200)

#: Casework (issue 12): the meldpunt and procesregisseurs; lists of their own house.
CASEWORK_ANY = cells(
    403, screener=200, screener_other=200, procesregisseur=200, procesregisseur_other=200
)
#: Casework objects of Maastricht: its own staff only; another house's staff get 404.
CASEWORK_OWN = cells(
    403, screener=200, procesregisseur=200, screener_other=404, procesregisseur_other=404
)


def casework_own(code: int, **overrides: int) -> dict[str, int]:
    return {**cells(403, screener_other=404, procesregisseur_other=404), **overrides} | {
        "screener": overrides.get("screener", code),
        "procesregisseur": overrides.get("procesregisseur", code),
    }


#: The agenda item's pages: staff of its house and the invitee; for everyone else it does not
#: exist (404). The screener is the meeting's minute-taker, the procesregisseur its chair.
def item_cells(**overrides: int) -> dict[str, int]:
    return cells(404, **overrides)


MATRIX: dict[str, Row] = {
    # --- accounts ---------------------------------------------------------------------------
    "": Row(expect=cells(200)),
    "accounts/login/": Row(expect=cells(200, anonymous=200)),
    "accounts/logout/": Row(method="post", expect=cells(302)),
    "accounts/password/": Row(expect=cells(200)),
    "accounts/password/done/": Row(expect=cells(200)),
    # Confirming password and code again (before exports and deletions): any logged-in user.
    "accounts/bevestigen/": Row(expect=cells(200)),
    # "Stay logged in" of the session timeout warning: any logged-in user renews their own.
    "accounts/sessie/verlengen/": Row(method="post", expect=cells(200)),
    # An invitation link is the invitee's access path: whoever holds a valid link (its token)
    # may choose that account's password, whatever their session; it moves the token into the
    # session (302). An invalid link is a page saying so (accounts/tests/test_invitations.py).
    "accounts/uitnodiging/<uidb64>/<token>/": Row(
        target="invitation", expect=cells(302, anonymous=302)
    ),
    "accounts/account/login/": Row(expect=cells(200, anonymous=200)),
    # Enrolment: a user who already has a confirmed device is sent on.
    "accounts/account/two_factor/setup/": Row(expect=cells(302)),
    "accounts/account/two_factor/qrcode/": Row(expect=cells(404)),
    "accounts/account/two_factor/setup/complete/": Row(expect=cells(200)),
    "accounts/account/two_factor/backup/tokens/": Row(expect=cells(200)),
    # The WebAuthn plugin's scripts carry the options of a ceremony under way in the session
    # (enrolling a key; the second login step): without one there is nothing to give (404).
    "accounts/account/two_factor/webauthn/create_credential.js": Row(expect=cells(404)),
    "accounts/account/two_factor/webauthn/get_credential.js": Row(expect=cells(404, anonymous=404)),
    "i18n/setlang/": Row(method="post", data={"language": "nl"}, expect=cells(302, anonymous=302)),
    # --- registrations: the registrant's pages --------------------------------------------
    "aanmeldingen/": Row(expect=REGISTRANT_ANY),
    "aanmeldingen/nieuw/": Row(expect=REGISTRANT_ANY),
    "aanmeldingen/<uuid:public_id>/": Row(target="submitted", expect=REGISTRANT_OWN),
    "aanmeldingen/<uuid:public_id>/bewerken/": Row(target="draft", expect=REGISTRANT_OWN),
    # The draft as question pages and its check page (issue 14).
    "aanmeldingen/<uuid:public_id>/vragen/<slug:slug>/": Row(
        target="draft_page", expect=REGISTRANT_OWN
    ),
    "aanmeldingen/<uuid:public_id>/controleren/": Row(target="draft", expect=REGISTRANT_OWN),
    "aanmeldingen/<uuid:public_id>/ontvangen/": Row(target="submitted", expect=REGISTRANT_OWN),
    # The registering organisation and the case workers of the registration's Veiligheidshuis.
    "aanmeldingen/<uuid:public_id>/bijlagen/<int:attachment_id>/": Row(
        target="attachment",
        expect=cells(
            403,
            registrant=200,
            registrant_other=404,
            screener=200,
            screener_other=404,
            procesregisseur=200,
            procesregisseur_other=404,
        ),
    ),
    # An empty answer is refused on the page itself (shown again, 200).
    "aanmeldingen/<uuid:public_id>/informatieverzoek/<int:request_id>/antwoord/": Row(
        method="post", target="question", expect=REGISTRANT_OWN
    ),
    # --- triage: the meldpunt's pages -----------------------------------------------------
    "meldpunt/": Row(expect=cells(403, screener=200, screener_other=200)),
    # Registering a phone call on a partner's behalf: every screener, at their own house.
    "meldpunt/telefonisch/": Row(expect=cells(403, screener=200, screener_other=200)),
    # A phone call or e-mail to complete: the own house's meldpunt only (not the partner).
    "meldpunt/<uuid:public_id>/aanvullen/": Row(target="phone_draft", expect=MELDPUNT_OWN),
    # Deleting such a draft (the confirmation page; the POST goes through the same guard).
    "meldpunt/<uuid:public_id>/aanvullen/verwijderen/": Row(
        target="phone_draft", expect=MELDPUNT_OWN
    ),
    "meldpunt/<uuid:public_id>/": Row(target="submitted", expect=MELDPUNT_OWN),
    "meldpunt/<uuid:public_id>/start/": Row(
        method="post", target="submitted", expect=cells(403, screener=302, screener_other=404)
    ),
    # Empty forms: the screener is let in and the form is refused (400).
    "meldpunt/<uuid:public_id>/informatieverzoek/": Row(
        method="post", target="submitted", expect=MELDPUNT_POST_INVALID
    ),
    "meldpunt/<uuid:public_id>/screening/": Row(
        method="post", target="submitted", expect=MELDPUNT_POST_INVALID
    ),
    "meldpunt/<uuid:public_id>/besluit/": Row(
        method="post", target="submitted", expect=MELDPUNT_POST_INVALID
    ),
    # --- the procesregisseur's prioritised cases of the own Veiligheidshuis ----------------
    "regie/": Row(expect=cells(403, procesregisseur=200, procesregisseur_other=200)),
    "regie/<uuid:public_id>/": Row(
        target="prioritised", expect=cells(403, procesregisseur=200, procesregisseur_other=404)
    ),
    # An empty form: the own procesregisseur is let in and the form is refused (400).
    "regie/<uuid:public_id>/afsluiten/": Row(
        method="post",
        target="prioritised",
        expect=cells(403, procesregisseur=400, procesregisseur_other=404),
    ),
    # --- reporting: managers see aggregates of their own Veiligheidshuis only --------------
    "cijfers/": Row(expect=MANAGERS),
    "cijfers/export/": Row(expect=MANAGERS),
    # --- the e-mail intake: the own house's meldpunt only (empty forms refused: 400) --------
    "meldpunt/e-mail/": Row(expect=cells(403, screener=200, screener_other=200)),
    "meldpunt/e-mail/<uuid:public_id>/": Row(target="mail", expect=MELDPUNT_OWN),
    "meldpunt/e-mail/<uuid:public_id>/origineel/": Row(target="mail", expect=MELDPUNT_OWN),
    "meldpunt/e-mail/<uuid:public_id>/accepteren/": Row(
        method="post", target="mail", expect=MELDPUNT_POST_INVALID
    ),
    "meldpunt/e-mail/<uuid:public_id>/afwijzen/": Row(
        method="post", target="mail", expect=MELDPUNT_POST_INVALID
    ),
    # --- casework (issue 12): meetings, agenda items, invitees, actions, sharing record -------
    "overleg/": Row(expect=CASEWORK_ANY),
    "overleg/nieuw/": Row(expect=CASEWORK_ANY),
    "overleg/<uuid:public_id>/": Row(target="meeting", expect=CASEWORK_OWN),
    "overleg/<uuid:public_id>/annuleren/": Row(
        method="post", target="meeting", expect=casework_own(302)
    ),
    "overleg/<uuid:public_id>/agendapunt/": Row(
        method="post", target="meeting", expect=casework_own(400)
    ),
    "overleg/punt/<uuid:public_id>/": Row(
        target="item", expect=item_cells(screener=200, procesregisseur=200, invitee=200)
    ),
    # Empty forms: saving what is shared accepts an empty choice (302); inviting nobody is
    # refused (400); only the own house's staff get there (the invitee is not staff: 403).
    "overleg/punt/<uuid:public_id>/delen/": Row(
        method="post", target="item", expect=casework_own(302)
    ),
    "overleg/punt/<uuid:public_id>/uitnodigen/": Row(
        method="post", target="item", expect=casework_own(400)
    ),
    # Only the invitee answers (an empty answer is refused, 400); staff hold no invitation.
    "overleg/punt/<uuid:public_id>/antwoord/": Row(
        method="post", target="item", expect=item_cells(invitee=400)
    ),
    # The minute-taker (screener) and the chair (procesregisseur) draft; an empty draft saves.
    "overleg/punt/<uuid:public_id>/verslag/": Row(
        method="post",
        target="item",
        expect=item_cells(screener=302, procesregisseur=302, invitee=403),
    ),
    # Only the chair finalises (without the version the page showed: 400).
    "overleg/punt/<uuid:public_id>/vaststellen/": Row(
        method="post",
        target="item",
        expect=item_cells(screener=403, procesregisseur=400, invitee=403),
    ),
    "overleg/punt/<uuid:public_id>/afspraak/": Row(
        method="post",
        target="item",
        expect=item_cells(screener=400, procesregisseur=400, invitee=403),
    ),
    "overleg/punt/<uuid:public_id>/uitkomst/": Row(
        method="post",
        target="item",
        expect=item_cells(screener=400, procesregisseur=400, invitee=403),
    ),
    # Every user sees their own organisation's open actions (an empty list for most).
    "overleg/acties/": Row(expect=cells(200)),
    # The owner organisation (the invitee's) and the house's staff; a note is required (400).
    "overleg/acties/<uuid:public_id>/gereed/": Row(
        method="post",
        target="agreement",
        expect=item_cells(invitee=400, screener=400, procesregisseur=400),
    ),
    "overleg/casussen/": Row(expect=CASEWORK_ANY),
    "overleg/casussen/<uuid:public_id>/": Row(target="case", expect=CASEWORK_OWN),
    # Joining a registration is the meldpunt's (no registration named: 400).
    "overleg/casussen/<uuid:public_id>/koppelen/": Row(
        method="post", target="case", expect=casework_own(400, procesregisseur=403)
    ),
    "overleg/casussen/<uuid:public_id>/delingen/": Row(
        target="case", expect=item_cells(privacy_officer=200)
    ),
    "overleg/casussen/<uuid:public_id>/delingen/export/": Row(
        target="case", expect=item_cells(privacy_officer=200)
    ),
    # Changing a planned meeting (the form, with the meeting's values): the house's staff.
    "overleg/<uuid:public_id>/wijzigen/": Row(target="meeting", expect=CASEWORK_OWN),
    # Reopening: the house's staff; the matrix's case is open, so back to the case (302).
    "overleg/casussen/<uuid:public_id>/heropenen/": Row(target="case", expect=casework_own(302)),
    # --- the access log: privacy officers of the own Veiligheidshuis only ------------------
    "privacy/": Row(expect=PRIVACY),
    "privacy/export/": Row(method="post", expect=PRIVACY),
    "privacy/overzicht-betrokkene/": Row(expect=PRIVACY),
    # --- data-subject requests: privacy officers, their own Veiligheidshuis's requests ------
    "privacy/verzoeken/": Row(expect=PRIVACY),
    "privacy/verzoeken/nieuw/": Row(expect=PRIVACY),
    "privacy/verzoeken/<uuid:public_id>/": Row(target="subject_request", expect=PRIVACY_OWN),
    "privacy/verzoeken/<uuid:public_id>/bewerken/": Row(
        target="subject_request", expect=PRIVACY_OWN
    ),
    "privacy/verzoeken/<uuid:public_id>/verlengen/": Row(
        target="subject_request", expect=PRIVACY_OWN
    ),
    "privacy/verzoeken/<uuid:public_id>/beperking/": Row(
        target="subject_request", expect=PRIVACY_OWN
    ),
    # Making the access report: back to the request (302).
    "privacy/verzoeken/<uuid:public_id>/overzicht/": Row(
        method="post",
        target="subject_request",
        expect=cells(403, privacy_officer=302, privacy_officer_other=404),
    ),
    "privacy/verzoeken/<uuid:public_id>/beantwoorden/": Row(
        target="subject_request", expect=PRIVACY_OWN
    ),
    "privacy/verzoeken/<uuid:public_id>/brief/": Row(target="subject_request", expect=PRIVACY_OWN),
    # --- retention extensions: requested by case workers, decided by a privacy officer -----
    "bewaartermijnen/": Row(expect=EXTENSION_STAFF),
    "bewaartermijnen/nieuw/": Row(expect=EXTENSION_STAFF),
    "bewaartermijnen/<uuid:public_id>/": Row(target="extension", expect=EXTENSION_OWN),
    # An empty decision: the own privacy officer is let in and the form is refused (400); the
    # own screener and procesregisseur see the extension but may not decide (403).
    "bewaartermijnen/<uuid:public_id>/beoordelen/": Row(
        method="post",
        target="extension",
        expect=cells(
            403,
            screener_other=404,
            procesregisseur_other=404,
            privacy_officer=400,
            privacy_officer_other=404,
        ),
    ),
    # --- operations: health for everyone alike (figures only for a superuser or the metrics
    # token: operations/tests/test_health.py); metrics for the bearer token only ------------
    "health/live": Row(expect=cells(200, anonymous=200)),
    # Nothing has beaten in the test database (no worker or scheduler): failing, for everyone.
    "health/ready": Row(expect=cells(503, anonymous=503)),
    # No ZVH_METRICS_TOKEN configured: the endpoint does not exist, for any session
    # (with a token: operations/tests/test_metrics.py).
    "metrics": Row(expect=cells(404, anonymous=404)),
    # --- the integrated approach (issue 13, branch plan): caseload, plan, partners ----------
    # The caseload: every procesregisseur, their own house's cases.
    "aanpak/": Row(expect=cells(403, procesregisseur=200, procesregisseur_other=200)),
    # Plans shared with the user's organisation: anyone logged in (an empty list for most).
    "aanpak/partner/": Row(expect=cells(200)),
    # The plan of a case of Maastricht in the integrated approach: its screeners and
    # procesregisseurs; another house's staff get 404; everyone else 403.
    "aanpak/<uuid:public_id>/": Row(target="approach", expect=CASEWORK_OWN),
    # Assigning the procesregisseur (nobody named: 400): the house's screeners and
    # procesregisseurs.
    "aanpak/<uuid:public_id>/regie/": Row(
        method="post", target="approach", expect=casework_own(400)
    ),
    # Writing the plan, adding agreements, sharing: the house's procesregisseurs only (the
    # screener reads the plan but gets 403 here); empty forms are refused (400).
    "aanpak/<uuid:public_id>/plan/": Row(target="approach", expect=casework_own(200, screener=403)),
    "aanpak/<uuid:public_id>/afspraak/": Row(
        method="post", target="approach", expect=casework_own(400, screener=403)
    ),
    "aanpak/<uuid:public_id>/delen/": Row(
        method="post", target="approach", expect=casework_own(400, screener=403)
    ),
    # Comparing without naming versions: back to the plan (302).
    "aanpak/<uuid:public_id>/vergelijken/": Row(target="approach", expect=casework_own(302)),
    # A partner's part: only an organisation with a role in the plan (the GGZ owns one of its
    # agreements: the invitee); the police (registrant), another partner and the staff
    # without a role: 404.
    "aanpak/<uuid:public_id>/partner/": Row(target="approach", expect=cells(404, invitee=200)),
    # What of the plan went to which partner: the privacy officer of the case's house.
    "aanpak/<uuid:public_id>/verstrekkingen/": Row(target="approach", expect=PRIVACY_OWN),
    # --- the screener's queue (issue 14, point 3; branch `queue`) ---------------------------
    # "Assign to me": the own house's screeners only (back to the queue: 302).
    "meldpunt/<uuid:public_id>/toewijzen/": Row(
        method="post", target="submitted", expect=cells(403, screener=302, screener_other=404)
    ),
    # Saving a filter: every screener, for themselves; without a name refused (the queue, 400).
    "meldpunt/filters/": Row(method="post", expect=cells(403, screener=400, screener_other=400)),
    # Deleting a saved filter: its owner (a Maastricht screener) only; another screener: 404.
    "meldpunt/filters/<int:pk>/verwijderen/": Row(
        method="post", target="saved_filter", expect=cells(403, screener=302, screener_other=404)
    ),
    # --- branch decide: the decision's check step (no signed decision posted: refused, 400) --
    "meldpunt/<uuid:public_id>/besluit/bevestigen/": Row(
        method="post", target="submitted", expect=MELDPUNT_POST_INVALID
    ),
    # --- monitoring, escalation, closure (issue 13, items 4-6, branch monitor) ---------------
    # Evaluating and closing (the forms): the house's procesregisseurs; the screener reads the
    # plan but gets 403; another house's staff 404.
    "aanpak/<uuid:public_id>/evaluatie/": Row(
        target="approach", expect=casework_own(200, screener=403)
    ),
    "aanpak/<uuid:public_id>/afsluiten/": Row(
        target="approach", expect=casework_own(200, screener=403)
    ),
    # Escalating or handing back without a motivation or party: refused (400).
    "aanpak/<uuid:public_id>/escalatie/": Row(
        method="post", target="approach", expect=casework_own(400, screener=403)
    ),
    # The aftercare check's page (the case is not in aftercare: the form says so).
    "aanpak/<uuid:public_id>/nazorg/": Row(
        target="approach", expect=casework_own(200, screener=403)
    ),
    # --- the figures (issue 13, item 7, branch figures): the XLSX export beside the CSV ------
    # Every manager, of their own house (the page never takes a house from the request: a
    # manager of another house gets their own figures, reporting/tests/test_views.py).
    "cijfers/export/xlsx/": Row(expect=MANAGERS),
    # --- "assign to me" on the registration's page (issue 14, branch misc14) -------------------
    # The own house's screeners only (back to the registration's page: 302).
    "meldpunt/<uuid:public_id>/toewijzing/": Row(
        method="post", target="submitted", expect=cells(403, screener=302, screener_other=404)
    ),
}

# --- groups -------------------------------------------------------------------------------------

API_PREFIX = "api/v1/"
#: The API takes bearer tokens only: a browser session (any role) gets 401, as does anyone
#: without a token; these documentation endpoints are public and hold no personal data.
API_PUBLIC: dict[str, int] = {
    "api/v1/schema/": 200,
    "api/v1/docs/": 200,
    "api/v1/problems/<slug:slug>/": 404,  # an unknown problem type
    "api/v1/^[\\s\\S]*$": 404,  # any other path: a problem document, nothing behind it
}

ADMIN_PREFIX = "beheer/"
#: Admin URLs that answer everyone the same, whatever the role.
ADMIN_FOR_ALL: dict[str, int] = {
    "beheer/login/": 302,  # to the one login page, administrators included
}
#: Every other admin URL sends users without admin access (and anonymous ones) to the login
#: page. For the functional administrator and the superuser only the index is asserted here;
#: what they see and change per model (scoped to the own Veiligheidshuis) is in
#: network/tests/test_admin.py, accounts/tests/test_user_admin.py and api/tests/test_admin.py.
ADMIN_INDEX = "beheer/"

#: Patterns exempt from the matrix, with the reason.
EXEMPT: dict[str, str] = {}


# --- walking the URL configuration ----------------------------------------------------------


def url_patterns(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every URL pattern of the project as its full route, e.g. ``meldpunt/<uuid:public_id>/``."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


DUMMY_VALUES = {
    "uuid": str(uuid.UUID(int=1)),
    "int": "1",
    "rowid": "1",
    "slug": "onbekend",
    "path": "1",
    "str": "1",
    "house": "MST",
    "cbs": "GM0935",
}
REGEX_GROUPS = {"app_label": "network", "url": "onbekend/"}


def concrete(route: str, **values: str) -> str:
    """A URL for ``route``: its parameters filled with ``values`` or dummies; regular-expression
    routes made literal (named groups from ``REGEX_GROUPS``, a catch-all becomes a path)."""

    def parameter(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        return values.get(name) or DUMMY_VALUES[converter]

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: REGEX_GROUPS[m.group(1)], route)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", parameter, path)
    path = path.replace("[\\s\\S]*", "onbekend/").replace("^", "").replace("$", "")
    assert not re.search(r"[()\[\]*?\\]", path), f"cannot make a URL for {route!r}: {path!r}"
    return "/" + path


def all_routes() -> list[str]:
    return list(dict.fromkeys(url_patterns()))


# --- fixtures -----------------------------------------------------------------------------------


#: Accounts of Sittard's staff that the demo does not have, by username.
SITTARD_STAFF = {
    "regisseur-sittard": RoleCode.PROCESREGISSEUR,
    "manager-sittard": RoleCode.MANAGER,
    "privacy-sittard": RoleCode.PRIVACY_OFFICER,
}


@pytest.fixture
def users(demo_users) -> dict[str, User | None]:
    root = User.objects.create_superuser(username="root", email="root@demo.invalid")
    made = {"root": root}
    sittard_staff = demo_users["screener-sittard"].organisation
    for username, role in SITTARD_STAFF.items():
        made[username] = User.objects.create_user(username=username, organisation=sittard_staff)
        made[username].roles.add(Role.objects.get(code=role))
    made["genodigde-ggz"] = User.objects.create_user(
        username="genodigde-ggz",
        organisation=Organisation.objects.get(name="GGZ-instelling (demo)"),
    )
    return {
        role: (made.get(username) or demo_users[username] if username else None)
        for role, username in ROLES.items()
    }


@pytest.fixture
def objects(
    demo_users, users, houses, municipalities, settings, tmp_path
) -> dict[str, dict[str, str]]:
    """The objects the URLs point at, as URL values: a submitted registration with an
    attachment, a draft, a phone call the meldpunt is completing on the police's behalf, a
    request for information waiting for an answer, and a registration prioritised for the
    integrated approach; all of the police at Maastricht."""
    settings.MEDIA_ROOT = tmp_path
    police = demo_users["aanmelder"]

    def registration(status: Status, reference: str) -> Registration:
        made = RegistrationFactory(
            registrant=police, veiligheidshuis=houses["MST"], status=status, reference=reference
        )
        PersonFactory(registration=made, municipality=municipalities["Maastricht"])
        return made

    submitted = registration(Status.RECEIVED, "MST-2026-00901")
    draft = registration(Status.DRAFT, "")
    phone_draft = registration_start_on_behalf(
        recorded_by=demo_users["screener"],
        veiligheidshuis=houses["MST"],
        organisation=police.organisation,
        registrant=police,
        channel=Channel.PHONE,
        received_at=timezone.now(),
    )
    waiting = registration(Status.WAITING_FOR_INFORMATION, "MST-2026-00902")
    question = InformationRequest.objects.create(
        registration=waiting,
        question="Wie is de huisarts?",
        requested_by=demo_users["screener"],
        requested_at=timezone.now(),
    )
    prioritised = registration(Status.DECIDED, "MST-2026-00903")
    Decision.objects.create(
        registration=prioritised,
        outcome=Outcome.INTEGRATED_APPROACH,
        motivation="Regie nodig.",
        approach_mode=ApproachMode.VOLUNTARY,
        procesregisseur=demo_users["regisseur"],
        decided_by=demo_users["screener"],
        decided_at=timezone.now(),
    )
    attachment = Attachment.objects.create(
        registration=submitted,
        file=ContentFile(b"%PDF-1.4\n", name="bijlage.pdf"),
        original_name="bijlage.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=police,
    )
    mail_outcome = mail_receive(
        raw=b"From: iemand@example.org\r\nTo: meldpunt@veiligheidshuismaastricht.nl\r\n"
        b"Subject: Aanmelding\r\nMessage-ID: <matrix@example.org>\r\n\r\nZie bijlage.\r\n",
        mail_from="iemand@example.org",
        rcpt_to=["meldpunt@veiligheidshuismaastricht.nl"],
        received_at=timezone.now(),
    )
    mail = InboundMail.objects.get(pk=mail_outcome.received[0].mail_id)
    casework = _casework_objects(submitted, demo_users, users)
    approach = _approach_objects(prioritised, demo_users, users)
    subject_request = subject_request_register(
        by=demo_users["privacy"],
        details=RequestDetails(
            kind=RequestKind.ACCESS,
            person=PersonInput(bsn="111222333"),
            requester=RequesterInput(kind=RequesterKind.SUBJECT, address="Teststraat 1"),
            received_on=timezone.localdate(),
        ),
        now=timezone.now(),
        client_address="",
    )
    extension = retention_extension_request(
        by=demo_users["screener"],
        registration_reference=prioritised.reference,
        reason="Lopend onderzoek",
        ends_on=timezone.localdate() + dt.timedelta(days=30),
        now=timezone.now(),
        client_address="",
    )
    saved_filter = SavedFilter.objects.create(
        user=demo_users["screener"], name="Spoed", query="urgency=urgent", created_at=timezone.now()
    )
    invitee = User.objects.create_user(username="uitgenodigd", organisation=police.organisation)
    invitee.set_unusable_password()
    invitee.save()
    return {
        **casework,
        **approach,
        "subject_request": {"public_id": str(subject_request.public_id)},
        "extension": {"public_id": str(extension.public_id)},
        "invitation": {
            "uidb64": urlsafe_base64_encode(force_bytes(invitee.pk)),
            "token": invitation_tokens.make_token(invitee),
        },
        "attachment": {"public_id": str(submitted.public_id), "attachment_id": str(attachment.pk)},
        "submitted": {"public_id": str(submitted.public_id)},
        "draft": {"public_id": str(draft.public_id)},
        "draft_page": {"public_id": str(draft.public_id), "slug": "zorgen"},
        "phone_draft": {"public_id": str(phone_draft.public_id)},
        "question": {"public_id": str(waiting.public_id), "request_id": str(question.pk)},
        "prioritised": {"public_id": str(prioritised.public_id)},
        "mail": {"public_id": str(mail.public_id)},
        "saved_filter": {"pk": str(saved_filter.pk)},
    }


def _casework_objects(registration, demo_users, users) -> dict[str, dict[str, str]]:
    """A case of Maastricht (the submitted registration's), a meeting next week chaired by the
    procesregisseur with the screener taking minutes, an item for the case with the GGZ user
    invited, and an action owned by the GGZ."""
    now = timezone.now()
    case = Case.objects.create(
        reference="MST-C-2026-00901",
        veiligheidshuis=registration.veiligheidshuis,
        opened_at=now,
        opened_by=demo_users["screener"],
    )
    CaseRegistration.objects.create(
        case=case, registration=registration, joined_at=now, joined_by=demo_users["screener"]
    )
    meeting = Meeting.objects.create(
        veiligheidshuis=registration.veiligheidshuis,
        kind=MeetingKind.objects.filter(veiligheidshuis=registration.veiligheidshuis).first(),
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=1),
        place="Zaal 1",
        chair=demo_users["regisseur"],
        minute_taker=demo_users["screener"],
        planned_by=demo_users["screener"],
        ical_uid="matrix@zvh",
    )
    item = AgendaItem.objects.create(meeting=meeting, case=case, question="Wie doet wat?")
    invitee = users["invitee"]
    Invitation.objects.create(
        item=item,
        organisation=invitee.organisation,
        user=invitee,
        invited_at=now - timedelta(hours=1),
        invited_by=demo_users["screener"],
    )
    agreement = Agreement.objects.create(
        item=item,
        case=case,
        action="Huisbezoek",
        owner_organisation=invitee.organisation,
        owner=invitee,
        due_on=(now + timedelta(days=20)).date(),
    )
    return {
        "case": {"public_id": str(case.public_id)},
        "meeting": {"public_id": str(meeting.public_id)},
        "item": {"public_id": str(item.public_id)},
        "agreement": {"public_id": str(agreement.public_id)},
    }


def _approach_objects(registration, demo_users, users) -> dict[str, dict[str, str]]:
    """A case of Maastricht in the integrated approach (the prioritised registration's),
    directed by the procesregisseur, with a plan whose one agreement the GGZ (the invitee's
    organisation) owns: the GGZ has a role in the plan, the police and the municipality not."""
    from zvh.approach.services.direction import direction_assign
    from zvh.approach.services.plans import (
        AgreementInput,
        EntryInput,
        PlanInput,
        plan_agreement_add,
        plan_version_create,
    )
    from zvh.casework.models import CaseStatus
    from zvh.network.models import LifeDomain

    now = timezone.now()
    case = Case.objects.create(
        reference="MST-C-2026-00902",
        veiligheidshuis=registration.veiligheidshuis,
        status=CaseStatus.INTEGRATED_APPROACH,
        opened_at=now,
        opened_by=demo_users["screener"],
    )
    CaseRegistration.objects.create(
        case=case, registration=registration, joined_at=now, joined_by=demo_users["screener"]
    )
    regisseur = demo_users["regisseur"]
    direction_assign(case=case, procesregisseur_id=regisseur.pk, by=demo_users["screener"], now=now)
    person = registration.persons.first()
    domain = LifeDomain.objects.filter(veiligheidshuis=case.veiligheidshuis).first()
    plan_version_create(
        case=case,
        data=PlanInput(
            form="voluntary",
            entries=[
                EntryInput(
                    person_id=person.pk, life_domain_id=domain.pk, goal="Schulden", start_score=2
                )
            ],
        ),
        base_version=0,
        by=regisseur,
        now=now,
    )
    invitee = users["invitee"]
    plan_agreement_add(
        case=case,
        data=AgreementInput(
            person_id=person.pk,
            life_domain_id=domain.pk,
            action="Budgetcoaching",
            owner_organisation_id=invitee.organisation_id,
            owner_id=invitee.pk,
            due_on=(now + timedelta(days=20)).date(),
        ),
        base_version=1,
        by=regisseur,
        now=now,
    )
    return {"approach": {"public_id": str(case.public_id)}}


@pytest.fixture
def call(client, login, users):
    """``call(role, method, url, data)``: the status code the role gets; the request runs in a
    savepoint that is rolled back afterwards. The role stays logged in between calls until the
    session changes (e.g. by logging out)."""
    current = {"role": None, "session": None}

    def _session() -> str | None:
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie else None

    def _call(role: str, method: str, url: str, data: dict | None = None) -> int:
        if current["role"] != role or current["session"] != _session():
            user = users[role]
            if user is None:
                client.logout()
            else:
                login(user)
            current.update(role=role, session=_session())
        with transaction.atomic():
            response = getattr(client, method)(url, data or {})
            transaction.set_rollback(True)
        return response.status_code

    return _call


def _mismatches(call, cases: list[tuple[str, str, str, dict[str, int], dict]]) -> list[str]:
    """Run every (route, method, url, expected codes per role, data) case, role by role (one
    login per role); a line per cell that differs."""
    problems = []
    for role in ROLES:
        for route, method, url, expect, data in cases:
            if role in expect and (got := call(role, method, url, data)) != expect[role]:
                problems.append(
                    f"{route} ({method.upper()} {url}) as {role}: expected {expect[role]}, "
                    f"got {got}"
                )
    return problems


# --- the tests ----------------------------------------------------------------------------------


def test_every_url_pattern_has_an_entry():
    routes = all_routes()
    grouped = (API_PREFIX, ADMIN_PREFIX)
    missing = [
        route
        for route in routes
        if route not in MATRIX and route not in EXEMPT and not route.startswith(grouped)
    ]
    assert not missing, (
        "URL patterns without an entry in the authorisation matrix "
        f"(add them to MATRIX in {__name__}): {missing}"
    )
    stale = [
        route for route in (*MATRIX, *EXEMPT, *API_PUBLIC, *ADMIN_FOR_ALL) if route not in routes
    ]
    assert not stale, f"Matrix entries for URL patterns that no longer exist: {stale}"
    for row in MATRIX.values():
        assert set(row.expect) == set(ROLES)


@pytest.mark.parametrize("route", list(MATRIX))
def test_the_matrix(route, call, objects):
    row = MATRIX[route]
    url = concrete(route, **(objects[row.target] if row.target else {}))
    problems = _mismatches(call, [(route, row.method, url, row.expect, row.data)])
    assert not problems, "\n".join(problems)


def test_the_api_takes_tokens_only(call):
    """Every API URL: 401 for every role's browser session (and anonymous visitors), except the
    public documentation."""
    cases = [
        (route, "get", concrete(route), dict.fromkeys(ROLES, API_PUBLIC.get(route, 401)), {})
        for route in all_routes()
        if route.startswith(API_PREFIX)
    ]
    problems = _mismatches(call, cases)
    assert not problems, "\n".join(problems)


def test_the_admin_site_is_for_administrators_only(call):
    cases = []
    for route in all_routes():
        if not route.startswith(ADMIN_PREFIX):
            continue
        if route in ADMIN_FOR_ALL:
            expect = dict.fromkeys(ROLES, ADMIN_FOR_ALL[route])
        elif route == ADMIN_INDEX:
            expect = {**dict.fromkeys(NO_ADMIN, 302), "functional_admin": 200, "superuser": 200}
        else:
            expect = dict.fromkeys(NO_ADMIN, 302)
        cases.append((route, "get", concrete(route), expect, {}))
    problems = _mismatches(call, cases)
    assert not problems, "\n".join(problems)


def test_the_own_objects_appear_only_in_the_own_lists(call, client, objects, users, login):
    """The list pages let other registrants and screeners in, but show them nothing of ours."""
    reference = "MST-2026-00901"
    login(users["registrant_other"])
    assert reference not in client.get("/aanmeldingen/").content.decode()
    login(users["screener_other"])
    assert reference not in client.get("/meldpunt/").content.decode()
    login(users["screener"])
    assert reference in client.get("/meldpunt/").content.decode()
    login(users["registrant"])
    assert reference in client.get("/aanmeldingen/").content.decode()


# --- every check goes through the permission module (issue 15) ---------------------------------

#: A refusal: forbidden, not found (outside the user's selector), or sent to the login page.
REFUSED = {302, 403, 404}


def _guarded_rows() -> dict[str, Row]:
    """The rows whose page some logged-in role may open and another may not: a role check."""
    guarded = {}
    for route, row in MATRIX.items():
        logged_in = {row.expect[role] for role in LOGGED_IN}
        if logged_in & {403, 404} and logged_in - REFUSED:
            guarded[route] = row
    return guarded


@pytest.fixture
def deny_everything(monkeypatch):
    """Make the permission module's one building block (an active, authenticated user) say no:
    every predicate built on it then refuses, and so must every page that asks the module."""
    from zvh.accounts import permissions

    monkeypatch.setattr(permissions, "is_active_user", lambda user: False)


def test_every_guarded_page_asks_the_permission_module(call, objects, deny_everything):
    """With the permission module refusing everyone, every role that the matrix lets into a
    guarded page is refused: the page's check (and its selector) asks the module, no inline
    role check lets anyone through."""
    cases = []
    for route, row in _guarded_rows().items():
        url = concrete(route, **(objects[row.target] if row.target else {}))
        allowed = [r for r in LOGGED_IN if row.expect[r] not in REFUSED]
        cases.append((route, row.method, url, dict.fromkeys(allowed, 0), row.data))
    assert len(cases) > 20
    problems = [
        f"{route} ({method.upper()} {url}) as {role}: got {got}, not refused"
        for role in ROLES
        for route, method, url, expect, data in cases
        if role in expect and (got := call(role, method, url, data)) not in REFUSED
    ]
    assert not problems, "\n".join(problems)


def test_the_admin_site_asks_the_permission_module(call, deny_everything):
    for role in ("functional_admin", "superuser"):
        assert call(role, "get", "/" + ADMIN_INDEX) == 302


def test_the_api_asks_the_permission_module(demo_users, client, monkeypatch):
    """The DRF permission classes delegate: with the module refusing, a valid token of a
    registrant client and of a meldpunt client gets 403 on every kind of endpoint."""
    from zvh.accounts import permissions
    from zvh.api.services import api_client_create

    now = timezone.now()
    _, registrant_token = api_client_create(
        organisation=demo_users["aanmelder"].organisation, name="Matrix", valid_days=1, now=now
    )
    _, meldpunt_token = api_client_create(
        organisation=demo_users["screener"].organisation,
        name="Matrix meldpunt",
        valid_days=1,
        now=now,
        role=RoleCode.SCREENER,
    )
    calls = [
        (registrant_token, "/api/v1/registrations/"),
        (registrant_token, "/api/v1/outcomes/"),
        (meldpunt_token, "/api/v1/meldpunt/queue/"),
    ]

    def statuses() -> list[int]:
        return [
            client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code
            for token, url in calls
        ]

    assert statuses() == [200, 200, 200]
    monkeypatch.setattr(permissions, "is_active_user", lambda user: False)
    assert statuses() == [403, 403, 403]


def test_the_look_alikes_are_gone():
    """One permission module: the helpers that used to answer the same questions elsewhere
    no longer exist."""
    import importlib

    gone = {
        "zvh.registrations.services": ["is_screener_of"],
        "zvh.registrations.services.editing": ["is_screener_of"],
        "zvh.triage.services": ["ensure_screener_of", "_is_procesregisseur_of"],
        "zvh.triage.closure": ["ensure_procesregisseur_of"],
        "zvh.access_log.selectors": ["is_privacy_officer"],
        "zvh.accounts.admin_site": ["is_functional_admin"],
        "zvh.triage.views": ["is_screener"],
        "zvh.triage.casework_views": ["is_procesregisseur"],
        "zvh.intake.access": ["is_screener"],
        "zvh.registrations.views": ["is_registrant"],
        "zvh.reporting.views": ["is_manager"],
        "zvh.registrations.downloads": ["_may_open_attachments"],
    }
    left = [
        f"{module}.{name}"
        for module, names in gone.items()
        for name in names
        if hasattr(importlib.import_module(module), name)
    ]
    assert not left, left
