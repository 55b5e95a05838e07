"""The registrant answers the meldpunt's request for information: the hook to triage's service.

Answering is the meldpunt's workflow (it restarts the reply term and moves the registration back
to screening: ``zvh.triage.services.information_request_answer``), while the registrant's page is
here; and triage builds on registrations, never the other way round. So triage hands its service
over at start-up (``TriageConfig.ready``) and the registrant's page calls it through this hook.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_answer_service: Callable[..., Any] | None = None


def register_answer_service(service: Callable[..., Any]) -> None:
    """Called once by triage at start-up."""
    global _answer_service
    _answer_service = service


def information_request_answer(**kwargs: Any) -> Any:
    """Answer a request for information (keyword arguments as triage's service takes them)."""
    if _answer_service is None:
        raise ImproperlyConfigured("zvh.triage is not installed: nobody takes the answer.")
    return _answer_service(**kwargs)
