"""Template filters of the integrated approach."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def label(scale: dict[int, str], value: Any) -> str:
    """The house's label of a score (the number itself when the scale has none)."""
    if value is None or value == "":
        return "-"
    return scale.get(int(value), str(value))


@register.filter
def index(values: Any, position: int) -> Any:
    """The item at ``position`` (None when there is none)."""
    try:
        return values[position]
    except (IndexError, TypeError, KeyError):
        return None
