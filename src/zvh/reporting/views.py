"""The manager's figures of their own Veiligheidshuis, on a page and as CSV (issue 5, point 6:
managers see aggregates only).

Rules:
- Log in first; then only managers of a Veiligheidshuis get in (403 for everyone else). The
  Veiligheidshuis is always the manager's own: nothing in the request can name another.
- The pages show counts per configured category (outcome, target group, municipality, channel,
  kind of organisation) and averages, with small numbers hidden (``disclosure``); no person, no
  reference, no link to a registration.
- Not in the access log: the access log records access to personal data (NEN 7513), and these
  aggregates are not personal data. Viewing is therefore not logged per person; an export is
  recorded in the application log (user id, Veiligheidshuis, period: nothing personal) so that
  it can be traced, and needs no re-authentication since nothing personal leaves.
- A wrong period choice is answered with the form, its Dutch errors and the choices as typed
  (400), and no figures.
"""

from dataclasses import replace

import structlog
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zvh.accounts.permissions import may_view_figures
from zvh.common.error_summary import error_summary
from zvh.network.models import Veiligheidshuis

from .case_disclosure import case_tables, trend_chart, trend_table
from .case_selectors import case_figures
from .csv_export import figures_csv
from .disclosure import Disclosed, disclose, min_cell
from .forms import PeriodForm
from .selectors import registration_figures
from .xlsx_export import CONTENT_TYPE as XLSX
from .xlsx_export import figures_xlsx

log = structlog.get_logger(__name__)


def _manager_only(request: HttpRequest) -> None:
    if not may_view_figures(request.user):
        log.info("reporting_refused", user_id=request.user.pk, path=request.path)
        raise PermissionDenied


def _house(request: HttpRequest) -> Veiligheidshuis:
    """The manager's own Veiligheidshuis (``may_view_figures`` let only managers of one in)."""
    house = getattr(request.user, "veiligheidshuis", None)
    if not isinstance(house, Veiligheidshuis):
        raise PermissionDenied
    return house


def _figures(request: HttpRequest) -> tuple[PeriodForm, Disclosed | None]:
    now = timezone.now()
    form = PeriodForm(request.GET or None, today=timezone.localdate(now))
    period = form.chosen()
    if period is None:
        return form, None
    vh = _house(request)
    threshold = min_cell()
    figures = registration_figures(veiligheidshuis=vh, period=period, now=now)
    cases = case_figures(veiligheidshuis=vh, period=period, now=now)
    disclosed = replace(
        disclose(figures, veiligheidshuis=vh.name, threshold=threshold),
        case_tables=case_tables(cases, threshold=threshold),
        trend=trend_table(cases.trend, threshold),
        chart=trend_chart(cases.trend, threshold),
    )
    return form, disclosed


@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _manager_only(request)
    form, disclosed = _figures(request)
    return render(
        request,
        "reporting/figures.html",
        {
            "form": form,
            "figures": disclosed,
            "query": request.GET.urlencode(),
            "summary": error_summary(form),
            "threshold": min_cell(),
        },
        status=200 if disclosed is not None else 400,
    )


def _export(request: HttpRequest, *, kind: str) -> HttpResponse:
    """The CSV or XLSX file of the chosen period (the same cells as the page)."""
    _manager_only(request)
    form, disclosed = _figures(request)
    if disclosed is None:
        return render(
            request,
            "reporting/figures.html",
            {
                "form": form,
                "figures": None,
                "summary": error_summary(form),
                "threshold": min_cell(),
            },
            status=400,
        )
    vh = _house(request)
    log.info(
        "reporting_exported",
        user_id=request.user.pk,
        veiligheidshuis=vh.code,
        period=disclosed.period.slug,
        format=kind,
    )
    if kind == "xlsx":
        response = HttpResponse(figures_xlsx(disclosed), content_type=XLSX)
    else:
        response = HttpResponse(figures_csv(disclosed), content_type="text/csv; charset=utf-8")
    filename = f"cijfers-{vh.code}-{disclosed.period.slug}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    return _export(request, kind="csv")


@require_GET
@login_required
def figures_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, kind="xlsx")
