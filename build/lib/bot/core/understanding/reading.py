"""The shared contract: what one message means for one question."""

from __future__ import annotations

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
