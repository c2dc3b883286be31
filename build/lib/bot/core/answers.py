"""Kinds of answer an `ask` step expects (`expect: NAME`), registered with `@answer_kind`.

Each kind reads the typed text into the value to save, or raises `validators.Invalid`.
It declares what it uses beyond the text: step keys that name a data key (`uses`,
which `orbit lessons check` requires on the step and on every path to it), whether a
button press answers it too (`presses`: "Which one?"), and whether it is free text
(`free`: an answer that says nothing takes the step's skip path).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core import validators
from bot.core.choices import read_answer
from bot.core.frames import PENDING, Frame
from bot.core.steps import Ask

if TYPE_CHECKING:
    from bot.core.turn import Turn

Read = Callable[["Turn", Frame, Ask, str], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class AnswerKind:
    name: str
    read: Read
    uses: tuple[str, ...] = ()  # step keys naming a data key the reader needs
    presses: bool = False  # a button press answers it too
    free: bool = False  # free text


ANSWERS: dict[str, AnswerKind] = {}


def answer_kind(
    name: str, *, uses: tuple[str, ...] = (), presses: bool = False, free: bool = False
) -> Callable[[Read], Read]:
    def register(read: Read) -> Read:
        if name in ANSWERS:
            raise ValueError(f"answer kind `{name}` is registered twice")
        ANSWERS[name] = AnswerKind(name, read, uses, presses, free)
        return read

    return register


@answer_kind("text", free=True)
async def text(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    return validators.free_text(typed, step.max_chars)


@answer_kind("new_person")
async def new_person(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    value, reading = validators.read_new_person(typed, await turn.people())
    if reading.subject:  # "does my grandma's church lady count?"
        turn.say("understanding/they_count", name=value)
    return value


@answer_kind("existing_person", presses=True)
async def existing_person(turn: Turn, frame: Frame, step: Ask, typed: str) -> dict[str, Any]:
    """Someone on the map; after "Which one?" a button or a typed pick answers."""
    people = await turn.people()
    pending = pending_candidates(frame)
    if pending:
        among = [p for p in people if p.id in pending]
        chosen = turn.inbound.choice
        if chosen is None:
            buttons = validators.person_choices(among, tuple(p.name for p in among))
            reading = read_answer(typed, buttons, multi=False)
            chosen = reading.value if reading.answered else None
        for person in among:
            if person.id == chosen:
                return validators.person_dict(person)
    try:
        return validators.existing_person(typed, people)
    except validators.Invalid as problem:
        if problem.choices:
            frame.data[PENDING] = [o.value for o in problem.choices]
        raise


@answer_kind("person_or_new")
async def person_or_new(turn: Turn, frame: Frame, step: Ask, typed: str) -> dict[str, Any]:
    return validators.person_or_new(typed, await turn.people())


@answer_kind("confirm_delete")
async def confirm_delete(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    return validators.confirm_delete(typed)


@answer_kind("future_date")
async def future_date(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    return validators.future_date(typed, turn.ctx.today())


@answer_kind("date_after", uses=("after",))
async def date_after(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    after = frame.data.get(step.after) if step.after else None
    return validators.date_after(typed, turn.ctx.today(), after)


@answer_kind("specific_ask")
async def specific_ask(turn: Turn, frame: Frame, step: Ask, typed: str) -> str:
    return validators.specific_ask(typed, frame.data)


def pending_candidates(frame: Frame) -> list[str]:
    """The candidates of a "Did you mean ...?" or "Which one?" asked last turn."""
    pending = frame.data.pop(PENDING, None)
    return [str(v) for v in pending] if isinstance(pending, list) else []
