"""Where a consented student's message goes, in order (the Coach saves the turn)."""

from __future__ import annotations

from bot.core import alerts
from bot.core.commands import COMMANDS, STOP_WORDS, begin_lesson, parse_command
from bot.core.turn import Turn


async def route(turn: Turn) -> None:
    """Care first (a crisis, before commands, paused or not), then the ways out a
    student types (stop words, asking for a person), a lesson button, a command,
    the paused notice, and only then an answer to the waiting question."""
    inbound = turn.inbound
    text = inbound.text.strip()
    assert turn.student is not None
    command = parse_command(text) if inbound.choice is None else None
    if inbound.choice is None and turn.ctx.safety.is_crisis(text):
        # Before anything else, commands and paused or not: care first.
        await alerts.crisis(turn, text)
        return
    if command is None and inbound.choice is None:
        if text.casefold().strip(" .!") in STOP_WORDS:
            command = ("stop", "")
        elif turn.ctx.safety.wants_human(text):
            command = ("human", text)
    if inbound.choice and inbound.choice.startswith("lesson:"):
        lesson_id = inbound.choice.removeprefix("lesson:")
        if lesson_id in turn.ctx.catalog.lessons and turn.ctx.catalog.lessons[lesson_id].listed:
            await begin_lesson(turn, lesson_id)
            return
    if command is not None:
        name, args = command
        if name in COMMANDS:
            await COMMANDS[name].handler(turn, args)
        else:
            turn.say("errors/unknown_command", name=name)
            await turn.reprompt()
    elif turn.student.paused and (turn.frame is None or turn.lesson_of(turn.frame).listed):
        # Paused means no lessons; a command the student started (/delete, /add) can
        # still be finished.
        turn.say("commands/paused_notice")
    else:
        await turn.answer()
