"""The benchmark baseline: the cheapest page a logged-in, verified user can ask for."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from zvh.registrations.models import Registration


@require_GET
@login_required
def baseline(request: HttpRequest) -> HttpResponse:
    """One indexed query (the user's Veiligheidshuis's newest open deadline, on the queue
    index) through the full middleware stack: session, second factor, CSP. Exists only where
    ``ZVH_BENCH_VIEWS`` is on (the bench settings), a 404 everywhere else."""
    if not getattr(settings, "ZVH_BENCH_VIEWS", False):
        raise Http404
    deadline = (
        Registration.objects.filter(
            veiligheidshuis__staff_organisation=request.user.organisation_id, status="received"
        )
        .order_by("deadline_at")
        .values_list("deadline_at", flat=True)
        .first()
    )
    return HttpResponse(f"ok {deadline:%Y-%m-%d}" if deadline else "ok", content_type="text/plain")
