import datetime as dt

import pytest

from zvh.bench.generator.plan import Plan
from zvh.bench.generator.run import dataset_generate
from zvh.deadlines.calculation import LOCAL_TZ

#: 200 registrations and 2,000 access-log entries: small enough for SQLite in every test run.
TINY = 0.0002
END = dt.datetime(2026, 6, 30, 18, tzinfo=LOCAL_TZ)


def tiny_plan(*, seed: int = 7) -> Plan:
    return Plan.of(scale=TINY, seed=seed, end=END)


@pytest.fixture
def generated(db):
    return dataset_generate(plan=tiny_plan())
