"""What a student meant: one platform-neutral place that reads every typed answer.

Each kind of question (yes/no and consent, a person's name, one or more choices,
closeness, a date, free text) is read into a `Reading`: the value the student meant,
"not an answer" with the reason (a non-answer such as "idk", a question back, a
feeling, a request for help, undo/cancel), or "unsure" with the best candidates.
Pure functions over text; no network, no store.

This first cut is the shared contract; the readers behind it grow in the modules
of this package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    ANSWER = "answer"
    NOT_ANSWER = "not_answer"
    UNSURE = "unsure"


class Reason(StrEnum):
    """Why a message is not an answer to the question asked."""

    NON_ANSWER = "non_answer"  # "idk", "nobody", "none tbh", "can't think of anyone"
    QUESTION = "question"  # "does my grandma's church lady count?", "what do you mean"
    FEELING = "feeling"  # "i feel dumb asking", "i got nervous tbh"
    HELP = "help"  # "help", "what are my options"
    UNDO = "undo"  # "no i meant...", "wait go back", "undo"
    CANCEL = "cancel"  # "cancel", "stop this one", "never mind"


@dataclass(frozen=True, slots=True)
class Reading:
    """What one message means for one question."""

    status: Status
    value: Any = None
    reason: Reason | None = None
    candidates: tuple[Any, ...] = ()
    note: str | None = None  # e.g. "at the pizza place" kept beside an extracted name
    subject: str | None = None  # "does X count?": X, already cleaned

    @property
    def answered(self) -> bool:
        return self.status is Status.ANSWER


_FOLD = re.compile(r"[^\w\s']+")

_NON_ANSWERS = frozenset(
    {
        "idk",
        "i dont know",
        "i don't know",
        "dont know",
        "don't know",
        "no idea",
        "not sure",
        "none",
        "nobody",
        "no one",
        "noone",
        "n/a",
        "na",
        "not really",
        "none tbh",
        "nah",
        "can't think of anyone",
        "cant think of anyone",
    }
)


def fold(text: str) -> str:
    """Lower-case words only: "  IDK!! 🤷 " -> "idk"."""
    return " ".join(_FOLD.sub(" ", text.casefold().replace("’", "'")).split())


def non_answer_reason(text: str) -> Reason | None:
    """Why `text` is not an answer at all, or None when it may be one.

    The first cut: a short list; the understanding modules replace it with the real
    reader (word forms, questions back, feelings) keeping this signature.
    """
    folded = fold(text)
    if folded in _NON_ANSWERS or text.strip().casefold() in _NON_ANSWERS:
        return Reason.NON_ANSWER
    if text.strip().endswith("?"):
        return Reason.QUESTION
    if re.search(r"\b(i feel|i'm nervous|im nervous|i got nervous|scared to ask)\b", folded):
        return Reason.FEELING
    return None
