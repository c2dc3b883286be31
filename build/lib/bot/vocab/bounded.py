"""A bounded memory for what a process keeps per student, chat or list: at most `size`
keys, the least recently used forgotten first.

Orbit keeps a few such memories in process (the conversation cache, who was welcomed,
failed turns in a row, live keyboards, Slack names ...). A restart forgets them, and so
may a busy process: each caller says why that is safe. One helper, so the eviction
rule is written and tested once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Generic, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A map of at most `size` keys; `get` and `put` make a key the most recent."""

    __slots__ = ("_items", "size")

    def __init__(self, size: int = 10_000) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self.size = size

    @overload
    def get(self, key: K) -> V | None: ...
    @overload
    def get(self, key: K, default: V) -> V: ...
    def get(self, key: K, default: V | None = None) -> V | None:
        items = self._items
        if key not in items:
            return default
        items.move_to_end(key)
        return items[key]

    def put(self, key: K, value: V) -> list[tuple[K, V]]:
        """Remember `value` under `key`; the entries this forgot, oldest first."""
        items = self._items
        items[key] = value
        items.move_to_end(key)
        forgotten = []
        while len(items) > self.size:
            forgotten.append(items.popitem(last=False))
        return forgotten

    def add(self, key: K, value: V) -> bool:
        """`put` only if `key` is new (a known key is made recent); True when it was new."""
        if key in self._items:
            self._items.move_to_end(key)
            return False
        self.put(key, value)
        return True

    def pop(self, key: K, default: V | None = None) -> V | None:
        return self._items.pop(key, default)

    def clear(self) -> None:
        self._items.clear()

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)
