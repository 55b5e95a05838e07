"""``CappedPaginator``: counts at most ``cap + 1`` rows, and says when there are more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zvh.accounts.models import Role
from zvh.common.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def test_below_the_cap_it_pages_like_the_plain_paginator(roles):
    paginator = CappedPaginator(Role.objects.order_by("code"), 2, cap=100)
    assert paginator.count == Role.objects.count()
    assert not paginator.capped
    assert paginator.num_pages == -(-Role.objects.count() // 2)


def test_above_the_cap_it_stops_counting(roles):
    total = Role.objects.count()
    assert total > 3
    paginator = CappedPaginator(Role.objects.order_by("code"), 2, cap=3)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 3
    assert paginator.capped
    assert paginator.num_pages == 2
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert "LIMIT 4" in sql
    assert [r.code for r in paginator.get_page(2)] == [
        r.code for r in Role.objects.order_by("code")[2:3]
    ]


def test_a_list_works_too():
    paginator = CappedPaginator(list(range(10)), 4, cap=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 2)
