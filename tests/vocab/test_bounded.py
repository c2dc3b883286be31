"""The one bounded memory: at most `size` keys, the least recently used forgotten first."""

from __future__ import annotations

from bot.vocab.bounded import Recent


def test_the_least_recently_used_key_is_forgotten_first() -> None:
    recent: Recent[str, int] = Recent(2)
    assert recent.put("ana", 1) == []
    recent.put("ben", 2)
    assert recent.get("ana") == 1  # ana is now the most recent
    assert recent.put("chloe", 3) == [("ben", 2)]
    assert list(recent) == ["ana", "chloe"] and len(recent) == 2
    assert "ben" not in recent and recent.get("ben", 0) == 0


def test_add_remembers_a_key_once_and_pop_forgets_it() -> None:
    seen: Recent[tuple[str, str], None] = Recent(2)
    assert seen.add(("slack", "e1"), None) is True
    assert seen.add(("slack", "e2"), None) is True
    assert seen.add(("slack", "e1"), None) is False  # known: made recent, not added
    seen.add(("slack", "e3"), None)
    assert ("slack", "e2") not in seen and ("slack", "e1") in seen
    seen.pop(("slack", "e1"))
    assert ("slack", "e1") not in seen and seen.pop(("slack", "e1")) is None
