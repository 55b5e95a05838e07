"""Reads of casework; visibility is decided here, with the predicates of
``zvh.accounts.permissions`` (the selectors filter by the same rules)."""

import uuid
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from zvh.accounts.models import User
from zvh.accounts.permissions import (
    is_casework_staff,
    may_view_agenda_item,
    may_view_sharing_record,
)
from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.registrations.models import Registration

from .models import (
    AgendaItem,
    Agreement,
    Case,
    CaseRegistration,
    Invitation,
    Meeting,
    SharingRecord,
)


def staff_house_id(user: User) -> int | None:
    """The Veiligheidshuis whose casework the user does (screener or procesregisseur)."""
    vh = user.veiligheidshuis if user.is_authenticated else None
    if vh is None or not is_casework_staff(user, vh.pk):
        return None
    return vh.pk


def cases_for_staff(user: User) -> QuerySet[Case]:
    """The cases of the user's own Veiligheidshuis (screeners and procesregisseurs)."""
    vh_id = staff_house_id(user)
    if vh_id is None:
        return Case.objects.none()
    return Case.objects.filter(veiligheidshuis_id=vh_id)


def case_for_staff(*, user: User, public_id: uuid.UUID | str) -> Case:
    queryset = (
        cases_for_staff(user)
        .select_related("close_reason")
        .prefetch_related(
            "links__registration",
            "history__by",
            "agenda_items__meeting__kind",
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related(
                    "owner_organisation", "item__meeting__kind"
                ),
            ),
        )
    )
    return get_object_or_404(queryset, public_id=public_id)


def open_cases(user: User) -> QuerySet[Case]:
    return cases_for_staff(user).exclude(status="closed").order_by("reference")


def period_bounds(*, view: str, day: date) -> tuple[date, date]:
    """The first and the day after the last day of the week (Monday-Sunday) or month."""
    if view == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def meetings_for_staff(*, user: User, start: date, end: date) -> QuerySet[Meeting]:
    """The meetings of the user's Veiligheidshuis in [start, end) (local days), with their kind,
    chair and number of items: a constant number of queries whatever the number of rows."""
    vh_id = staff_house_id(user)
    if vh_id is None:
        return Meeting.objects.none()
    begin = datetime.combine(start, datetime.min.time(), tzinfo=LOCAL_TZ)
    finish = datetime.combine(end, datetime.min.time(), tzinfo=LOCAL_TZ)
    return (
        Meeting.objects.filter(veiligheidshuis_id=vh_id, starts_at__gte=begin, starts_at__lt=finish)
        .select_related("kind", "chair", "minute_taker")
        .annotate(item_count=Count("items"))
        .order_by("starts_at", "pk")
    )


def meeting_for_staff(*, user: User, public_id: uuid.UUID | str) -> Meeting:
    vh_id = staff_house_id(user)
    if vh_id is None:
        raise Http404
    queryset = Meeting.objects.select_related(
        "kind", "chair", "minute_taker", "veiligheidshuis"
    ).prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.select_related("case").order_by("position"))
    )
    return get_object_or_404(queryset, veiligheidshuis_id=vh_id, public_id=public_id)


def agenda_item_for(*, user: User, public_id: uuid.UUID | str, now: datetime) -> AgendaItem:
    """An agenda item the user may see (``may_view_agenda_item``): staff of its house, or an
    invitee within the window. Anything else is a 404 (an uninvited user cannot tell an item
    exists)."""
    item = (
        AgendaItem.objects.select_related(
            "case",
            "meeting__kind",
            "meeting__chair",
            "meeting__minute_taker",
            "meeting__veiligheidshuis__casework_settings",
        )
        .prefetch_related(
            Prefetch(
                "invitations", queryset=Invitation.objects.select_related("organisation", "user")
            ),
            "shared_life_domains",
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("owner", "owner_organisation"),
            ),
        )
        .filter(public_id=public_id)
        .first()
    )
    if item is None or not may_view_agenda_item(user, item, now=now):
        raise Http404
    return item


def invitee_items(*, user: User, now: datetime) -> list[AgendaItem]:
    """The agenda items the user is invited to and may open now (for their home page)."""
    if not user.is_authenticated or user.organisation_id is None:
        return []
    items = (
        AgendaItem.objects.filter(
            invitations__user=user,
            invitations__organisation_id=user.organisation_id,
            meeting__state=Meeting.State.PLANNED,
        )
        .exclude(invitations__answer=Invitation.Answer.DELEGATED, invitations__user=user)
        .select_related("case", "meeting__kind", "meeting__veiligheidshuis__casework_settings")
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.filter(user=user)))
        .distinct()
        .order_by("meeting__starts_at")
    )
    return [item for item in items if may_view_agenda_item(user, item, now=now)]


def organisation_actions(*, user: User, open_only: bool = True) -> QuerySet[Agreement]:
    """The agreements owned by the user's organisation (partners and staff alike), the earliest
    due first, with what the list shows: a constant number of queries."""
    if not user.is_authenticated or user.organisation_id is None or not user.is_active:
        return Agreement.objects.none()
    queryset = Agreement.objects.filter(owner_organisation_id=user.organisation_id)
    if open_only:
        queryset = queryset.filter(state=Agreement.State.OPEN)
    return queryset.select_related("owner", "case", "item__meeting__kind").order_by("due_on", "pk")


def action_for(*, user: User, public_id: uuid.UUID | str) -> Agreement:
    queryset = Agreement.objects.select_related("case", "owner_organisation", "item__meeting")
    agreement = queryset.filter(public_id=public_id).first()
    if agreement is None:
        raise Http404
    same_org = user.organisation_id == agreement.owner_organisation_id
    if not (same_org or is_casework_staff(user, agreement.case.veiligheidshuis_id)):
        raise Http404
    return agreement


def sharing_record_for(
    *, user: User, public_id: uuid.UUID | str, plan_only: bool = False
) -> tuple[Case, QuerySet[SharingRecord]]:
    """The privacy officer of the case's house reads its one sharing record: every kind, or
    only what of the plan of approach went to which partner (``plan_only``); 404 for others."""
    case = Case.objects.filter(public_id=public_id).first()
    if case is None or not may_view_sharing_record(user, case):
        raise Http404
    records = SharingRecord.objects.filter(case=case)
    if plan_only:
        records = records.exclude(kind=SharingRecord.Kind.CONSULTATION)
    return case, records.select_related("organisation", "meeting__kind", "shared_by").order_by(
        "shared_at", "pk"
    )


def cases_for_privacy_officer(user: User) -> QuerySet[Case]:
    vh = user.veiligheidshuis if user.is_authenticated else None
    if vh is None or RoleCode.PRIVACY_OFFICER not in user.role_codes:
        return Case.objects.none()
    return Case.objects.filter(veiligheidshuis=vh).filter(~Q(sharing_records=None)).distinct()


def case_proposals(*, registration: Registration, earlier: list[int]) -> list[Case]:
    """The open cases the earlier registrations (the "already known" matches) belong to: what
    the meldpunt may join ``registration`` to (none once it belongs to a case itself)."""
    if not earlier or CaseRegistration.objects.filter(registration=registration).exists():
        return []
    return list(
        Case.objects.filter(links__registration_id__in=earlier)
        .exclude(status="closed")
        .distinct()
        .order_by("reference")
    )


# --- the staff's casework API (a staff client's own Veiligheidshuis; 404 for the rest) ----------


def meetings_of_staff(user: User) -> QuerySet[Meeting]:
    """Every meeting of the user's Veiligheidshuis (staff only), with what a response shows."""
    vh_id = staff_house_id(user)
    if vh_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(veiligheidshuis_id=vh_id).select_related(
        "kind", "chair", "minute_taker", "veiligheidshuis"
    )


def items_for_staff(user: User) -> QuerySet[AgendaItem]:
    """The agenda items of the user's Veiligheidshuis's meetings (staff only)."""
    vh_id = staff_house_id(user)
    if vh_id is None:
        return AgendaItem.objects.none()
    return AgendaItem.objects.filter(meeting__veiligheidshuis_id=vh_id).select_related(
        "case", "meeting__kind", "meeting__veiligheidshuis"
    )


def agreements_for_staff(user: User) -> QuerySet[Agreement]:
    """The agreements of the user's Veiligheidshuis's cases (staff only)."""
    vh_id = staff_house_id(user)
    if vh_id is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(case__veiligheidshuis_id=vh_id).select_related(
        "case", "item__meeting", "owner", "owner_organisation"
    )


def invitations_held_by(user: User) -> QuerySet[Invitation]:
    """The invitations the user holds for their own organisation (what they may answer)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        user=user, organisation_id=user.organisation_id
    ).select_related("item__case", "item__meeting", "organisation", "user")
