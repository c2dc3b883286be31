"""Spotting messages that need a person: crisis words, and asks for a human.

A plain phrase list from `config/safety.toml` (see the notes there on its limits).
Matching is on whole words after folding case and dropping punctuation, so
"I want to DIE!!" matches "want to die" while "studied" never matches "die".
Pure functions; the list is loaded once per Coach.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "config" / "safety.toml"


@lru_cache(maxsize=1024)  # is_crisis and wants_human fold the same message
def normalise(text: str) -> str:
    """ " I  can't…go ON! " -> " i can't go on " (spaces at both ends, for word matching)."""
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[^\w'\s-]+", " ", text)
    return f" {' '.join(text.split())} "


@dataclass(frozen=True, slots=True)
class SafetyRules:
    crisis_phrases: tuple[str, ...]
    resources: tuple[str, ...]
    human_phrases: tuple[str, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_FILE) -> SafetyRules:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        crisis = raw.get("crisis", {})
        return cls(
            crisis_phrases=tuple(normalise(p) for p in crisis.get("phrases", [])),
            resources=tuple(crisis.get("resources", [])),
            human_phrases=tuple(normalise(p) for p in raw.get("human", {}).get("phrases", [])),
        )

    def is_crisis(self, text: str) -> bool:
        return _matches(normalise(text), _by_first_word(self.crisis_phrases))

    def wants_human(self, text: str) -> bool:
        return _matches(normalise(text), _by_first_word(self.human_phrases))


@lru_cache(maxsize=8)
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Phrases grouped by their first word: a message is only checked for phrases that
    start with one of its words (the turn path runs this on every message)."""
    index: dict[str, list[str]] = {}
    for phrase in phrases:
        index.setdefault(phrase.split()[0], []).append(phrase)
    return {word: tuple(group) for word, group in index.items()}


def _matches(folded: str, index: dict[str, tuple[str, ...]]) -> bool:
    return any(
        phrase in folded for word in set(folded.split()) & index.keys() for phrase in index[word]
    )
