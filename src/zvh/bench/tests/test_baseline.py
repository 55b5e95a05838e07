"""The benchmark baseline view: only where ZVH_BENCH_VIEWS is on, only for logged-in users."""

import pytest

from zvh.accounts.models import User

pytestmark = pytest.mark.urls("zvh.bench.urls")


@pytest.fixture
def screener(demo_users) -> User:
    return next(u for u in demo_users.values() if "screener" in u.role_codes)


def test_the_baseline_answers_a_verified_user(settings, login, screener):
    settings.ZVH_BENCH_VIEWS = True
    response = login(screener).get("/bench/baseline/")
    assert response.status_code == 200
    assert response.content.startswith(b"ok")


def test_the_baseline_takes_one_query_besides_session_and_user(
    settings, login, screener, django_assert_max_num_queries
):
    settings.ZVH_BENCH_VIEWS = True
    browser = login(screener)
    browser.get("/bench/baseline/")
    # session, user, OTP device, roles (second-factor check), the query itself, session save
    with django_assert_max_num_queries(7):
        browser.get("/bench/baseline/")


def test_without_the_setting_there_is_no_baseline(settings, login, screener):
    settings.ZVH_BENCH_VIEWS = False
    assert login(screener).get("/bench/baseline/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(settings, client):
    settings.ZVH_BENCH_VIEWS = True
    response = client.get("/bench/baseline/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_production_urls_have_no_baseline(client, login, screener):
    from django.urls import NoReverseMatch, reverse

    with pytest.raises(NoReverseMatch):
        reverse("bench-baseline", urlconf="zvh.config.urls")
