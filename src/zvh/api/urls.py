from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import (
    approach_staff_views,
    approach_views,
    casework_staff_views,
    casework_views,
    meldpunt_views,
    registrant_views,
    views,
)

app_name = "api"


class HouseCode:
    """A Veiligheidshuis short code in any case (anything else falls through to a 404)."""

    regex = "[A-Za-z]{2,5}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


class CbsCode(HouseCode):
    regex = "[Gg][Mm][0-9]{4}"


class RowId:
    """A database id small enough for any integer column (longer numbers are a 404)."""

    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(HouseCode, "house")
register_converter(CbsCode, "cbs")
register_converter(RowId, "rowid")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("problems/<slug:slug>/", views.ProblemTypeView.as_view(), name="problem-type"),
    path(
        "veiligheidshuizen/", views.VeiligheidshuisListView.as_view(), name="veiligheidshuis-list"
    ),
    path(
        "veiligheidshuizen/<house:code>/",
        views.VeiligheidshuisDetailView.as_view(),
        name="veiligheidshuis-detail",
    ),
    path(
        "veiligheidshuizen/<house:code>/life-domains/",
        views.LifeDomainListView.as_view(),
        name="life-domain-list",
    ),
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality-list"),
    path(
        "municipalities/<cbs:cbs_code>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality-detail",
    ),
    path(
        "municipalities/<cbs:cbs_code>/target-groups/",
        views.TargetGroupListView.as_view(),
        name="target-group-list",
    ),
    path("outcomes/", views.OutcomeListView.as_view(), name="outcome-list"),
    # registrant clients
    path(
        "registrations/",
        registrant_views.RegistrationListCreateView.as_view(),
        name="registration-list",
    ),
    path(
        "registrations/<uuid:public_id>/",
        registrant_views.RegistrationDetailView.as_view(),
        name="registration-detail",
    ),
    path(
        "registrations/<uuid:public_id>/submit/",
        registrant_views.RegistrationSubmitView.as_view(),
        name="registration-submit",
    ),
    path(
        "registrations/<uuid:public_id>/attachments/",
        registrant_views.AttachmentListCreateView.as_view(),
        name="registration-attachments",
    ),
    path(
        "registrations/<uuid:public_id>/information-requests/<rowid:request_id>/answer/",
        registrant_views.InformationAnswerView.as_view(),
        name="registration-answer",
    ),
    # meldpunt (screener) clients
    path("meldpunt/queue/", meldpunt_views.QueueView.as_view(), name="meldpunt-queue"),
    path("meldpunt/options/", meldpunt_views.OptionsView.as_view(), name="meldpunt-options"),
    path(
        "meldpunt/registrations/<uuid:public_id>/",
        meldpunt_views.MeldpuntRegistrationView.as_view(),
        name="meldpunt-registration",
    ),
    path(
        "meldpunt/registrations/<uuid:public_id>/screening/",
        meldpunt_views.ScreeningView.as_view(),
        name="meldpunt-screening",
    ),
    path(
        "meldpunt/registrations/<uuid:public_id>/information-requests/",
        meldpunt_views.InformationRequestView.as_view(),
        name="meldpunt-information-request",
    ),
    path(
        "meldpunt/registrations/<uuid:public_id>/decision/",
        meldpunt_views.DecisionView.as_view(),
        name="meldpunt-decision",
    ),
    # the procesregisseur's monitoring, escalation and closure (issue 13, items 4 to 6 and 8)
    path(
        "approach/plans/<uuid:public_id>/evaluations/",
        approach_staff_views.EvaluationListCreateView.as_view(),
        name="evaluation-list",
    ),
    path(
        "approach/plans/<uuid:public_id>/evaluations/<rowid:pk>/",
        approach_staff_views.EvaluationDetailView.as_view(),
        name="evaluation-detail",
    ),
    path(
        "approach/plans/<uuid:public_id>/escalations/",
        approach_staff_views.EscalationListCreateView.as_view(),
        name="escalation-list",
    ),
    path(
        "approach/plans/<uuid:public_id>/escalation-routes/",
        approach_staff_views.EscalationRouteListView.as_view(),
        name="escalation-route-list",
    ),
    path(
        "approach/plans/<uuid:public_id>/closure/",
        approach_staff_views.ClosureView.as_view(),
        name="closure",
    ),
    path(
        "approach/plans/<uuid:public_id>/aftercare-checks/",
        approach_staff_views.CheckListCreateView.as_view(),
        name="aftercare-check-list",
    ),
    # the integrated approach (issue 13): a case's plan of approach
    path("approach/plans/<uuid:public_id>/", approach_views.PlanView.as_view(), name="plan"),
    path(
        "approach/plans/<uuid:public_id>/versions/",
        approach_views.PlanVersionCreateView.as_view(),
        name="plan-version-create",
    ),
    # casework (issue 12): the organisation's actions and the invited agenda items
    path("casework/actions/", casework_views.ActionListView.as_view(), name="action-list"),
    path(
        "casework/actions/<uuid:public_id>/",
        casework_views.ActionDetailView.as_view(),
        name="action-detail",
    ),
    path(
        "casework/actions/<uuid:public_id>/done/",
        casework_views.ActionDoneView.as_view(),
        name="action-done",
    ),
    path(
        "casework/meetings/",
        casework_staff_views.MeetingListCreateView.as_view(),
        name="meeting-list",
    ),
    path(
        "casework/agenda-items/",
        casework_views.InvitedItemListView.as_view(),
        name="agenda-item-list",
    ),
    # casework, the staff's writes (issue 12, branch case): meetings, agenda items,
    # invitations, minutes, agreements
    path(
        "casework/meetings/<uuid:public_id>/",
        casework_staff_views.MeetingDetailView.as_view(),
        name="meeting-detail",
    ),
    path(
        "casework/meetings/<uuid:public_id>/change/",
        casework_staff_views.MeetingChangeView.as_view(),
        name="meeting-change",
    ),
    path(
        "casework/meetings/<uuid:public_id>/cancel/",
        casework_staff_views.MeetingCancelView.as_view(),
        name="meeting-cancel",
    ),
    path(
        "casework/meetings/<uuid:public_id>/items/",
        casework_staff_views.AgendaItemCreateView.as_view(),
        name="agenda-item-create",
    ),
    path(
        "casework/agenda-items/<uuid:public_id>/",
        casework_staff_views.AgendaItemDetailView.as_view(),
        name="agenda-item-detail",
    ),
    path(
        "casework/agenda-items/<uuid:public_id>/outcome/",
        casework_staff_views.AgendaItemOutcomeView.as_view(),
        name="agenda-item-outcome",
    ),
    path(
        "casework/agenda-items/<uuid:public_id>/invitations/",
        casework_staff_views.InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path(
        "casework/agenda-items/<uuid:public_id>/minutes/",
        casework_staff_views.MinutesView.as_view(),
        name="minutes",
    ),
    path(
        "casework/agenda-items/<uuid:public_id>/minutes/finalise/",
        casework_staff_views.MinutesFinaliseView.as_view(),
        name="minutes-finalise",
    ),
    path(
        "casework/agenda-items/<uuid:public_id>/agreements/",
        casework_staff_views.AgreementCreateView.as_view(),
        name="agreement-create",
    ),
    path(
        "casework/agreements/<uuid:public_id>/",
        casework_staff_views.AgreementDetailView.as_view(),
        name="agreement-detail",
    ),
    path(
        "casework/agreements/<uuid:public_id>/change/",
        casework_staff_views.AgreementChangeView.as_view(),
        name="agreement-change",
    ),
    path(
        "casework/agreements/<uuid:public_id>/done/",
        casework_staff_views.AgreementDoneView.as_view(),
        name="agreement-done",
    ),
    path(
        "casework/invitations/<uuid:public_id>/answer/",
        casework_staff_views.InvitationAnswerView.as_view(),
        name="invitation-answer",
    ),
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not-found"),  # newlines too
]
