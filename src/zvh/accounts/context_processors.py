"""What every page's header needs: the user's menu and where the product name leads."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .navigation import landing_url_for, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu only for a user who has completed the login (second factor included)."""
    user = getattr(request, "user", None)
    verified = getattr(user, "is_verified", None)
    if user is None or not user.is_authenticated or not (verified and verified()):
        return {"menu": [], "landing_url": reverse("home")}
    return {"menu": menu_for(user, path=request.path), "landing_url": landing_url_for(user)}
