"""CSRF protection that works with ``Referrer-Policy: no-referrer``.

With ``no-referrer`` a browser sends no ``Referer`` and, on a form POST, ``Origin: null`` (the
Fetch standard serialises the origin as null for that policy), so Django's origin check refuses
every form of our own. Rule:

- ``Origin: null`` counts as our own origin ONLY when the browser also says
  ``Sec-Fetch-Site: same-origin``. Browsers set ``Sec-*`` headers themselves and scripts cannot
  set or change them (forbidden request headers), so a cross-site page cannot fake it.
- As the Origin header is present, Django then skips its HTTPS Referer check, as for any request
  whose Origin it accepted.
- Everything else is Django's check unchanged: ``Origin: null`` without that header, or with
  ``same-site``/``cross-site``/``none``, is refused; another origin is refused; and the CSRF token
  (cookie against form field or header) is always checked.
"""

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware as DjangoCsrfViewMiddleware

#: The serialised "opaque" origin a browser sends under ``Referrer-Policy: no-referrer``.
NULL_ORIGIN = "null"


def is_same_origin_null(request: HttpRequest) -> bool:
    """``Origin: null`` sent by a browser for a request from one of our own pages."""
    return (
        request.META.get("HTTP_ORIGIN") == NULL_ORIGIN
        and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
    )


class CsrfViewMiddleware(DjangoCsrfViewMiddleware):
    """Django's CSRF middleware, accepting the ``Origin: null`` of our own pages (see above)."""

    def _origin_verified(self, request: HttpRequest) -> bool:
        if is_same_origin_null(request):
            return True
        return super()._origin_verified(request)
