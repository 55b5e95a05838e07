"""The procesregisseur's pages: the prioritised cases of their own Veiligheidshuis, and one case.

A procesregisseur directs the process of a case the meldpunt prioritised for the integrated
approach. Need to know: they see those cases only (``selectors.registrations_for_procesregisseur``),
read-only, never the meldpunt's queue or registrations with another outcome (a 404, like another
Veiligheidshuis's). Everyone else gets 403.

Access logging (purpose process direction): the list is logged as a search concerning the
registrations and main persons on the page, a case as a view of the registration and all its
persons, before rendering; refusals (403, 404) are logged as denied
(``zvh.registrations.access``).
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.roles import RoleCode
from zvh.registrations.access import guarded, log_page_read

from .selectors import procesregisseur_cases, procesregisseur_registration

MINE, ALL = "mine", "all"


def is_procesregisseur(user) -> bool:
    return RoleCode.PROCESREGISSEUR in user.role_codes and user.veiligheidshuis is not None


def procesregisseur_only(*, event_type: EventType):
    return guarded(
        allowed=is_procesregisseur, event_type=event_type, purpose=Purpose.PROCESS_DIRECTION
    )


class CaseFilterForm(forms.Form):
    use_required_attribute = False

    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(MINE, _("The cases assigned to me")), (ALL, _("All prioritised cases"))],
        widget=forms.RadioSelect,
        required=False,
    )

    def mine_only(self) -> bool:
        """Mine unless "all" was chosen (an invalid choice counts as mine)."""
        return not (self.is_valid() and self.cleaned_data.get("show") == ALL)


@require_GET
@procesregisseur_only(event_type=EventType.SEARCH)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, initial={"show": MINE})
    mine_only = form.mine_only()
    page = procesregisseur_cases(
        user=request.user, mine_only=mine_only, page=request.GET.get("page")
    )
    cases = list(page.object_list)
    log_page_read(
        request,
        registrations=cases,
        persons=[person for case in cases if (person := case.main_person) is not None],
        event_type=EventType.SEARCH,
        purpose=Purpose.PROCESS_DIRECTION,
    )
    return render(
        request,
        "triage/casework/list.html",
        {
            "form": form,
            "page": page,
            "cases": cases,
            "mine_only": mine_only,
            "query": "" if mine_only else f"show={ALL}",
        },
    )


@require_GET
@procesregisseur_only(event_type=EventType.VIEW)
def case_detail(request: HttpRequest, public_id) -> HttpResponse:
    registration = procesregisseur_registration(user=request.user, public_id=public_id)
    log_page_read(
        request,
        registrations=[registration],
        persons=registration.persons.all(),
        purpose=Purpose.PROCESS_DIRECTION,
    )
    return render(
        request,
        "triage/casework/detail.html",
        {"registration": registration, "decision": registration.decision},
    )
