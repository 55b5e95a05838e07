"""API tokens: a short public prefix to find the client, and a secret that is stored only hashed.

A token reads ``zvh_<prefix>_<secret>``: the prefix is 8 hexadecimal characters (public, shown in
the admin), the secret 43 URL-safe characters (256 bits of randomness). Only the SHA-256 of the
whole token is stored; a token this random needs no slow hash or salt.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

TOKEN_PATTERN = re.compile(r"^zvh_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class NewToken:
    prefix: str
    token: str
    token_hash: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_token() -> NewToken:
    prefix = secrets.token_hex(4)
    token = f"zvh_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, token=token, token_hash=token_hash(token))


def prefix_of(token: str) -> str | None:
    """The public prefix of a well-formed token; None for anything else."""
    match = TOKEN_PATTERN.match(token)
    return match["prefix"] if match else None


def token_matches(token: str, stored_hash: str) -> bool:
    """Compares in constant time."""
    return hmac.compare_digest(token_hash(token), stored_hash)
