"""The short block ``load_demo`` (and so ``make run``) ends with: where to open zvh, which
accounts to log in as, how to get the second-factor code, and the demo API token."""

from collections.abc import Sequence

from django.conf import settings

from .services import ACCOUNTS


def start_block(*, password: str, api_token: str | None, api_client_name: str) -> str:
    """Plain lines for a terminal; the URL is the base URL every generated link uses
    (``ZVH_BASE_URL``, else http://HOST:PORT)."""
    base = settings.ZVH_BASE_URL.rstrip("/")
    width = max(len(account.username) for account in ACCOUNTS)
    lines: list[str] = [
        "",
        "=" * 72,
        f"zvh is ready. Open {base}/ and log in as one of:",
        *_account_lines(width),
        f"Password: {password}",
        "Second-factor code: .venv/bin/python manage.py demo_totp <account>",
    ]
    if api_token:
        lines.append(f"Demo API token ({api_client_name}, shown only now): {api_token}")
    else:
        lines.append(
            f"Demo API client {api_client_name!r} exists (its token was shown when it was "
            "made); make another with `manage.py create_api_client`."
        )
    lines.append("=" * 72)
    return "\n".join(lines)


def _account_lines(width: int) -> Sequence[str]:
    return [
        f"  {account.username:<{width}}  "
        + ", ".join(str(role.label) for role in account.roles)
        + f" ({account.organisation})"
        for account in ACCOUNTS
    ]
