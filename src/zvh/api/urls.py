from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

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


register_converter(HouseCode, "house")
register_converter(CbsCode, "cbs")

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
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not-found"),  # newlines too
]
