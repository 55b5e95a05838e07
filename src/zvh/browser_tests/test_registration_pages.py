"""The registrant's question pages in real Chromium, on a laptop (1366x900) and a phone (390x844):
every page passes axe-core and never scrolls sideways on the phone; the error summary comes in
page order and takes the focus; its links land on the question with the question in view; a
new person takes the focus (issue 14.5)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from zvh.registrations.form_pages import PAGES
from zvh.registrations.models import Registration

from .conftest import assert_accessible, save_screenshot
from .test_pages import record_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request, page) -> str:
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


def start_draft(page: Page, log_in) -> Registration:
    log_in("aanmelder")
    page.goto(reverse("registrations:start"))
    page.get_by_label("Gemeente waar de persoon woont").select_option(label="Maastricht")
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Over de persoon of personen")
    return Registration.objects.get()


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} is {width}px wide at a {inner}px viewport"


def test_every_question_page_and_the_check_page_fit_and_pass_axe(
    page, log_in, demo_users, viewport
):
    problems = record_problems(page)
    draft = start_draft(page, log_in)
    urls = [reverse("registrations:question", args=[draft.public_id, p.slug]) for p in PAGES]
    urls += [reverse("registrations:check", args=[draft.public_id]), reverse("registrations:list")]
    for url in urls:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        save_screenshot(page, f"question-{viewport}-{url.strip('/').split('/')[-1]}")
        assert_fits(page)
        assert_accessible(page)
    assert problems == []


def test_add_another_person_keeps_the_focus_on_the_new_person(page, log_in, demo_users, viewport):
    start_draft(page, log_in)
    page.get_by_label("Voornamen").fill("Noor")
    with page.expect_navigation():
        page.get_by_role("button", name="Nog een persoon toevoegen").click()
    person = page.get_by_role("group", name="Persoon 2")
    relation = person.get_by_label("Relatie tot de aangemelde persoon")
    expect(relation).to_be_focused()
    expect(person.locator("legend")).to_be_in_viewport()
    expect(
        page.get_by_role("group", name="Aangemelde persoon").get_by_label("Voornamen")
    ).to_have_value("Noor")
    assert_fits(page)
    assert_accessible(page)


def test_the_error_summary_is_in_page_order_focused_and_lands_on_the_question(
    page, log_in, demo_users, viewport
):
    draft = start_draft(page, log_in)
    main = page.get_by_role("group", name="Aangemelde persoon")
    main.get_by_label("BSN").fill("123456789")
    with page.expect_navigation():
        page.get_by_role("button", name="Nog een persoon toevoegen").click()
    page.get_by_role("group", name="Persoon 2").get_by_label("BSN").fill("111")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en verder").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    assert links.nth(0).get_attribute("href") == "#id_persons-0-bsn"
    assert links.nth(1).get_attribute("href") == "#id_persons-1-bsn"
    assert_accessible(page)

    # On the check page: what is still missing, in the order of the pages; a link to a
    # checkbox question lands on its first option with the question (legend) in view.
    page.goto(reverse("registrations:check", args=[draft.public_id]))
    with page.expect_navigation():
        page.get_by_role("button", name="De aanmelding versturen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    hrefs = [a.get_attribute("href") for a in summary.get_by_role("link").all()]
    order = [p.slug for p in PAGES]
    slugs = [re.search(r"/vragen/([^/]+)/", href).group(1) for href in hrefs]
    assert slugs == sorted(slugs, key=order.index)
    assert_fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        summary.get_by_role("link", name=re.compile("^Betrokken leefgebieden")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgen")
    first_domain = page.locator("#id_life_domains_0")
    expect(first_domain).to_be_focused()
    legend = page.get_by_role("group", name=re.compile("^Betrokken leefgebieden")).locator("legend")
    expect(legend).to_be_in_viewport()


def test_heerlen_gets_a_stop_page_naming_parkstad(page, log_in, demo_users, houses, viewport):
    from zvh.network.elsewhere import municipalities_elsewhere_load

    municipalities_elsewhere_load()
    problems = record_problems(page)
    log_in("aanmelder")
    page.goto(reverse("registrations:start"))
    page.get_by_label("Gemeente waar de persoon woont").select_option(label="Heerlen")
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inwoners van Heerlen elders aanmelden"
    )
    expect(page.get_by_role("main")).to_contain_text("Zorg- en Veiligheidshuis Parkstad")
    assert_fits(page)
    assert_accessible(page)
    assert problems == []
    assert not Registration.objects.exists()
