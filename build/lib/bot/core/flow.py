"""How each step that does not wait runs: registered per step type with `@runs`.

The runner (`Turn.run`) looks a step's class up here; every step type of
`bot/core/steps.py` that does not wait must have one (checked at import).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.actions import ACTIONS
from bot.core.frames import Frame
from bot.core.steps import STEP_TYPES, Branch, Call, DoAction, End, Loop, Say, Step, branch_key
from bot.vocab.changes import CompleteLesson

if TYPE_CHECKING:
    from bot.core.turn import Turn

S = TypeVar("S", bound=Step)
Run = Callable[["Turn", Frame, Any], Awaitable[None]]

RUNS: dict[type[Step], Run] = {}


def runs(cls: type[S]) -> Callable[[Callable[[Turn, Frame, S], Awaitable[None]]], Run]:
    """Register how steps of type `cls` run."""

    def register(run: Callable[[Turn, Frame, S], Awaitable[None]]) -> Run:
        RUNS[cls] = run
        return run

    return register


@runs(Say)
async def say(turn: Turn, frame: Frame, step: Say) -> None:
    turn.say(turn.template_for(frame.lesson, step), **await turn.step_context(frame, step))
    if step.document:
        last = turn.out[-1]
        turn.out[-1] = replace(last, document=str(frame.data.get(step.document, "")))
    turn.goto(frame, step.next)


@runs(Loop)
async def loop(turn: Turn, frame: Frame, step: Loop) -> None:
    items = turn.ctx.catalog.options[step.over]
    counter = f"_{step.name}_index"
    index = int(frame.data.get(counter, -1)) + 1
    if index < len(items):
        item = items[index]
        frame.data[counter] = index
        frame.data[step.as_] = {"value": item.value, "label": item.label, "hint": item.hint}
        frame.step = step.body
    else:
        frame.data.pop(counter, None)
        frame.data.pop(step.as_, None)
        turn.goto(frame, step.next)


@runs(DoAction)
async def do_action(turn: Turn, frame: Frame, step: DoAction) -> None:
    await ACTIONS[step.do].run(turn, frame)
    turn.goto(frame, step.next)


@runs(Branch)
async def branch(turn: Turn, frame: Frame, step: Branch) -> None:
    turn.goto(frame, step.branch.get(branch_key(frame.data.get(step.check)), step.next))


@runs(Call)
async def call(turn: Turn, frame: Frame, step: Call) -> None:
    turn.goto(frame, step.next)
    args = {child: frame.data[ours] for child, ours in step.with_.items() if ours in frame.data}
    lesson = turn.ctx.catalog.lessons[step.lesson]
    turn.frames.append(Frame(lesson=lesson.id, step=lesson.start, data=args))


@runs(End)
async def end(turn: Turn, frame: Frame, step: End) -> None:
    lesson = turn.lesson_of(frame)
    turn.frames.pop()
    if lesson.listed:
        answers = {k: v for k, v in frame.data.items() if not k.startswith("_")}
        turn.change(CompleteLesson(lesson=lesson.id, answers=answers))
    if turn.frames:
        turn.say("common/back_to_lesson", title=turn.lesson_of(turn.frames[-1]).title)


_unrun = sorted(name for name, cls in STEP_TYPES.items() if not cls.waits and cls not in RUNS)
if _unrun:
    raise RuntimeError(f"step types with no way to run: {_unrun}")
