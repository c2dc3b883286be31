"""How many wrong join codes a student, and a whole platform, may try.

A join code is the only key to a cohort, so guessing must be slow: at most
PER_STUDENT wrong codes per student and PER_PLATFORM per platform within WINDOW.
Once a limit is reached no code is looked up at all, not even a right one, until
the oldest failure leaves the window; otherwise a guesser would simply keep going
and be let in by the code that happens to be right. Counted in memory, per process
(with several workers the platform ceiling is per worker); nothing is stored.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from bot.core.messages import ConversationKey
from bot.vocab.bounded import Recent

PER_STUDENT = 5
PER_PLATFORM = 200
WINDOW = timedelta(minutes=15)
REMEMBERED = 10_000  # students tracked at once; the oldest are forgotten first


class JoinLimits:
    def __init__(
        self,
        *,
        per_student: int = PER_STUDENT,
        per_platform: int = PER_PLATFORM,
        window: timedelta = WINDOW,
    ) -> None:
        self.per_student = per_student
        self.per_platform = per_platform
        self.window = window
        self._students: Recent[ConversationKey, deque[datetime]] = Recent(REMEMBERED)
        self._platforms: dict[str, deque[datetime]] = {}

    def wait(self, key: ConversationKey, now: datetime) -> timedelta | None:
        """How long until this student may try a code again; None: they may now."""
        waits = [
            self._wait(self._students.get(key), self.per_student, now),
            self._wait(self._platforms.get(key.platform), self.per_platform, now),
        ]
        longest = max((w for w in waits if w is not None), default=None)
        return longest

    def failed(self, key: ConversationKey, now: datetime) -> int:
        """Count a wrong code; how many this student got wrong within the window."""
        mine = self._students.get(key) or deque()
        self._students.put(key, mine)
        for times in (mine, self._platforms.setdefault(key.platform, deque())):
            self._expire(times, now)
            times.append(now)
        return len(mine)

    def _wait(self, times: deque[datetime] | None, limit: int, now: datetime) -> timedelta | None:
        if times is None:
            return None
        self._expire(times, now)
        if len(times) < limit:
            return None
        return times[len(times) - limit] + self.window - now

    def _expire(self, times: deque[datetime], now: datetime) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()
