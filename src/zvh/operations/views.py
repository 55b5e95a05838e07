"""``/health/live``, ``/health/ready`` (open to everyone: ok or failing per component; figures
only for a platform superuser or the metrics token) and ``/metrics`` (the metrics token only)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from zvh.accounts.permissions import may_see_operational_details

from .access import metrics_token, presents_metrics_token
from .health import COMPONENTS, readiness
from .metrics import scrape_registry


@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers (no database access: a slow database must not get it restarted)."""
    return JsonResponse({"status": "ok"})


@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """200 when every component asked for (``?check=database,migrations``; default: all) is ok,
    else 503. An unknown component is a 400."""
    asked = [name for value in request.GET.getlist("check") for name in value.split(",") if name]
    unknown = sorted(set(asked) - set(COMPONENTS))
    if unknown:
        return JsonResponse(
            {
                "status": "error",
                "detail": f"unknown component(s): {', '.join(unknown)}",
                "components": list(COMPONENTS),
            },
            status=400,
        )
    result = readiness(now=timezone.now(), components=asked or COMPONENTS)
    body: dict = {
        "status": "ok" if result.ok else "failing",
        "checks": {name: "ok" if r.ok else "failing" for name, r in result.results.items()},
    }
    if presents_metrics_token(request) or may_see_operational_details(request.user):
        body["details"] = {name: r.details for name, r in result.results.items() if r.details}
    return JsonResponse(body, status=200 if result.ok else 503)


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format. No token configured: 404; a wrong or missing token: 401."""
    if not metrics_token():
        raise Http404
    if not presents_metrics_token(request):
        response = HttpResponse("", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="zvh-metrics"'
        return response
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
