"""What the load generator needs, read from the bench database: the bench accounts' TOTP
secrets, the registrations to open, a person known several times, the form's choices."""

import datetime as dt
import math
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import User
from zvh.api.services import api_client_create
from zvh.network.models import Organisation, Veiligheidshuis
from zvh.registrations.models import Person, Registration
from zvh.registrations.status import OPEN_STATUSES
from zvh.triage.selectors import PAGE_SIZE

from ..generator.plan import BENCH_PASSWORD
from ..names import SURNAMES
from .caseload import caseload_inputs
from .casework import casework_inputs

ROLES = {
    "screener": "bench-screener-",
    "privacy": "bench-privacy-",
    "registrant": "bench-registrant-",
    "regisseur": "bench-regisseur-",  # made by ``caseload_inputs``, read before the accounts
}


#: The contact e-mail addresses of the submission scenarios' registrations (below).
BENCH_CONTACT_EMAILS = ("bench@zvh.invalid", "agent@zvh.invalid")


class NoBenchDataError(RuntimeError):
    pass


def bench_accounts() -> dict[str, list[dict[str, str]]]:
    """Per role: username, password and TOTP secret (hex) of every bench account, with the
    device's replay guard reset (each account logs in once per bench run)."""
    accounts: dict[str, list[dict[str, str]]] = {}
    for role, prefix in ROLES.items():
        devices = TOTPDevice.objects.filter(user__username__startswith=prefix, confirmed=True)
        devices.update(last_t=-1, drift=0)
        accounts[role] = [
            {"username": d.user.username, "password": BENCH_PASSWORD, "key": d.key}
            for d in devices.select_related("user").order_by("user__username")
        ]
        if not accounts[role]:
            raise NoBenchDataError("No bench accounts: run `manage.py generate_data` first.")
    return accounts


def scenario_inputs(*, now: dt.datetime) -> dict[str, Any]:
    screener = User.objects.select_related("organisation").get(username="bench-screener-01")
    vh: Veiligheidshuis = screener.organisation.veiligheidshuis
    submitted = Registration.objects.filter(veiligheidshuis=vh).exclude(status="draft")
    open_count = submitted.filter(status__in=OPEN_STATUSES).count()
    pages = max(1, math.ceil(open_count / PAGE_SIZE))
    # the generated registrations only: the submission scenarios' own (all the same person)
    # would make every later run's detail page list hundreds of "already known" matches
    generated = submitted.exclude(contact_email__in=BENCH_CONTACT_EMAILS)
    detail_ids = [
        str(pk)
        for pk in generated.order_by("-received_at").values_list("public_id", flat=True)[:300]
    ]
    known = (
        Person.objects.filter(registration__veiligheidshuis=vh)
        .exclude(bsn="")
        .values("bsn")
        .annotate(n=Count("registration"))
        .order_by("-n", "bsn")
        .first()
    )
    registrant = User.objects.select_related("organisation").get(username="bench-registrant-01")
    municipality = vh.municipalities.order_by("pk").first()
    target_group = vh.target_groups.filter(municipalities=municipality).order_by("pk").first()
    domains = list(vh.life_domains.order_by("position").values_list("pk", flat=True)[:2])
    bsns = list(
        Person.objects.filter(registration__veiligheidshuis=vh)
        .exclude(bsn="")
        .order_by("pk")
        .values_list("bsn", flat=True)[:200]
    )
    return {
        "veiligheidshuis": vh.code,
        "open_registrations": open_count,
        "queue_pages": pages,
        "queue_later_page": min(pages, 5) if pages > 1 else 1,
        "detail_ids": detail_ids,
        "search_terms": [s.split()[-1] for s in SURNAMES[:12]],
        "bsns": bsns,
        "privacy": {
            "bsn": known["bsn"],
            "registrations_of_person": known["n"],
            "period": {
                # whole local days, as the form reads them (UTC's date is yesterday's
                # between midnight and 01:00/02:00 Dutch time, and would leave today out)
                "date_from": (timezone.localdate(now) - dt.timedelta(days=5 * 365 + 1)).isoformat(),
                "date_to": timezone.localdate(now).isoformat(),
            },
        },
        "web_form": {
            "municipality": municipality.pk,
            "fields": _web_fields(
                municipality=municipality.pk, target_group=target_group, domains=domains
            ),
        },
        "api_body": _api_body(
            municipality=municipality.cbs_code, target_group=target_group, domains=domains
        ),
        "api_token": _api_token(registrant.organisation, now=now),
        "api_organisation_registrations": Registration.objects.filter(
            registrant_organisation=registrant.organisation
        ).count(),
        **casework_inputs(veiligheidshuis=vh, now=now),
        **caseload_inputs(veiligheidshuis=vh, now=now),
    }


def _web_fields(*, municipality: int, target_group: Any, domains: list[int]) -> dict[str, Any]:
    return {
        "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "1",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "1000",
        "persons-0-given_names": "Bram",
        "persons-0-surname_prefix": "van",
        "persons-0-surname": "Dijk",
        "persons-0-date_of_birth": "1988-03-14",
        "persons-0-street": "Markt 1",
        "persons-0-postal_code": "1011AB",
        "persons-0-city": "Bench",
        "persons-0-municipality": str(municipality),
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
        "target_group": str(target_group.pk) if target_group else "",
        "reason": "Zorgen over veiligheid in het gezin.",
        "situation": "De politie is deze maand drie keer ter plaatse geweest.",
        "life_domains": [str(d) for d in domains],
        "urgency": "normal",
        "client_informed": "yes",
        "client_informed_on": "2026-01-20",
        "client_informed_how": "In een gesprek thuis",
        "contact_name": "Bench Aanmelder",
        "contact_email": BENCH_CONTACT_EMAILS[0],
    }


def _api_body(*, municipality: str, target_group: Any, domains: list[int]) -> dict[str, Any]:
    return {
        "persons": [
            {
                "given_names": "Jan",
                "surname": "Jansen",
                "date_of_birth": "1984-05-17",
                "street": "Markt 1",
                "postal_code": "1011 AB",
                "city": "Bench",
                "municipality": municipality,
            }
        ],
        "target_group": target_group.code if target_group else None,
        "reason": "Repeated incidents; care refused so far.",
        "situation": "Police were called three times this month.",
        "life_domains": domains,
        "urgency": "normal",
        "contact_name": "A. Agent",
        "contact_email": BENCH_CONTACT_EMAILS[1],
        "client_informed": True,
        "client_informed_on": "2026-01-20",
        "client_informed_how": "By phone",
        "partners": [],
        "submit": True,
    }


def _api_token(organisation: Organisation, *, now: dt.datetime) -> str:
    """A fresh API client for the bench registrants' organisation (one per bench run)."""
    name = f"bench {now:%Y%m%d%H%M%S}"
    _client, token = api_client_create(organisation=organisation, name=name, valid_days=1, now=now)
    return token


def dataset_counts() -> dict[str, int]:
    from zvh.access_log.models import AccessLogEntry

    return {
        "veiligheidshuizen": Veiligheidshuis.objects.count(),
        "registrations": Registration.objects.count(),
        "persons": Person.objects.count(),
        "access_log_entries": AccessLogEntry.objects.count(),
        "at": timezone.now().isoformat(timespec="seconds"),
    }
