"""One lock per conversation key, so one student's messages never interleave."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Generic, TypeVar

K = TypeVar("K")


class KeyedLocks(Generic[K]):
    """Locks created on demand and dropped when nobody holds or waits for them."""

    def __init__(self) -> None:
        self._locks: dict[K, list] = {}  # key -> [lock, holders and waiters]

    def hold(self, key: K) -> _Held[K]:
        return _Held(self, key)

    def __len__(self) -> int:
        return len(self._locks)


class _Held(Generic[K]):
    """`async with locks.hold(key)`; a class, not a generator: this is on every turn."""

    __slots__ = ("_locks", "_key", "_entry")

    def __init__(self, locks: KeyedLocks[K], key: K) -> None:
        self._locks = locks
        self._key = key

    async def __aenter__(self) -> None:
        entry = self._locks._locks.get(self._key)
        if entry is None:
            entry = self._locks._locks[self._key] = [asyncio.Lock(), 0]
        entry[1] += 1
        self._entry = entry
        try:
            await entry[0].acquire()
        except BaseException:
            self._release_count()
            raise

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._entry[0].release()
        self._release_count()

    def _release_count(self) -> None:
        self._entry[1] -= 1
        if self._entry[1] == 0:
            del self._locks._locks[self._key]
