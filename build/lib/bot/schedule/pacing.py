"""Pacing outgoing messages under a platform's limits: one place for replies and fan-out.

Chat platforms limit how fast a bot may send, per chat (Telegram: about one message a
second in a chat) and overall (Telegram: about 30 a second). A bot that exceeds them
gets "retry after N seconds" and, if it keeps going, a longer ban. Replies to students
and the scheduler's fan-out of nudges share one `Pacer`, so together they stay under
the limits instead of each thinking it has the whole budget.

Each limit is a `Rate`: a sustained rate plus a burst, scheduled with the generic cell
rate algorithm (`Slots`, pure: it only does arithmetic on a clock value it is given).
A burst lets the two or three messages of one reply go out together while the long-run
rate still holds. `Pacer` adds the waiting and a `hold` for a platform's retry-after.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rate:
    """`per_second` sustained, up to `burst` at once; `per_second <= 0` means unlimited."""

    per_second: float
    burst: int = 1

    @property
    def unlimited(self) -> bool:
        return self.per_second <= 0

    @property
    def interval(self) -> float:
        return 0.0 if self.unlimited else 1.0 / self.per_second

    @property
    def tolerance(self) -> float:
        return max(self.burst - 1, 0) * self.interval


UNLIMITED = Rate(0)


class Slots:
    """The send times one rate allows: `book(now)` returns when the next send may start.

    State is one number, the theoretical arrival time (`tat`) of the next send; a send
    may start `tolerance` before it, which is what allows a burst. Booking a time in the
    future is fine and is how a wait for another limit is accounted for.
    """

    __slots__ = ("rate", "tat")

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self.tat = float("-inf")

    def book(self, now: float) -> float:
        if self.rate.unlimited:
            return now
        start = max(now, self.tat - self.rate.tolerance)
        self.tat = max(self.tat, start) + self.rate.interval
        return start

    def delay(self, start: float, until: float) -> None:
        """The send booked at `start` actually goes at `until`; later ones move along."""
        if until > start:
            self.tat += until - start

    def idle(self, now: float) -> bool:
        """True when the full burst is available again, so the state can be forgotten."""
        return self.tat <= now


Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[object]]


class Pacer:
    """Waits until a send to `key` is allowed by its per-key rate and the overall rate.

    Keys are chats (or users); `rate_for` may give some keys another rate (Telegram
    groups allow 20 messages a minute). Per-key state is forgotten once a key is idle,
    so memory follows the number of recently active chats. `clock` and `sleep` are
    injectable so tests run on virtual time.
    """

    def __init__(
        self,
        *,
        per_key: Rate,
        overall: Rate,
        rate_for: Callable[[Hashable], Rate | None] | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        max_keys: int = 100_000,
    ) -> None:
        self.per_key = per_key
        self.overall = Slots(overall)
        self._rate_for = rate_for
        self._keys: OrderedDict[Hashable, Slots] = OrderedDict()
        self._clock = clock
        self._sleep = sleep
        self._max_keys = max_keys
        self._held_until = float("-inf")
        self.waited = 0.0  # total seconds spent waiting, for logs and tests

    @property
    def unlimited(self) -> bool:
        return self.per_key.unlimited and self.overall.rate.unlimited and self._rate_for is None

    async def wait(self, key: Hashable | None) -> None:
        """Return when a send to `key` may go; call it right before each send.

        First the key's own slot (which may be booked ahead: a chat's messages queue
        behind each other), then the overall slot, booked only at the moment of
        sending, so a chat with a queue never holds up the others.
        """
        if self.unlimited and self._held_until <= self._clock():
            return
        if key is not None:
            slots = self._slots(key)
            start = slots.book(self._now())
            await self._pause_until(start)
        start_overall = self.overall.book(self._now())
        await self._pause_until(start_overall)
        if key is not None:
            slots.delay(start, start_overall)

    def _now(self) -> float:
        return max(self._clock(), self._held_until)

    async def _pause_until(self, moment: float) -> None:
        pause = moment - self._clock()
        if pause > 0:
            self.waited += pause
            await self._sleep(pause)

    def hold(self, seconds: float) -> None:
        """The platform said "retry after `seconds`": no send of any key starts before then."""
        self._held_until = max(self._held_until, self._clock() + seconds)

    async def released(self) -> None:
        """Return once a `hold` is over, for calls that are not paced but must not go now."""
        await self._pause_until(self._held_until)

    def _slots(self, key: Hashable) -> Slots:
        slots = self._keys.get(key)
        if slots is None:
            rate = (self._rate_for(key) if self._rate_for else None) or self.per_key
            slots = self._keys[key] = Slots(rate)
            if len(self._keys) > self._max_keys:
                self._forget_idle(self._clock())
        else:
            self._keys.move_to_end(key)
        return slots

    def _forget_idle(self, now: float) -> None:
        for key in list(self._keys):
            if len(self._keys) <= self._max_keys // 2:
                break
            if self._keys[key].idle(now):
                del self._keys[key]
