"""Spotting messages that need a person: crisis words, and asks for a human.

The lists live in `config/safety.toml` (read its header for the phrase syntax and the
detector's limits). A message is folded into words, words that only look like a
misspelling of a listed long word are corrected (rapidfuzz, on those words only, and
remembered), the words of ordinary uses ("hits me up") are set aside, and then the
phrases are looked for from the words that can start them. Everything is compiled once
per Coach: this runs on every inbound text, groups included, so it must stay cheap.
Pure functions of the text; nothing is logged.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.support.resources import config_file

DEFAULT_FILE = config_file("safety.toml")  # shipped, or ORBIT_CONFIG_DIR's
GAP = 3  # how many other words "..." may stand for
PREFIX_MIN = 3  # "word*" needs at least this many letters

_APOSTROPHES = str.maketrans("", "", "'’‘`´")
_HAS_APOSTROPHE = re.compile("['’‘`´]")
_REPEATS = re.compile(r"(\w)\1{2,}")  # "dieee" -> "die", "killll" -> "kil"
_WORD = re.compile(r"[^\W_]+")
_GROUP = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1024)  # is_crisis and wants_human fold the same message
def words(text: str) -> tuple[str, ...]:
    """ "I can’t…go ON!! 😭" -> ("i", "cant", "go", "on")."""
    folded = text.casefold()
    if _HAS_APOSTROPHE.search(folded):
        folded = folded.translate(_APOSTROPHES)
    if _REPEATS.search(folded):
        folded = _REPEATS.sub(r"\1", folded)
    return tuple(_WORD.findall(folded))


def normalise(text: str) -> str:
    """The folded words with a space at both ends (kept for callers that match text)."""
    return f" {' '.join(words(text))} "


@dataclass(frozen=True, slots=True)
class _Slot:
    """One position of a phrase: a word (one of `exact`, or starting with one of
    `prefixes`), one entry of a group (`sequences`: entries of several words), or a gap."""

    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    sequences: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    gap: int = 0

    def ends(self, seq: Sequence[str | None], start: int) -> Iterable[int]:
        """Where this slot can end when it starts at `start`."""
        if self.gap:
            return range(start, min(start + self.gap, len(seq)) + 1)
        word = seq[start] if start < len(seq) else None
        if word is None:
            return ()
        found = [start + 1] if word in self.exact or word.startswith(self.prefixes) else []
        for entry in self.sequences.get(word, ()):
            if tuple(seq[start : start + len(entry)]) == entry:
                found.append(start + len(entry))
        return found

    def first_words(self) -> set[str]:
        return set(self.exact) | set(self.sequences)


def _group_entries(name: str, groups: dict[str, list[str]], depth: int = 0) -> set[tuple[str, ...]]:
    """Every entry of a group as folded words; entries may name other groups."""
    if depth > 5 or name not in groups:
        raise ValueError(f"unknown or looping group {{{name}}} in the safety lists")
    entries: set[tuple[str, ...]] = set()
    for entry in groups[name]:
        inner = _GROUP.fullmatch(entry.strip())
        if inner:
            entries |= _group_entries(inner.group(1), groups, depth + 1)
        else:
            entries.add(words(entry))
    return entries


def _fold_word(word: str) -> str:
    return "".join(words(word))


def _compile(phrase: str, groups: dict[str, list[str]]) -> tuple[_Slot, ...]:
    slots = []
    for token in phrase.split():
        group = _GROUP.fullmatch(token)
        if token == "...":
            slots.append(_Slot(gap=GAP))
        elif group:
            entries = _group_entries(group.group(1), groups)
            single = frozenset(e[0] for e in entries if len(e) == 1)
            several: dict[str, list[tuple[str, ...]]] = {}
            for entry in sorted(e for e in entries if len(e) > 1):
                several.setdefault(entry[0], []).append(entry)
            sequences = {first: tuple(group) for first, group in several.items()}
            slots.append(_Slot(exact=single, sequences=sequences))
        else:
            options = token.split("|")
            exact = frozenset(_fold_word(o) for o in options if not o.endswith("*"))
            prefixes = tuple(_fold_word(o[:-1]) for o in options if o.endswith("*"))
            slots.append(_Slot(exact=exact, prefixes=prefixes))
    if not slots or slots[0].gap or slots[-1].gap:
        raise ValueError(f"a safety phrase cannot start or end with '...': {phrase!r}")
    return tuple(slots)


def _match_at(seq: Sequence[str | None], start: int, slots: tuple[_Slot, ...]) -> int:
    """The end of a match of `slots` from `start`, or -1."""
    if not slots:
        return start
    for end in slots[0].ends(seq, start):
        found = _match_at(seq, end, slots[1:])
        if found >= 0:
            return found
    return -1


def _first_pairs(phrase: tuple[_Slot, ...]) -> set[tuple[str, str]] | None:
    """The word pairs a phrase can start with, to look it up by two words; None when it
    can only be found by its first word (one word long, a prefix, or a gap second)."""
    first = phrase[0]
    if len(phrase) < 2 or first.prefixes:
        return None
    pairs = {(e[0], e[1]) for entries in first.sequences.values() for e in entries}
    if first.exact:
        second = phrase[1]
        if second.gap or second.prefixes:
            return None
        pairs |= {(w, x) for w in first.exact for x in second.first_words()}
    return pairs


# Words too common to tell whether a phrase could be in a message (see `_anchor`).
_COMMON_WORDS = (
    "i im me my to a the of in on at it you he she they and is was be for if so just "
    "want wanna gonna going dont do not no can cant have get got will would could "
    "should all up with that this out from your her him them his one even really try "
    "need about feel like plan might ready been am are we us our its"
)
_COMMON = frozenset(_COMMON_WORDS.split())


def _anchor(phrase: tuple[_Slot, ...]) -> _Slot:
    """The slot a message must have a word for, the least common one: a message with no
    word of any phrase's anchor cannot match, and most messages have none."""
    slots = [s for s in phrase if not s.gap]

    def commonness(slot: _Slot) -> tuple[bool, int]:
        return (not _COMMON.isdisjoint(slot.first_words()), len(slot.first_words()))

    return min(slots, key=commonness)


@dataclass(slots=True)
class _PhraseSet:
    """Phrases indexed by the words that can start them (most words start none)."""

    by_word: dict[str, list[tuple[_Slot, ...]]] = field(default_factory=dict)
    by_pair: dict[tuple[str, str], list[tuple[_Slot, ...]]] = field(default_factory=dict)
    by_prefix: dict[str, list[tuple[str, tuple[_Slot, ...]]]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    anchor_words: set[str] = field(default_factory=set)
    anchor_prefixes: tuple[str, ...] = ()

    @classmethod
    def build(cls, phrases: Iterable[str], groups: dict[str, list[str]]) -> _PhraseSet:
        built = cls()
        for raw in phrases:
            phrase = _compile(raw, groups)
            pairs = _first_pairs(phrase)
            for pair in pairs or ():
                built.by_pair.setdefault(pair, []).append(phrase)
            for word in phrase[0].first_words() if pairs is None else ():
                built.by_word.setdefault(word, []).append(phrase)
            for prefix in phrase[0].prefixes:
                if len(prefix) < PREFIX_MIN:
                    raise ValueError(f"a prefix needs {PREFIX_MIN}+ letters: {raw!r}")
                built.by_prefix.setdefault(prefix[:PREFIX_MIN], []).append((prefix, phrase))
            anchor = _anchor(phrase)
            built.anchor_words |= anchor.first_words()
            built.anchor_prefixes += anchor.prefixes
            for slot in phrase:
                built.words |= slot.exact
                built.words |= {w for es in slot.sequences.values() for e in es for w in e}
        return built

    def _starting_at(self, word: str, after: str | None) -> list[tuple[_Slot, ...]]:
        found = self.by_word.get(word, [])
        if after is not None:
            pair = self.by_pair.get((word, after))
            if pair:
                found = found + pair
        by_prefix = self.by_prefix.get(word[:PREFIX_MIN])
        if by_prefix:
            found = found + [p for prefix, p in by_prefix if word.startswith(prefix)]
        return found

    def spans(self, seq: Sequence[str | None], *, first: bool = False) -> list[tuple[int, int]]:
        """(start, end) of the matches (`first`: stop at the first)."""
        out: list[tuple[int, int]] = []
        if not self.possible(seq):
            return out
        last = len(seq) - 1
        for start, word in enumerate(seq):
            if word is None:
                continue
            for phrase in self._starting_at(word, seq[start + 1] if start < last else None):
                end = _match_at(seq, start, phrase)
                if end >= 0:
                    out.append((start, end))
                    if first:
                        return out
        return out

    def found(self, seq: Sequence[str | None]) -> bool:
        return bool(self.spans(seq, first=True))

    def possible(self, seq: Sequence[str | None]) -> bool:
        """False when no phrase can match: the message has no anchor word (cheap)."""
        if not self.anchor_words.isdisjoint(seq):
            return True
        prefixes = self.anchor_prefixes
        return bool(prefixes) and any(w is not None and w.startswith(prefixes) for w in seq)


class _Speller:
    """Misspelled long words back to the listed word ("sucidal" -> "suicidal").

    Only words of 5+ letters that no phrase uses are tried, only against listed words
    with the same first letter, and each answer is remembered, so a busy bot pays for
    a word's fuzzy look-up once.
    """

    SHORT = 8  # listed words shorter than this need `short_score` (one letter more or less)

    def __init__(
        self, targets: Iterable[str], known: set[str], score: float, short_score: float
    ) -> None:
        self.by_letter: dict[str, list[str]] = {}
        for word in sorted(set(targets)):
            self.by_letter.setdefault(word[0], []).append(word)
        self.known = known
        self.score = score
        self.short_score = short_score
        self._memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if len(word) < 5 or word in self.known:
            return word
        memo = self._memo.get(word)
        if memo is not None:
            return memo
        targets = self.by_letter.get(word[0], ())
        best = (
            process.extractOne(word, targets, scorer=fuzz.ratio, score_cutoff=self.score)
            if targets
            else None
        )
        if best and len(best[0]) < self.SHORT and best[1] < self.short_score:
            best = None  # "amusing" is not "abusing": a short word's twin is a real word
        memo = best[0] if best else word
        if len(self._memo) > 50_000:
            self._memo.clear()
        self._memo[word] = memo
        return memo


@dataclass(frozen=True, slots=True)
class SafetyRules:
    resources: tuple[str, ...]
    crisis: _PhraseSet
    ignore: _PhraseSet
    human: _PhraseSet
    speller: _Speller

    @classmethod
    def load(cls, path: Path = DEFAULT_FILE) -> SafetyRules:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SafetyRules:
        crisis_raw = raw.get("crisis", {})
        groups = {k: list(v) for k, v in crisis_raw.get("groups", {}).items()}
        crisis = _PhraseSet.build(crisis_raw.get("phrases", []), groups)
        ignore = _PhraseSet.build(crisis_raw.get("ignore", []), groups)
        human = _PhraseSet.build(raw.get("human", {}).get("phrases", []), {})
        known = crisis.words | ignore.words
        known |= {_fold_word(w) for w in crisis_raw.get("not_misspellings", [])}
        targets = [_fold_word(w) for w in crisis_raw.get("fuzzy_words", [])]
        speller = _Speller(
            targets,
            known,
            float(crisis_raw.get("fuzzy_score", 80)),
            float(crisis_raw.get("fuzzy_score_short", 90)),
        )
        return cls(
            resources=tuple(crisis_raw.get("resources", [])),
            crisis=crisis,
            ignore=ignore,
            human=human,
            speller=speller,
        )

    def is_crisis(self, text: str) -> bool:
        spell = self.speller
        seq: list[str | None] = [w if len(w) < 5 else spell(w) for w in words(text)]
        if not self.crisis.possible(seq):
            return False
        for start, end in self.ignore.spans(seq):
            seq[start:end] = [None] * (end - start)
        return self.crisis.found(seq)

    def wants_human(self, text: str) -> bool:
        return self.human.found(words(text))
