"""What the flows of a student's own settings do: their language (`/language`,
`/idioma`) and time zone (`/timezone`, `/zona`), each a short lesson with buttons
(lessons/language.yaml, timezone.yaml; the commands are in commands.py), stored on the
student.

The language switches at once, in the same turn: the flow's last words and the
lesson underneath (asked again after the flow) come in the new language. Nothing
saved in a lesson depends on it: answers are stored as option values.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core.actions import action
from bot.core.answers import answer_kind
from bot.core.validators import Invalid
from bot.core.zones import find_zone
from bot.vocab.changes import SetLocale, SetTimezone

if TYPE_CHECKING:
    from bot.core.steps import Ask
    from bot.core.turn import Frame, Turn


@action("set_language", needs=("language",))
async def set_language(turn: Turn, frame: Frame) -> None:
    locale = str(frame.data["language"])
    if locale not in turn.ctx.locales:
        return
    turn.change(SetLocale(locale))
    if turn.student is not None:
        turn.student = replace(turn.student, locale=locale)
    turn.speak(locale)


@action("set_timezone", needs=("timezone",))
async def set_timezone(turn: Turn, frame: Frame) -> None:
    turn.change(SetTimezone(str(frame.data["timezone"])))


@answer_kind("timezone")
async def zone_answer(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    """A city or a zone name ("Chicago", "Nueva York", "America/Denver")."""
    zone = find_zone(typed)
    if zone is None:
        raise Invalid("errors/not_a_timezone", {"text": typed.strip()[:60]})
    return zone
