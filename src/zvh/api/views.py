"""Read-only configuration endpoints, and the base every API view builds on."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.mixins import ListModelMixin
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.network.enums import Outcome
from zvh.network.models import Municipality, Veiligheidshuis
from zvh.network.selectors import target_groups_for_municipality

from . import selectors
from .concurrency import require_if_match_header
from .problems import PROBLEM_TYPES, InvalidQuery, field_error, problem_type_uri
from .schema import described
from .serializers import (
    ChoiceSerializer,
    LifeDomainSerializer,
    MunicipalityFilterSerializer,
    MunicipalitySerializer,
    TargetGroupSerializer,
    VeiligheidshuisSerializer,
    choices,
)

CONFIGURATION = ["Configuration"]
VH_CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="Short code of the Veiligheidshuis, e.g. MST (any case).",
    pattern="^[A-Za-z]{2,5}$",
)
CBS_CODE = OpenApiParameter(
    "cbs_code",
    str,
    OpenApiParameter.PATH,
    description="CBS code of the municipality, e.g. GM0935 (any case).",
    pattern="^[Gg][Mm][0-9]{4}$",
)


class ApiViewMixin:
    """Every API view: English texts whatever the request's language, and no unknown query
    parameters (a typo in a filter is an error, not a silently unfiltered list). A view names
    its filters in ``query_serializer``; list views also take ``page`` and ``page_size``."""

    query_serializer: type[serializers.Serializer] | None = None

    def allowed_query_parameters(self) -> set[str]:
        allowed = set(self.query_serializer().fields) if self.query_serializer else set()
        paginator = getattr(self, "paginator", None)
        if isinstance(self, ListModelMixin) and paginator is not None:
            allowed |= {paginator.page_query_param, paginator.page_size_query_param}
        return allowed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in getattr(self, "if_match_methods", ()):
            require_if_match_header(request)  # before the body is read (concurrency.py)
        unknown = sorted(set(request.query_params) - self.allowed_query_parameters())
        if unknown:
            errors = []
            for name in unknown:
                error = field_error((name,), "This query parameter is not supported.", "unknown")
                error["pointer"] = None
                errors.append(error)
            raise InvalidQuery(errors=errors)

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = "en"
        return response


def validated_query(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    """Query parameters checked by a serializer; invalid ones are a 400 (invalid-query)."""
    serializer = serializer_class(data=request.query_params.dict())
    if not serializer.is_valid():
        errors = []
        for name, messages in serializer.errors.items():
            for message in messages:
                error = field_error((name,), str(message), getattr(message, "code", "invalid"))
                error["pointer"] = None
                errors.append(error)
        raise InvalidQuery(errors=errors)
    return serializer.validated_data


def _house(code: str) -> Veiligheidshuis:
    return get_object_or_404(Veiligheidshuis, code=code.upper())


@described("get", "List the Veiligheidshuizen", tags=CONFIGURATION)
class VeiligheidshuisListView(ApiViewMixin, generics.ListAPIView):
    """Every Veiligheidshuis in zvh with its procedure: reply term, outcomes, intake channels,
    screening criteria and life domains. Ordered by code."""

    serializer_class = VeiligheidshuisSerializer

    def get_queryset(self) -> Any:
        return selectors.veiligheidshuizen_for_api()


@described("get", "Read one Veiligheidshuis", tags=CONFIGURATION, parameters=[VH_CODE])
class VeiligheidshuisDetailView(ApiViewMixin, generics.RetrieveAPIView):
    serializer_class = VeiligheidshuisSerializer

    def get_object(self) -> Veiligheidshuis:
        return get_object_or_404(
            selectors.veiligheidshuizen_for_api(), code=self.kwargs["code"].upper()
        )


@described(
    "get", "List the life domains of a Veiligheidshuis", tags=CONFIGURATION, parameters=[VH_CODE]
)
class LifeDomainListView(ApiViewMixin, generics.ListAPIView):
    """In the configured order (by position)."""

    serializer_class = LifeDomainSerializer

    def get_queryset(self) -> Any:
        return selectors.life_domains_of(veiligheidshuis=_house(self.kwargs["code"]))


@described(
    "get", "List municipalities", tags=CONFIGURATION, parameters=[MunicipalityFilterSerializer]
)
class MunicipalityListView(ApiViewMixin, generics.ListAPIView):
    """Municipalities by CBS code and the Veiligheidshuis serving each (null when none in zvh
    serves it). Ordered by name, then CBS code."""

    serializer_class = MunicipalitySerializer
    query_serializer = MunicipalityFilterSerializer

    def get_queryset(self) -> Any:
        query = validated_query(MunicipalityFilterSerializer, self.request)
        return selectors.municipalities_for_api(
            veiligheidshuis_code=query.get("veiligheidshuis"), served=query.get("served")
        )


@described("get", "Read one municipality", tags=CONFIGURATION, parameters=[CBS_CODE])
class MunicipalityDetailView(ApiViewMixin, generics.RetrieveAPIView):
    """One municipality by its CBS code, with the serving Veiligheidshuis."""

    serializer_class = MunicipalitySerializer

    def get_object(self) -> Municipality:
        return get_object_or_404(
            Municipality.objects.select_related("veiligheidshuis"),
            cbs_code=self.kwargs["cbs_code"].upper(),
        )


@described(
    "get",
    "List the target groups that apply to a municipality",
    tags=CONFIGURATION,
    parameters=[CBS_CODE],
)
class TargetGroupListView(ApiViewMixin, generics.ListAPIView):
    """The target groups of the Veiligheidshuis serving the municipality that apply to it; a
    registration for a resident may name one of these. Ordered by name, then code."""

    serializer_class = TargetGroupSerializer

    def get_queryset(self) -> Any:
        municipality = get_object_or_404(Municipality, cbs_code=self.kwargs["cbs_code"].upper())
        return (
            target_groups_for_municipality(municipality=municipality)
            .select_related("veiligheidshuis")
            .order_by("name", "code")
        )


@described("get", "List the triage outcomes", tags=CONFIGURATION)
class OutcomeListView(ApiViewMixin, generics.ListAPIView):
    """Every outcome zvh knows, in a fixed order; each Veiligheidshuis offers some of them (see
    `offered_outcomes`)."""

    serializer_class = ChoiceSerializer

    def get_queryset(self) -> Any:
        return choices(Outcome, Outcome.values)


class PublicApiView(ApiViewMixin, APIView):
    """Open to anyone without a token, unthrottled, outside the schema."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    schema = None


class ProblemTypeView(PublicApiView):
    """What a problem ``type`` URI means."""

    def get(self, request: Request, slug: str) -> Response:
        problem = PROBLEM_TYPES.get(slug)
        if problem is None:
            raise NotFound()
        return Response(
            {
                "type": problem_type_uri(slug),
                "title": problem.title,
                "status": problem.status,
                "description": problem.description,
            }
        )


class NotFoundView(PublicApiView):
    """Any other path under /api/v1/: a problem+json 404 rather than an HTML page."""

    def http_method_not_allowed(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        raise NotFound()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        raise NotFound()
