"""Pagination for lists that can grow without bound (the access log: millions of entries).

Django's ``Paginator`` counts every row the list could show, to number the pages. For a list
as long as a Veiligheidshuis's ten-year access log that count would read hundreds of thousands
of index entries on every page view. ``CappedPaginator`` counts at most ``cap + 1`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``): the first ``cap`` rows are paged as usual, and
the page says "more than cap" instead of a total; filters (a period, a person) find the rest.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

#: How many rows a capped list counts at most (200 pages of 50).
DEFAULT_CAP = 10_000


class CappedPaginator(Paginator):
    """A ``Paginator`` whose ``count`` stops at ``cap`` (``capped`` tells that there are
    more); pages beyond the cap are not reachable."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = DEFAULT_CAP if cap is None else cap

    @cached_property
    def _limited_count(self) -> int:
        limited = self.object_list[: self.cap + 1]
        return limited.count() if hasattr(limited, "query") else len(limited)

    @cached_property
    def capped(self) -> bool:
        return self._limited_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._limited_count, self.cap)


class WindowCountPaginator(CappedPaginator):
    """A ``CappedPaginator`` whose page query also counts the matches (a window count), so the
    count takes no query of its own. For lists the database reads whole for any page anyway
    (sorted after being found through another index, such as the log of one person, found by
    its keys): counting them all then costs nothing more. Lists read in their index's order
    keep ``CappedPaginator``'s bounded count. No match, or a page past the end: the usual count
    and page."""

    def get_page(self, number: Any) -> Page:
        if isinstance(number, int) and number >= 1:
            bottom = (number - 1) * self.per_page
            counted = self.object_list.annotate(matches=Window(Count("pk")))
            rows = list(counted[bottom : bottom + self.per_page])
            if rows:
                self.__dict__["_limited_count"] = min(rows[0].matches, self.cap + 1)
                if number <= self.num_pages:
                    return self._get_page(rows[: self.count - bottom], number, self)
        return super().get_page(number)
