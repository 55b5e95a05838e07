"""A service's refusal shown where the input came from (issue 15).

Services raise ``ValidationError`` keyed by domain names (``reason``, ``persons.0.surname``,
``criteria.12.answer``; ``__all__`` for the input as a whole), never by the names of an HTML form
or an API body. This one helper maps such an error onto what shows it:

- a Django form: ``add_to_form(form, error, names=...)`` puts each message on the field its key
  names, or at the top when the form has no such field;
- a web form handed to a service: ``performed(form, perform)`` does the above on a refusal;
- an API problem: ``renamed(error, names=...)`` gives the same error under the request body's
  names, which the API's exception handler (``zvh.api.problems``) turns into the problem+json
  ``errors`` (a dotted name becomes a JSON pointer).

``names`` says how the caller's names differ from the domain's: a mapping or a function from a
domain key to the caller's name (``None``: the input as a whole); keys it does not know keep
their name.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import Form

Names = Mapping[str, str | None] | Callable[[str], str | None]
T = TypeVar("T")


def _name(key: str, names: Names | None) -> str | None:
    if key == NON_FIELD_ERRORS or names is None:
        return None if key == NON_FIELD_ERRORS else key
    if callable(names):
        return names(key)
    return names.get(key, key)


def renamed(error: ValidationError, *, names: Names | None = None) -> ValidationError:
    """``error`` with its keys in the caller's names (messages under one name merged, in
    order); an error without keys is returned as it is."""
    if not hasattr(error, "error_dict"):
        return error
    merged: dict[str, list[ValidationError]] = {}
    for key, errors in error.error_dict.items():
        merged.setdefault(_name(key, names) or NON_FIELD_ERRORS, []).extend(errors)
    return ValidationError(merged)


def add_to_form(form: Form, error: ValidationError, *, names: Names | None = None) -> None:
    """Each message of ``error`` on the form's field its key names, else at the top of the
    form (``non_field_errors``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in renamed(error, names=names).error_dict.items():
        form.add_error(key if key in form.fields else None, errors)


def performed(form: Form, perform: Callable[[dict[str, Any]], T]) -> T | None:
    """A form's valid input handed to a service: ``perform(form.cleaned_data)``. Its refusal
    (``ValidationError``) is put on the form (``add_to_form``, with the form's ``service_names``
    if it has them) and None returned; else what the service returned (the record it made or
    changed). Invalid input returns None without calling the service."""
    if not form.is_valid():
        return None
    try:
        return perform(form.cleaned_data)
    except ValidationError as error:
        add_to_form(form, error, names=getattr(form, "service_names", None))
        return None
