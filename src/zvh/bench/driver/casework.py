"""The casework scenarios' data (issue 12): one case of the bench Veiligheidshuis on a meeting
next week, every bench registrant invited for its item, and open agreements owned by the first
registrant's organisation. Made once per bench database (found again on later runs)."""

import datetime as dt
from typing import Any

from zvh.accounts.models import User
from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseRegistration,
    Invitation,
    Meeting,
    MeetingKind,
)
from zvh.network.models import LifeDomain, Veiligheidshuis
from zvh.registrations.models import Registration

#: How many open actions the owner's list shows in the bench.
BENCH_AGREEMENTS = 40
BENCH_UID = "bench-casework@zvh"


def casework_inputs(*, veiligheidshuis: Veiligheidshuis, now: dt.datetime) -> dict[str, Any]:
    screener = User.objects.get(username="bench-screener-01")
    registrants = list(User.objects.filter(username__startswith="bench-registrant-"))
    meeting = Meeting.objects.filter(ical_uid=BENCH_UID).first()
    if meeting is None:
        registration = (
            Registration.objects.filter(veiligheidshuis=veiligheidshuis)
            .exclude(status="draft")
            .filter(case_link__isnull=True)
            .order_by("-received_at")
            .first()
        )
        assert registration is not None  # generate_data made registrations
        case = Case.objects.create(
            reference=f"{veiligheidshuis.code}-C-BENCH-00001",
            veiligheidshuis=veiligheidshuis,
            opened_at=now,
            opened_by=screener,
        )
        CaseRegistration.objects.create(
            case=case, registration=registration, joined_at=now, joined_by=screener
        )
        kind, _created = MeetingKind.objects.get_or_create(
            veiligheidshuis=veiligheidshuis, name="Casusoverleg"
        )
        meeting = Meeting.objects.create(
            veiligheidshuis=veiligheidshuis,
            kind=kind,
            starts_at=now + dt.timedelta(days=7),
            ends_at=now + dt.timedelta(days=7, hours=1),
            place="Zaal 1",
            chair=screener,
            minute_taker=screener,
            planned_by=screener,
            ical_uid=BENCH_UID,
        )
        item = AgendaItem.objects.create(
            meeting=meeting,
            case=case,
            question="Wie pakt de regie op?",
            summary="Een samenvatting voor het overleg.",
        )
        item.shared_life_domains.set(LifeDomain.objects.filter(veiligheidshuis=veiligheidshuis)[:3])
        owner = registrants[0]
        Agreement.objects.bulk_create(
            Agreement(
                item=item,
                case=case,
                action=f"Actie {n}",
                owner_organisation=owner.organisation,
                owner=owner,
                due_on=(now + dt.timedelta(days=10 + n)).date(),
            )
            for n in range(BENCH_AGREEMENTS)
        )
    else:
        # keep the meeting ahead, so the invitees' window stays open on every run
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=now + dt.timedelta(days=7), ends_at=now + dt.timedelta(days=7, hours=1)
        )
    item = AgendaItem.objects.get(meeting=meeting)
    for user in registrants:
        if user.organisation is None:
            continue
        Invitation.objects.get_or_create(
            item=item,
            user=user,
            defaults={
                "organisation": user.organisation,
                "invited_at": now - dt.timedelta(hours=1),
                "invited_by": screener,
            },
        )
    return {
        "casework_item": str(item.public_id),
        "casework_open_actions": Agreement.objects.filter(
            owner_organisation_id=registrants[0].organisation_id, state="open"
        ).count(),
    }
