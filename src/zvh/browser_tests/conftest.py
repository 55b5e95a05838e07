"""Browser fixtures: one real headless Chromium per session, a fresh context per test, a live
server, logging in through the real form, and axe-core for accessibility.

Chromium is Debian's (``scripts/ensure-chromium``; set ``ZVH_CHROMIUM`` for another path), never
one downloaded by ``playwright install``.

Playwright's sync API runs an asyncio loop on the test's thread, and Django refuses ORM calls on
a thread with a running loop. So: inside a browser test ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set (the
test and its fixtures use the ORM while the loop is there), and between browser tests the loop
is taken off the thread (``_PlaywrightLoop``), so that every other test in the session, and the
database teardown, run exactly as without a browser. (Django's connection handler keeps separate
connections while a loop runs; ``page`` closes those at the end of each test.)
"""

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import TEST_PASSWORD, current_code
from zvh.accounts.models import User

CHROMIUM = os.environ.get("ZVH_CHROMIUM", "/usr/bin/chromium")
#: Our users are Dutch: Chromium runs in Dutch, so a date field takes dd-mm-jjjj as theirs does.
#: ``--lang`` sets it on Windows and macOS; on Linux Chromium takes its language from the
#: environment (``LANGUAGE``), and only with its Dutch resources installed (Debian's
#: ``chromium-l10n``, which ``scripts/ensure-chromium`` installs); without them it falls back to
#: en-US, and ``test_locale.py`` says so. Each context also gets the locale (``page``).
CHROMIUM_LOCALE = "nl-NL"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--lang={CHROMIUM_LOCALE}",
]
CHROMIUM_ENV = {"LANGUAGE": "nl_NL:nl"}
#: WCAG 2.1 levels A and AA (axe-core rule tags).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Playwright's own waits; generous for a busy two-core machine.
TIMEOUT_MS = 15_000


class _PlaywrightLoop:
    """Puts Playwright's event loop on the main thread while a browser test runs, and takes it
    off again afterwards (``asyncio._set_running_loop`` is the low-level hook event-loop
    implementations use for this)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None

    def park(self) -> None:
        self._loop = asyncio.events._get_running_loop()
        asyncio.events._set_running_loop(None)

    def resume(self) -> None:
        asyncio.events._set_running_loop(self._loop)


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch) -> None:
    """Only for the tests in this package; never set globally."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def _playwright_session(
    django_db_setup, django_db_blocker
) -> Iterator[tuple[Browser, _PlaywrightLoop]]:
    """Started after the test database exists, stopped before it is destroyed."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: run `make browser` "
            "(or set ZVH_CHROMIUM to its path)."
        )
    loop = _PlaywrightLoop()
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, **CHROMIUM_ENV},
        )
    except Exception:
        playwright.stop()
        raise
    loop.park()
    yield browser, loop
    loop.resume()
    try:
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(_playwright_session) -> Browser:
    """One headless Chromium for the whole session."""
    return _playwright_session[0]


@pytest.fixture
def page(_playwright_session, live_server) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies), Dutch, with the live server as base URL:
    ``page.goto("/")``."""
    browser, loop = _playwright_session
    loop.resume()
    try:
        context = browser.new_context(
            locale=CHROMIUM_LOCALE,
            timezone_id="Europe/Amsterdam",
            base_url=live_server.url,
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        try:
            yield context.new_page()
        finally:
            context.close()
    finally:
        # While the loop runs, Django keeps the thread's connections apart (asgiref's Local
        # follows the running loop): close those, or they outlive the test database.
        connections.close_all()
        loop.park()


@pytest.fixture
def log_in(page) -> Callable[..., Page]:
    """Log in through the real login form; returns the page the form leads to."""

    def _log_in(username: str, password: str = TEST_PASSWORD) -> Page:
        """Password step, then (for an account with a device, as every demo account has) the
        TOTP code step, both through the real form."""
        page.goto(reverse("login"))
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Volgende").click()
        code_field = page.get_by_label("Code")
        if code_field.count():
            code_field.fill(current_code(User.objects.get(username=username)))
            with page.expect_navigation():
                page.get_by_role("button", name="Inloggen").click()
        return page

    return _log_in


_axe = Axe()


def assert_accessible(page: Page, *, context: str | None = None) -> None:
    """Run axe-core's WCAG 2.1 A and AA rules on the page (or the ``context`` selector); fail
    with one readable line per violation and offending element."""
    results = _axe.run(
        page,
        context=context,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
            lines.append(f"      {node['html'][:200]}")
    pytest.fail("\n".join(lines), pytrace=False)


def save_screenshot(page: Page, name: str) -> Path | None:
    """With ``ZVH_SCREENSHOTS=<dir>``, save a full-page screenshot there (for a human look)."""
    directory = os.environ.get("ZVH_SCREENSHOTS")
    if not directory:
        return None
    path = Path(directory) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
