"""The rubric's sentences in each reviewed language, so a Spanish draft is answered in
Spanish: the evidence, the advice and the examples all in the draft's own language."""

from __future__ import annotations

from bot.coaching.email.wording.base import Wording
from bot.coaching.email.wording.en import WORDING as ENGLISH_WORDING
from bot.coaching.email.wording.es import WORDING as SPANISH_WORDING

WORDINGS: dict[str, Wording] = {"en": ENGLISH_WORDING, "es": SPANISH_WORDING}


def wording_for(code: str) -> Wording:
    """The wording for a language code; English for a language with no wording yet."""
    return WORDINGS.get(code, ENGLISH_WORDING)


__all__ = ["ENGLISH_WORDING", "SPANISH_WORDING", "WORDINGS", "Wording", "wording_for"]
