"""Pages of results in a stable order (every list orders on a unique key)."""

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from .problems import InvalidQuery, field_error

#: The highest page number accepted (far beyond any list's end; keeps numbers small).
MAX_PAGE = 100_000


def _positive_int(request: Request, name: str, *, maximum: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw[:12]) <= maximum:
        raise InvalidQuery(errors=[_param_error(name, f"Use a whole number from 1 to {maximum}.")])
    return int(raw)


def _param_error(name: str, message: str) -> dict[str, Any]:
    error = field_error((name,), message, "invalid")
    error["pointer"] = None
    return error


class StablePageNumberPagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (1 to 200, default 50). Lists order on a unique
    key, so paging through a list never skips or repeats a row that did not change. A malformed
    page or page size is a 400; a page past the end is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = "Number of results per page (1 to 200, default 50)."
    page_query_description = "Page number, from 1 (a page past the end is a 404)."

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        _positive_int(request, self.page_query_param, maximum=MAX_PAGE)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request: Request) -> int:
        size = _positive_int(request, self.page_size_query_param, maximum=self.max_page_size)
        return size or self.page_size

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else MAX_PAGE
            )
        return parameters
