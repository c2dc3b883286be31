"""What every check reads (the draft's parts, its language, the standard) and returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.coaching.email.languages.base import Language
from bot.coaching.email.parse import Parts
from bot.coaching.email.standards import Standard

QUOTE_LIMIT = 60


@dataclass(frozen=True)
class Context:
    """One draft, ready to check: its parts, language, standard and the student's name."""

    parts: Parts
    language: Language
    standard: Standard
    student_name: str | None = None
    field: str = ""  # the student's field or topic, to fit examples to it
    recipient: str = ""  # who the lesson said they write to ("Ms. Lopez"), for examples


@dataclass(frozen=True)
class Outcome:
    """A check's verdict before wording: which message key and what to fill it with."""

    passed: bool
    key: str
    fields: dict[str, str | int] = field(default_factory=dict)


def quote(text: str) -> str:
    """The student's words, on one line and cut to QUOTE_LIMIT characters."""
    flat = " ".join(text.split()).replace('"', "'")
    if len(flat) <= QUOTE_LIMIT:
        return flat
    return flat[: QUOTE_LIMIT - 1].rstrip() + "…"


def snippet(text: str, start: int, end: int, words_around: int = 2) -> str:
    """A short quote around a match: a couple of words each side, on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:start].split()[-words_around:] if start > line_start else []
    after = text[end:line_end].split()[:words_around]
    core = text[start:end]
    left = " ".join(before) + (" " if before and text[start - 1].isspace() else "")
    right = (" " if after and end < len(text) and text[end].isspace() else "") + " ".join(after)
    return quote(left + core + right)
