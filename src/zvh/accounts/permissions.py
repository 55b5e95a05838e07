"""The one place that answers "may this user do X (to this object)?".

Every predicate checks that the user is authenticated and active. Selectors filter with the same
rules, services call :func:`ensure` on them, views, the admin and DRF permission classes only
delegate. A new role or access path is a new predicate here plus its column in the authorisation
matrix (``common/tests/test_authorisation_matrix.py``), never an inline role check elsewhere.

Predicates take the user first and are cheap: ``user.role_codes`` is cached on the instance and
``user.organisation`` / ``user.veiligheidshuis`` are loaded with the session's user
(``accounts.backends.UserBackend``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from .roles import RoleCode

# --------------------------------------------------------------------------------------------
# Building blocks


def is_active_user(user: Any) -> bool:
    """An authenticated, active account (an anonymous user or a disabled account is neither)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(user: Any, role: RoleCode) -> bool:
    """An active user holding ``role`` (whatever organisation it acts for)."""
    return is_active_user(user) and role in user.role_codes


def staff_veiligheidshuis_id(user: Any, role: RoleCode) -> int | None:
    """The id of the Veiligheidshuis for which an active user holds the staff role ``role``;
    None for anyone else (a staff role counts only at a Veiligheidshuis's own organisation)."""
    if not has_role(user, role):
        return None
    vh = user.veiligheidshuis
    return vh.pk if vh is not None else None


def is_staff_of(user: Any, role: RoleCode, veiligheidshuis_id: int | None) -> bool:
    """An active user with staff role ``role`` at that very Veiligheidshuis."""
    own = staff_veiligheidshuis_id(user, role)
    return own is not None and own == veiligheidshuis_id


def ensure(allowed: bool, message: str = "") -> None:
    """Raise ``PermissionDenied`` (403 in a view, a problem in the API) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)


# --------------------------------------------------------------------------------------------
# Casework (issue 12): cases, meetings, invitations, minutes and agreements
#
# The objects are ``zvh.casework`` models, passed in (this module imports no app above it).
# Invitees are a new access path: a named, active user of an invited organisation sees their
# own agenda items only, from the invitation until the window after the meeting closes.


def is_casework_staff(user: Any, veiligheidshuis_id: int | None) -> bool:
    """The meldpunt's screeners and the procesregisseurs of that very Veiligheidshuis."""
    return is_staff_of(user, RoleCode.SCREENER, veiligheidshuis_id) or is_staff_of(
        user, RoleCode.PROCESREGISSEUR, veiligheidshuis_id
    )


def may_plan_meeting(user: Any, veiligheidshuis_id: int | None) -> bool:
    """The meldpunt (screener) or a procesregisseur of the Veiligheidshuis plans its meetings."""
    return is_casework_staff(user, veiligheidshuis_id)


def may_manage_case(user: Any, case: Any) -> bool:
    """The case's own Veiligheidshuis's screeners and procesregisseurs read and direct it."""
    return is_casework_staff(user, case.veiligheidshuis_id)


def may_join_registration(user: Any, case: Any) -> bool:
    """Only the meldpunt of the case's Veiligheidshuis joins a registration to a case."""
    return is_staff_of(user, RoleCode.SCREENER, case.veiligheidshuis_id)


def invitee_window_closes(item: Any) -> Any:
    """The moment an agenda item's invitees lose access: the configured number of days after
    the meeting's end (``CaseworkSettings``; 14 when the Veiligheidshuis has none)."""
    from datetime import timedelta

    meeting = item.meeting
    settings = getattr(meeting.veiligheidshuis, "casework_settings", None)
    days = settings.invitee_days_after_meeting if settings is not None else 14
    return meeting.ends_at + timedelta(days=days)


def is_invitee(user: Any, item: Any) -> bool:
    """A named user of the invited organisation with an invitation they still hold (not handed
    to a colleague), while they still act for that organisation. One query unless the item's
    invitations were prefetched."""
    if not is_active_user(user) or user.organisation_id is None:
        return False
    return any(
        invitation.user_id == user.pk
        and invitation.organisation_id == user.organisation_id
        and invitation.answer != "delegated"
        for invitation in item.invitations.all()
    )


def invitation_of(user: Any, item: Any) -> Any:
    """The invitation ``user`` holds for ``item`` (None if none)."""
    for invitation in item.invitations.all():
        if invitation.user_id == user.pk and invitation.organisation_id == user.organisation_id:
            return invitation if invitation.answer != "delegated" else None
    return None


def may_view_agenda_item(user: Any, item: Any, *, now: Any) -> bool:
    """Staff of the item's Veiligheidshuis always; an invitee from their invitation until the
    window after the meeting closes (``invitee_window_closes``); nobody else. A cancelled
    meeting shows its invitees nothing."""
    if is_casework_staff(user, item.meeting.veiligheidshuis_id):
        return True
    invitation = invitation_of(user, item) if is_active_user(user) else None
    if invitation is None or item.meeting.state == "cancelled":
        return False
    return bool(invitation.invited_at <= now <= invitee_window_closes(item))


def may_answer_invitation(user: Any, invitation: Any) -> bool:
    """Only the invited person answers (attend, decline, send a colleague)."""
    return (
        is_active_user(user)
        and invitation.user_id == user.pk
        and invitation.organisation_id == user.organisation_id
        and invitation.answer != "delegated"
    )


def may_invite(user: Any, item: Any) -> bool:
    """The meeting's chair or the house's planners invite for an item."""
    return is_casework_staff(user, item.meeting.veiligheidshuis_id)


def may_draft_minutes(user: Any, item: Any) -> bool:
    """The meeting's minute-taker (or its chair) drafts an item's minutes."""
    meeting = item.meeting
    return is_active_user(user) and user.pk in (meeting.minute_taker_id, meeting.chair_id)


def may_finalise_minutes(user: Any, item: Any) -> bool:
    """Only the meeting's chair finalises."""
    return is_active_user(user) and user.pk == item.meeting.chair_id


def may_read_final_minutes(user: Any, item: Any, *, now: Any) -> bool:
    """Staff of the house; an invitee who attends, within the window, once the minutes are
    final."""
    if is_casework_staff(user, item.meeting.veiligheidshuis_id):
        return True
    minutes = getattr(item, "minutes", None)
    if minutes is None or minutes.finalised_at is None:
        return False
    invitation = invitation_of(user, item) if is_active_user(user) else None
    return bool(
        invitation is not None
        and invitation.answer == "attend"
        and may_view_agenda_item(user, item, now=now)
    )


def may_update_agreement(user: Any, agreement: Any) -> bool:
    """The owner and their organisation's users mark an agreement done; so does the house's
    staff."""
    if is_casework_staff(user, agreement.case.veiligheidshuis_id):
        return True
    return is_active_user(user) and user.organisation_id == agreement.owner_organisation_id


def may_view_sharing_record(user: Any, case: Any) -> bool:
    """The privacy officer of the case's Veiligheidshuis reads and exports its sharing record."""
    return is_staff_of(user, RoleCode.PRIVACY_OFFICER, case.veiligheidshuis_id)


# Data-subject requests and retention extensions (issue 17, item 3)

#: Who may ask for a registration to be kept longer than its retention period.
RETENTION_EXTENSION_REQUESTERS = (
    RoleCode.SCREENER,
    RoleCode.PROCESREGISSEUR,
    RoleCode.PRIVACY_OFFICER,
)


def may_handle_subject_requests(user: Any) -> bool:
    """Active privacy officers of a Veiligheidshuis register and handle data-subject requests
    (their own Veiligheidshuis's only: ``subject_requests.selectors``)."""
    return staff_veiligheidshuis_id(user, RoleCode.PRIVACY_OFFICER) is not None


def may_handle_subject_request(user: Any, request: Any) -> bool:
    """The privacy officers of the request's own Veiligheidshuis."""
    return is_staff_of(user, RoleCode.PRIVACY_OFFICER, request.veiligheidshuis_id)


def retention_extension_veiligheidshuis_id(user: Any) -> int | None:
    """The Veiligheidshuis for which the user may request and list retention extensions: that
    of their screener, procesregisseur or privacy-officer role; None for everyone else."""
    for role in RETENTION_EXTENSION_REQUESTERS:
        own = staff_veiligheidshuis_id(user, role)
        if own is not None:
            return own
    return None


def may_request_retention_extension(user: Any) -> bool:
    """Screeners, procesregisseurs and privacy officers of a Veiligheidshuis (for its own
    registrations); they also see its list of extensions."""
    return retention_extension_veiligheidshuis_id(user) is not None


def may_view_retention_extension(user: Any, extension: Any) -> bool:
    extension_veiligheidshuis_id: int | None = extension.veiligheidshuis_id
    return retention_extension_veiligheidshuis_id(user) == extension_veiligheidshuis_id


def may_approve_retention_extension(
    user: Any, extension: Any, *, other_officer_exists: bool | None = None
) -> bool:
    """A privacy officer of the extension's Veiligheidshuis decides on a requested extension;
    not the one who requested it, unless no other active privacy officer is there to do it
    (then the four-eyes rule cannot be kept, and the officer may approve their own request).

    ``other_officer_exists`` may be given by a caller that already knows it; otherwise one
    query finds out (only when the user is the requester)."""
    # (the status value of ``subject_requests.enums.ExtensionStatus.REQUESTED``: this module
    # imports no app's models)
    if extension.status != "requested":
        return False
    if not is_staff_of(user, RoleCode.PRIVACY_OFFICER, extension.veiligheidshuis_id):
        return False
    if extension.requested_by_id != user.pk:
        return True
    if other_officer_exists is None:
        from zvh.accounts.models import User

        other_officer_exists = (
            User.objects.filter(
                is_active=True,
                roles__code=RoleCode.PRIVACY_OFFICER,
                organisation__veiligheidshuis_id=extension.veiligheidshuis_id,
            )
            .exclude(pk=user.pk)
            .exists()
        )
    return not other_officer_exists


# --------------------------------------------------------------------------------------------
# Operations (issue 16): the health endpoints' figures


def may_see_operational_details(user: Any) -> bool:
    """Beyond ok/failing per component, the health checks' figures (heartbeat ages, outbox
    counts; never personal data): an active platform superuser. Monitoring systems present the
    metrics token instead (``operations.access``); everyone else sees ok/failing only."""
    return is_active_user(user) and bool(user.is_superuser)


# --------------------------------------------------------------------------------------------
# Issue 15 (foundations for casework): the roles' predicates. The page-level predicates (no
# object) let a role's pages open; the object-level ones decide a single record. Selectors
# filter with ``staff_veiligheidshuis_id`` / the same predicates.


def may_register(user: Any) -> bool:
    """An active registrant acting for a partner organisation: registers, and opens the own
    organisation's registrations."""
    return has_role(user, RoleCode.REGISTRANT) and user.organisation_id is not None


def is_registrant_of(user: Any, registration: Any) -> bool:
    """An active registrant of the registration's registering organisation."""
    return may_register(user) and user.organisation_id == registration.registrant_organisation_id


def may_screen_for(user: Any, veiligheidshuis_id: int | None) -> bool:
    """An active meldpunt screener of that Veiligheidshuis."""
    return is_staff_of(user, RoleCode.SCREENER, veiligheidshuis_id)


def may_screen(user: Any, registration: Any) -> bool:
    """An active meldpunt screener of the registration's own Veiligheidshuis: screens, asks for
    information, decides, records and completes registrations on a partner's behalf."""
    return may_screen_for(user, registration.veiligheidshuis_id)


def may_use_meldpunt(user: Any) -> bool:
    """An active screener of some Veiligheidshuis: the meldpunt's pages open (each record is
    then decided by ``may_screen`` or the meldpunt's selectors)."""
    return staff_veiligheidshuis_id(user, RoleCode.SCREENER) is not None


def may_direct_cases_for(user: Any, veiligheidshuis_id: int | None) -> bool:
    """An active procesregisseur of that Veiligheidshuis."""
    return is_staff_of(user, RoleCode.PROCESREGISSEUR, veiligheidshuis_id)


def may_direct_case(user: Any, registration: Any) -> bool:
    """An active procesregisseur of the registration's own Veiligheidshuis (closing its case)."""
    return may_direct_cases_for(user, registration.veiligheidshuis_id)


def may_use_casework(user: Any) -> bool:
    """An active procesregisseur of some Veiligheidshuis: the prioritised cases' pages open."""
    return staff_veiligheidshuis_id(user, RoleCode.PROCESREGISSEUR) is not None


def may_edit_draft(user: Any, registration: Any) -> bool:
    """Who changes a draft (the form, submission, attachments): a registrant of the registering
    organisation for a partner's own draft; a screener of the registration's Veiligheidshuis for
    a draft the meldpunt records on a partner's behalf (phone, e-mail). Whether it still is a
    draft is the service's rule."""
    if registration.on_behalf:
        return may_screen(user, registration)
    return is_registrant_of(user, registration)


def may_answer_information_request(user: Any, registration: Any) -> bool:
    """A registrant of the registering organisation answers the meldpunt's questions."""
    return is_registrant_of(user, registration)


def may_download_attachment(user: Any, registration: Any) -> bool:
    """The registering organisation and the case workers (screeners, procesregisseurs) of the
    registration's Veiligheidshuis; which registrations they see is
    ``registrations.selectors.registrations_visible_to``."""
    return (
        is_registrant_of(user, registration)
        or may_screen(user, registration)
        or may_direct_case(user, registration)
    )


def may_open_attachments(user: Any) -> bool:
    """The page-level check of ``may_download_attachment``: registrants and case workers."""
    return may_register(user) or may_use_meldpunt(user) or may_use_casework(user)


def may_view_figures(user: Any) -> bool:
    """An active manager of a Veiligheidshuis: its figures (aggregates only)."""
    return staff_veiligheidshuis_id(user, RoleCode.MANAGER) is not None


def may_read_access_log(user: Any) -> bool:
    """An active privacy officer of a Veiligheidshuis: its access log."""
    return staff_veiligheidshuis_id(user, RoleCode.PRIVACY_OFFICER) is not None


def may_administer(user: Any) -> bool:
    """The admin site: an active platform superuser, or an active functional administrator of a
    Veiligheidshuis (scoped to it: ``accounts.admin_site.ScopedAdmin``)."""
    return is_active_user(user) and (
        user.is_superuser or staff_veiligheidshuis_id(user, RoleCode.FUNCTIONAL_ADMIN) is not None
    )


def may_administer_everything(user: Any) -> bool:
    """An active platform superuser: the admin site unscoped."""
    return is_active_user(user) and user.is_superuser


def may_use_api(user: Any) -> bool:
    """The API: an API client's service user that is active (its role then decides which
    endpoints: ``may_register`` for registrant clients, ``may_use_meldpunt`` for the meldpunt's)."""
    return is_active_user(user)


# --------------------------------------------------------------------------------------------
# Session timeout warning: "stay logged in" (issue 14)


def may_keep_session_alive(user: Any) -> bool:
    """Any active, logged-in user may renew their own session's idle time (never beyond the
    session's absolute lifetime); an anonymous visitor has nothing to renew."""
    return is_active_user(user)


# --------------------------------------------------------------------------------------------
# Navigation and invitations (issue 14, point 10)


def may_invite_users(user: Any) -> bool:
    """Functional administrators of a Veiligheidshuis (for its staff and partners) and platform
    superusers."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    return staff_veiligheidshuis_id(user, RoleCode.FUNCTIONAL_ADMIN) is not None


def may_invite_user(user: Any, invitee: Any, *, in_scope: bool) -> bool:
    """``may_invite_users``, for an account that has never logged in, within the inviter's
    scope (``in_scope``: the invitee acts for the Veiligheidshuis's own staff organisation or a
    partner in its network; a superuser's scope is everyone)."""
    return may_invite_users(user) and invitee.last_login is None and (user.is_superuser or in_scope)


# --------------------------------------------------------------------------------------------
# Casework 1, the rest (branch ``case``, issue 12): the staff's casework API, changing an
# agreement


def may_use_casework_api(user: Any) -> bool:
    """An API client's service user that is casework staff (the meldpunt or a procesregisseur)
    of its own Veiligheidshuis: the staff's casework endpoints open (each object is then
    decided by the casework selectors and services)."""
    vh = getattr(user, "veiligheidshuis", None) if is_active_user(user) else None
    return vh is not None and is_casework_staff(user, vh.pk)


def may_change_agreement(user: Any, agreement: Any) -> bool:
    """The house's casework staff, or the minute-taker or chair of the meeting the agreement
    was made on, change an open agreement's action, owner and due date."""
    if is_casework_staff(user, agreement.case.veiligheidshuis_id):
        return True
    return agreement.item is not None and may_draft_minutes(user, agreement.item)


# The integrated approach (issue 13, branch ``plan``): direction, the caseload, the plan of
# approach and what partners with a role in it see. The objects are ``zvh.approach`` /
# ``zvh.casework`` models, passed in.


def may_assign_procesregisseur(user: Any, case: Any) -> bool:
    """The screeners and procesregisseurs of the case's own Veiligheidshuis assign its
    procesregisseur and hand it over."""
    return is_casework_staff(user, case.veiligheidshuis_id)


def may_be_procesregisseur_of(user: Any, case: Any) -> bool:
    """Who may be assigned: an active procesregisseur of the case's own Veiligheidshuis."""
    return may_direct_cases_for(user, case.veiligheidshuis_id)


def may_read_plan(user: Any, case: Any) -> bool:
    """The screeners and procesregisseurs of the case's own Veiligheidshuis read the whole
    plan of approach, its versions and its history."""
    return is_casework_staff(user, case.veiligheidshuis_id)


def may_edit_plan(user: Any, case: Any) -> bool:
    """The procesregisseurs of the case's own Veiligheidshuis write the plan (new versions,
    agreements, what is shared with partners)."""
    return may_direct_cases_for(user, case.veiligheidshuis_id)


def may_view_plan_part(user: Any, *, partner_organisation_ids: Any) -> bool:
    """A partner with a role in the plan: an active user of an organisation that owns one of
    its agreements or that the procesregisseur shared a part with (``partner_organisation_ids``,
    computed by ``approach.selectors``). They see only those parts and their own agreements."""
    return is_active_user(user) and user.organisation_id in set(partner_organisation_ids)


# The screener's queue: assignment and saved filters (issue 14, point 3; branch `queue`)


def may_assign(user: Any, registration: Any, assignee: Any | None) -> bool:
    """A screener of the registration's own Veiligheidshuis assigns it to a screener of that
    same Veiligheidshuis (themselves or a colleague), or unassigns it (``assignee`` None)."""
    if not may_screen(user, registration):
        return False
    return assignee is None or may_screen(assignee, registration)


def may_save_queue_filters(user: Any) -> bool:
    """Every screener keeps their own saved queue filters."""
    return may_use_meldpunt(user)


def may_delete_saved_filter(user: Any, saved_filter: Any) -> bool:
    """A screener deletes their own saved filters only."""
    return may_save_queue_filters(user) and saved_filter.user_id == user.pk
