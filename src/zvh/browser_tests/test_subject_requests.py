"""A data subject's access request, in real Chromium: the privacy officer registers it, attaches
the access report, extends the term, answers it and prints the letter; every page passes
axe-core's WCAG 2.1 A/AA rules, the error summary included."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from zvh.subject_requests.models import SubjectRequest

from .conftest import assert_accessible, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_access_request_from_registration_to_the_printed_letter(page, log_in, demo_users):
    log_in("privacy")
    page.goto(reverse("home"))  # one role lands on its work list; the home page has the cards
    page.get_by_role("link", name="Naar het toegangslog").click()
    page.get_by_role("link", name="Verzoeken van betrokkenen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoeken van betrokkenen")
    assert_accessible(page)

    page.get_by_role("link", name="Een verzoek registreren").click()
    # an incomplete form: a linked Dutch error summary, still accessible
    page.get_by_role("button", name="Het verzoek registreren").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Kies het soort verzoek.")
    assert_accessible(page)
    summary.get_by_role("link", name="Soort verzoek: Kies het soort verzoek.").click()

    page.get_by_label("Inzage", exact=True).check()
    page.get_by_label("BSN").fill("111222333")
    page.get_by_label("De betrokkene zelf").check()
    page.get_by_label("Postadres").fill("Teststraat 1\n6211 AA Maastricht")
    page.get_by_role("button", name="Het verzoek registreren").click()
    request = SubjectRequest.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzoek {request.reference}")
    save_screenshot(page, "subject-request-detail")
    assert_accessible(page)

    page.get_by_role("button", name="Het inzageoverzicht maken en toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Het inzageoverzicht is gemaakt")

    page.get_by_role("link", name="De termijn verlengen").click()
    assert_accessible(page)
    page.get_by_label("Reden voor de verlenging").fill("Veel betrokken partners")
    page.get_by_label("E-mail", exact=True).check()
    page.get_by_role("button", name="Met twee maanden verlengen").click()
    expect(page.get_by_role("status")).to_contain_text("De termijn is met twee maanden verlengd.")
    request.refresh_from_db()
    assert request.extended_on == timezone.localdate()

    page.get_by_role("link", name="Het verzoek beantwoorden").click()
    assert_accessible(page)
    page.get_by_label("Toegewezen", exact=True).check()
    page.get_by_role("button", name="Het antwoord vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Het antwoord is vastgelegd.")
    assert_accessible(page)

    page.get_by_role("link", name="De antwoordbrief").click()
    expect(page.get_by_role("heading", name="Ons besluit")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Bijlage: wie uw gegevens heeft ingezien")
    ).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "subject-request-letter")
    # printed: no menus, no buttons, no back link; the letter and its enclosure only
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Terug naar het verzoek")).to_be_hidden()
    expect(page.get_by_text("Ons kenmerk")).to_be_visible()
    assert "111222333" not in page.content()
