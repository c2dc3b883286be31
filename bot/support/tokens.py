"""Random tokens, their stored hashes, and the signed session cookie.

A sign-in link and a session each carry 32 random bytes; the database keeps only their
SHA-256. The cookie is `<session token>.<HMAC-SHA256 of it>` under the deployment's
key, so a forged or altered cookie is refused before any lookup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def sign(token: str, key: str) -> str:
    mac = hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()
    return f"{token}.{mac}"


def unsign(cookie: str, key: str) -> str | None:
    """The token inside a cookie we signed; None for anything else."""
    token, _, mac = cookie.rpartition(".")
    if not token or len(cookie) > 200:
        return None
    expected = hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()
    return token if hmac.compare_digest(mac, expected) else None


def same(a: str, b: str) -> bool:
    """Constant-time comparison for CSRF tokens."""
    return hmac.compare_digest(a.encode(), b.encode())
