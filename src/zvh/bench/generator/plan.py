"""How much data a scale means, and the fixed choices of the synthetic network."""

import datetime as dt
from dataclasses import dataclass

#: At scale 1.0: a national deployment after ten years.
FULL_REGISTRATIONS = 1_000_000
FULL_ACCESS_LOG_ENTRIES = 10_000_000
YEARS = 10
HOUSES = 30
#: Staff per Veiligheidshuis, by role (the bench users come on top, in the bench house only).
STAFF_PER_HOUSE = {"screener": 4, "procesregisseur": 3, "manager": 1, "functional_admin": 1}
PRIVACY_OFFICERS_PER_HOUSE = 1
LOCAL_PARTNERS_PER_HOUSE = 8
NATIONAL_PARTNERS = 3
REGISTRANTS_PER_PARTNER = 5
#: Bench accounts per role in the bench house: one per simulated user at the highest concurrency
#: (16) plus one spare.
BENCH_ACCOUNTS_PER_ROLE = 17
BENCH_PASSWORD = "zvh-bench-wachtwoord"  # noqa: S105  (synthetic bench database only)
#: Share of main persons who were registered before (same BSN, or same name and birth date).
KNOWN_BEFORE_SHARE = 0.2
DRAFT_SHARE = 0.005
INFORMATION_REQUEST_SHARE = 0.15


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The sizes of one run: registrations and access-log entries scale, the network does not."""

    scale: float
    seed: int
    end: dt.datetime
    registrations: int
    access_log_entries: int

    @classmethod
    def of(cls, *, scale: float, seed: int, end: dt.datetime) -> "Plan":
        if scale <= 0:
            raise ValueError("The scale must be positive.")
        if end.tzinfo is None:
            raise ValueError("The end of the period must be timezone-aware.")
        registrations = max(1, round(FULL_REGISTRATIONS * scale))
        entries = max(registrations, round(FULL_ACCESS_LOG_ENTRIES * scale))
        return cls(
            scale=scale,
            seed=seed,
            # UTC, as the services see time: aware arithmetic in a local zone would add wall-clock
            # days across daylight-saving changes, where the services add real ones
            end=end.astimezone(dt.UTC),
            registrations=registrations,
            access_log_entries=entries,
        )

    @property
    def start(self) -> dt.datetime:
        return self.end - dt.timedelta(days=365 * YEARS + YEARS // 4)
