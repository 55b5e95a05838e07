"""The shared pages load completely (stylesheet included, nothing refused by the
Content-Security-Policy) and reflow to a 320 px wide screen (WCAG 1.4.10)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_problems(page: Page) -> list[str]:
    """Failed requests, error responses and console errors (CSP violations are among them)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else 0)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else 0)
    return problems


def test_the_login_and_home_page_load_without_errors_and_with_their_stylesheet(
    page, log_in, demo_users
):
    problems = record_problems(page)
    page.goto(reverse("login"))
    log_in("screener")
    expect(page.get_by_role("heading", level=1)).to_have_text("Te screenen aanmeldingen")
    assert problems == []
    # app.css applied: the header has the accent colour, not the browser's default.
    header_colour = page.locator(".site-header").evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert header_colour == "rgb(1, 104, 155)"


@pytest.mark.parametrize("username", [None, "aanmelder"])
def test_pages_reflow_to_320_pixels_without_horizontal_scrolling(
    username, page, log_in, demo_users
):
    page.set_viewport_size({"width": 320, "height": 640})
    if username:
        log_in(username)
    else:
        page.goto(reverse("login"))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} is {scroll_width}px wide at a 320px viewport"
