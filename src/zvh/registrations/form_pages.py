"""The registrant's form as short question pages (GOV.UK "one thing per page"), then "check your
answers" before submitting.

Each page shows a part of the one draft form (``editing.Parts``) and saves it through the same
draft service (``services.registration_save_draft``); what a page does not show stays as stored.
Submission is checked once, on the check page, by ``completeness``: its errors link to the
question page and the question that needs an answer, in the order of the pages.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.common.error_summary import SummaryItem

from .editing import Parts
from .forms import PartnerForm, PersonForm, RegistrationForm
from .services import CONTACT_FIELDS

#: Query parameter of a "change" link on the check page: after the page, back to the check.
RETURN_TO_CHECK = "terug"


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionPage:
    """One question page: its URL slug, its heading, and the parts of the form it shows."""

    slug: str
    title: Promise
    parts: Parts
    attachments: bool = False


def _fields_only(*names: str) -> Parts:
    """A page of registration fields only (no persons, no partners)."""
    return Parts(fields=names, persons=False, partners=False)


PAGES: tuple[QuestionPage, ...] = (
    QuestionPage(
        slug="personen",
        title=gettext_lazy("About the person or persons"),
        parts=Parts(fields=(), persons=True, partners=False),
    ),
    QuestionPage(
        slug="doelgroep",
        title=gettext_lazy("Municipality and target group"),
        parts=_fields_only("target_group"),
    ),
    QuestionPage(
        slug="zorgen",
        title=gettext_lazy("Concerns"),
        parts=_fields_only("reason", "situation", "life_domains", "urgency", "urgency_explanation"),
    ),
    QuestionPage(
        slug="informeren",
        title=gettext_lazy("Informing the client"),
        parts=_fields_only(
            "client_informed",
            "client_informed_on",
            "client_informed_how",
            "not_informed_reason",
            "not_informed_explanation",
        ),
    ),
    QuestionPage(
        slug="partners",
        title=gettext_lazy("Partners already involved"),
        parts=Parts(fields=(), persons=False, partners=True),
    ),
    QuestionPage(
        slug="bijlagen",
        title=gettext_lazy("Attachments"),
        parts=_fields_only("attachment"),
        attachments=True,
    ),
    QuestionPage(
        slug="contact",
        title=gettext_lazy("Contact details"),
        parts=_fields_only(*CONTACT_FIELDS),
    ),
)
BY_SLUG: Mapping[str, QuestionPage] = {page.slug: page for page in PAGES}
SLUGS = tuple(BY_SLUG)

#: Questions answered with radio buttons or checkboxes: a link goes to their first option.
_CHOICE_FIELDS = frozenset(
    {"target_group", "life_domains", "urgency", "client_informed", "not_informed_reason"}
)


def page_number(page: QuestionPage) -> int:
    return PAGES.index(page) + 1


def next_page(page: QuestionPage) -> QuestionPage | None:
    index = PAGES.index(page)
    return PAGES[index + 1] if index + 1 < len(PAGES) else None


def previous_page(page: QuestionPage) -> QuestionPage | None:
    index = PAGES.index(page)
    return PAGES[index - 1] if index > 0 else None


def page_url(public_id: Any, page: QuestionPage, *, back_to_check: bool = False) -> str:
    url = reverse("registrations:question", args=[public_id, page.slug])
    return f"{url}?{RETURN_TO_CHECK}=1" if back_to_check else url


def page_of_field(name: str) -> QuestionPage:
    """The page that asks a registration field."""
    for page in PAGES:
        if page.parts.fields and name in page.parts.fields:
            return page
    return PAGES[0]


def _registration_label(name: str) -> str:
    field = RegistrationForm.base_fields.get(name)
    return str(field.label) if field is not None else ""


def _person_title(index: int) -> str:
    if index == 0:
        return _("Registered person")
    return _("Person %(number)s") % {"number": index + 1}


def _order_key(key: str) -> tuple[int, int, int, str]:
    """Errors in the order of the pages, then of the persons or partners, then of the fields."""
    parts = key.split(".")
    if parts[0] in {"persons", "partners"}:
        page = BY_SLUG["personen" if parts[0] == "persons" else "partners"]
        index = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else -1
        form = PersonForm if parts[0] == "persons" else PartnerForm
        names = list(form.base_fields)
        field_index = names.index(parts[2]) if index >= 0 and parts[2] in names else -1
        return PAGES.index(page), index, field_index, key
    page = page_of_field(parts[0])
    fields = page.parts.fields or ()
    return PAGES.index(page), 0, fields.index(parts[0]) if parts[0] in fields else -1, key


def _link(public_id: Any, key: str) -> tuple[str, str]:
    """Where an error about ``key`` links to, and the label it is shown with."""
    if key == "__all__":
        return page_url(public_id, PAGES[0], back_to_check=True), ""
    parts = key.split(".")
    if parts[0] in {"persons", "partners"}:
        page = BY_SLUG["personen" if parts[0] == "persons" else "partners"]
        url = page_url(public_id, page, back_to_check=True)
        if len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            form = PersonForm if parts[0] == "persons" else PartnerForm
            field = form.base_fields.get(parts[2])
            title = (
                _person_title(index)
                if parts[0] == "persons"
                else _("Involved partner %(number)s") % {"number": index + 1}
            )
            label = f"{title}, {field.label}" if field is not None else title
            return f"{url}#id_{parts[0]}-{index}-{parts[2]}", label
        return f"{url}#{parts[0]}-errors", ""
    page = page_of_field(key)
    suffix = "_0" if key in _CHOICE_FIELDS else ""
    url = page_url(public_id, page, back_to_check=True)
    return f"{url}#id_{key}{suffix}", _registration_label(key)


def check_summary(public_id: Any, errors: Mapping[str, Sequence[str]]) -> list[SummaryItem]:
    """The errors of a refused submission (keyed as ``completeness`` keys them), in the order
    of the pages, each linking to its question on its page."""
    items = []
    for key in sorted(errors, key=_order_key):
        href, label = _link(public_id, key)
        for message in errors[key]:
            text = f"{label}: {message}" if label else str(message)
            items.append(SummaryItem(href=href, text=text))
    return items
