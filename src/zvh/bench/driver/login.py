"""Logging the bench accounts in through the real two-step login form (password, then the TOTP
code their authenticator would show), from the driver's process, over loopback HTTP."""

import binascii
import re
import time

import requests
from django_otp.oath import TOTP

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailedError(RuntimeError):
    pass


def totp_code(key_hex: str, *, at: float | None = None) -> str:
    generator = TOTP(binascii.unhexlify(key_hex), step=30, t0=0, digits=6, drift=0)
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


def login(*, base_url: str, username: str, password: str, key_hex: str) -> dict[str, str]:
    """The session and CSRF cookies of a verified session (raises when either step fails)."""
    session = requests.Session()
    url = f"{base_url}/accounts/login/"
    page = session.get(url, timeout=30)
    headers = {"Referer": url}

    def post(data: dict[str, str]) -> requests.Response:
        token = TOKEN.search(page_text[0])
        if token is None:
            raise LoginFailedError(f"{username}: no CSRF token on the login page")
        return session.post(
            url, data={**data, "csrfmiddlewaretoken": token.group(1)}, headers=headers,
            timeout=60, allow_redirects=False,
        )  # fmt: skip

    page_text = [page.text]
    step = post(
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    )
    if step.status_code != 200 or "token-otp_token" not in step.text:
        raise LoginFailedError(f"{username}: password step answered {step.status_code}")
    page_text[0] = step.text
    done = post({"login_view-current_step": "token", "token-otp_token": totp_code(key_hex)})
    if done.status_code != 302:
        raise LoginFailedError(f"{username}: code step answered {done.status_code}")
    cookies = session.cookies.get_dict()
    return {"sessionid": cookies["sessionid"], "csrftoken": cookies["csrftoken"]}
