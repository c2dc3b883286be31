"""What logs and stored ids may say about a student: hashes, kinds, error types.

Students are minors. A log line names an event kind, a hashed id and an error type,
never their words or names; a stored event id is a digest, so a processed event
kept after `/delete` holds no platform chat or user id. The hashes are not keyed:
they keep raw ids out of logs and tables, and an operator who has a student's key
can still compute `hashed(key)` to find their lines.
"""

from __future__ import annotations

import hashlib
import traceback


def hashed(value: object) -> str:
    """A short, stable stand-in for an id in a log line (12 hex digits of SHA-256)."""
    return hashlib.sha256(str(value).encode("utf-8", "replace")).hexdigest()[:12]


def event_digest(event_id: str) -> str:
    """How an event id is stored (processed events, alert keys): SHA-256, 64 hex digits."""
    return hashlib.sha256(event_id.encode("utf-8", "replace")).hexdigest()


def error_summary(error: BaseException | None) -> str:
    """An error's type and where it happened, without its message (which may quote a
    student): "ValueError at bot/core/turn.py:120 in answer <- ..." for a log line."""
    parts = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frames = traceback.extract_tb(error.__traceback__)[-3:]
        where = " <- ".join(
            f"{_short_path(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames)
        )
        parts.append(f"{type(error).__name__}" + (f" at {where}" if where else ""))
        error = error.__cause__ or error.__context__
    return "; caused by ".join(parts) or "no error"


def _short_path(filename: str) -> str:
    if "/bot/" in filename:
        return "bot/" + filename.rsplit("/bot/", 1)[1]
    if "/site-packages/" in filename:
        return filename.rsplit("/site-packages/", 1)[1]
    return filename.rsplit("/", 1)[-1]
