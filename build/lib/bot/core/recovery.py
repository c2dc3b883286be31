"""A way out for a student whose turns keep failing.

A bug (or input nothing cleaned) can make every turn of one student fail the same
way, which leaves them stuck: each message gets "something went wrong". The Coach
counts failed turns per student here; after `RESET_AFTER` failures in a row it resets
the student to a safe point instead (see `Coach._reset`). The count is in memory and
bounded: a restart forgets it, which only delays a reset by two messages.
"""

from __future__ import annotations

from bot.core.messages import ConversationKey
from bot.vocab.bounded import Recent

RESET_AFTER = 2


class Failures:
    """Failed turns in a row, per student; the oldest entries are forgotten first."""

    def __init__(self, size: int = 10_000) -> None:
        self._counts: Recent[ConversationKey, int] = Recent(size)

    def failed(self, key: ConversationKey) -> int:
        """Count one more failure; the number in a row so far."""
        count = self._counts.get(key, 0) + 1
        self._counts.put(key, count)
        return count

    def succeeded(self, key: ConversationKey) -> None:
        if self._counts:
            self._counts.pop(key, None)

    def __len__(self) -> int:
        return len(self._counts)
