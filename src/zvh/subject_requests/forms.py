"""The privacy officer's forms. They parse input; the rules live in the services and come back
as field errors (``ServiceForm.add_service_errors``), so a refused form keeps what was typed."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.common.form_fields import bsn_search_field, date_field, radio_choice, text_area
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.triage.forms import ServiceForm

from .enums import Decision, NoticeMeans, RequesterKind, RequestKind, RestrictionGround
from .models import SubjectRequest
from .services import PersonInput, RequestDetails, RequesterInput

#: Domain error keys of the services that are not a field's name, and the field they belong to.
ERROR_FIELDS = {
    "person": "bsn",
    "requester_contact": "requester_address",
    "extension": "reason",
    "extension_reason": "reason",
    "extension_notice_on": "notice_on",
    "restriction_ground": "ground",
    "restriction_explanation": "explanation",
    "decision_ground": "ground",
    "report": "decision",
    "status": None,
    "registration": "registration",
}


class DomainForm(ServiceForm):
    service_names = ERROR_FIELDS


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return date_field(
        label,
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a date, for example 2026-12-03."),
        },
        **kwargs,
    )


class RequestForm(DomainForm):
    kind = radio_choice(
        _("Kind of request"),
        RequestKind.choices,
        required_message=_("Choose the kind of request."),
    )
    bsn = bsn_search_field(_("BSN"))
    surname = forms.CharField(label=_("Surname (with prefix)"), required=False, max_length=200)
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    date_of_birth = date_field(_("Date of birth"), required=False)
    requester_kind = radio_choice(
        _("Who made the request"),
        RequesterKind.choices,
        required_message=_("Choose who made the request."),
    )
    requester_name = forms.CharField(
        label=_("Name of the requester"),
        required=False,
        max_length=200,
        help_text=_("Required for a representative; for the data subject, if different."),
    )
    requester_address = text_area(_("Postal address"), rows=3, required=False, max_length=500)
    requester_email = forms.EmailField(label=_("E-mail address"), required=False)
    requester_phone = forms.CharField(label=_("Telephone number"), required=False, max_length=30)
    received_on = _date(_("Received on"))

    @classmethod
    def initial_for(cls, request: SubjectRequest) -> dict[str, Any]:
        return {
            "kind": request.kind,
            "bsn": request.bsn,
            "surname": request.surname,
            "given_names": request.given_names,
            "date_of_birth": request.date_of_birth,
            "requester_kind": request.requester_kind,
            "requester_name": request.requester_name,
            "requester_address": request.requester_address,
            "requester_email": request.requester_email,
            "requester_phone": request.requester_phone,
            "received_on": request.received_on,
        }

    def details(self) -> RequestDetails:
        data = self.cleaned_data
        return RequestDetails(
            kind=RequestKind(data["kind"]),
            person=PersonInput(
                bsn=data.get("bsn") or "",
                surname=data.get("surname") or "",
                given_names=data.get("given_names") or "",
                date_of_birth=data.get("date_of_birth"),
            ),
            requester=RequesterInput(
                kind=RequesterKind(data["requester_kind"]),
                name=data.get("requester_name") or "",
                address=data.get("requester_address") or "",
                email=data.get("requester_email") or "",
                phone=data.get("requester_phone") or "",
            ),
            received_on=data["received_on"],
        )


class ExtendForm(DomainForm):
    reason = text_area(
        _("Reason for the extension"),
        rows=4,
        help_text=_("For example the complexity or the number of requests (GDPR art. 12(3))."),
        required_message=_("Give the reason for the extension."),
    )
    notice_on = _date(
        _("Requester told on"),
        help_text=_("The day the requester was told of the extension and its reason."),
    )
    notice_means = radio_choice(
        _("Requester told by"),
        NoticeMeans.choices,
        required_message=_("Choose how the requester was told."),
    )


class RestrictionForm(DomainForm):
    ground = radio_choice(
        _("Legal ground"),
        RestrictionGround.choices,
        required_message=_("Choose the legal ground of the restriction."),
    )
    explanation = text_area(
        _("What is withheld, and why"),
        rows=4,
        required_message=_("Explain what is withheld and why."),
    )


class AnswerForm(DomainForm):
    decision = radio_choice(
        _("Decision"), Decision.choices, required_message=_("Choose the decision.")
    )
    ground = text_area(
        _("Ground"),
        rows=4,
        required=False,
        help_text=_("Required when the request is refused or partly granted."),
    )
    answered_on = _date(_("Answered on"))


class ExtensionRequestForm(DomainForm):
    registration = forms.CharField(
        label=_("Reference of the registration"),
        max_length=30,
        help_text=_("For example MST-2026-00042."),
        error_messages={"required": _("Enter the reference of the registration.")},
    )
    reason = text_area(
        _("Reason to keep it longer"),
        rows=4,
        required_message=_("Give the reason to keep the registration longer."),
    )
    ends_on = _date(_("Keep until"))


APPROVE, REJECT = "approve", "reject"


class ExtensionDecisionForm(DomainForm):
    decision = radio_choice(
        _("Decision"),
        [(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        required_message=_("Choose approve or reject."),
    )
    decision_note = text_area(
        _("Note"), rows=3, required=False, help_text=_("Required when rejecting.")
    )


def today_initial(now: dt.datetime) -> dt.date:
    """Today in Dutch local time: the default date of receipt, notice and answer."""
    return now.astimezone(LOCAL_TZ).date()
