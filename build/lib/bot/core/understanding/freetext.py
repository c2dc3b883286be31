"""Free text (a goal, a career interest): taken as written unless it is not an answer."""

from __future__ import annotations

from bot.core.understanding.nonanswer import non_answer_reason
from bot.core.understanding.reading import Reading, Reason, Status
from bot.core.understanding.text import plain

# A word that acknowledges but says nothing, where words were asked for.
_NOTHING_SAID = frozenset({"k", "kk", "ok", "okay", "yes", "yeah", "no", "sure", "yep", "nah"})


def read_text(text: str) -> Reading:
    """The text itself, or why it is not an answer ("idk", "what do you mean?")."""
    stripped = text.strip()
    if not stripped:
        return Reading(Status.UNSURE)
    if plain(stripped) in _NOTHING_SAID:
        return Reading(Status.NOT_ANSWER, reason=Reason.NON_ANSWER)
    reason = non_answer_reason(stripped)
    if reason is not None:
        return Reading(Status.NOT_ANSWER, reason=reason)
    return Reading(Status.ANSWER, value=stripped)
