"""One turn of one student: run lesson steps, collect replies and changes.

A turn works on a copy of the student's frames (a stack: a lesson, with perhaps a
command flow such as /add on top). Nothing is written until the Coach commits
the whole turn, so a crash mid-turn leaves the student where they were.

What a turn may use besides its own state is `ctx` (`bot/core/context.py`): the
store's reads, the lessons, the templates, the settings, the clock. Steps run
through `bot/core/flow.py`; answers are read by `bot/core/answering.py`.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.core import answering
from bot.core.context import TurnContext
from bot.core.flow import RUNS
from bot.core.frames import PENDING, Frame
from bot.core.lessons import Lesson, Option, Step
from bot.core.locales import pick
from bot.core.mapview import build_map_view
from bot.core.messages import Choice, Inbound, Outbound
from bot.core.steps import Choose, Loop, Question, Shown
from bot.vocab.changes import Change, apply_to_people
from bot.vocab.records import PersonRecord, StudentRecord

__all__ = ["PENDING", "Frame", "Turn"]

log = logging.getLogger(__name__)
MAX_STEPS_PER_TURN = 300
MAX_FRAMES = 4


class Turn:
    """The working state of one turn; see the module docstring."""

    def __init__(
        self,
        ctx: TurnContext,
        inbound: Inbound,
        student: StudentRecord | None,
        frames: list[dict[str, Any]],
    ) -> None:
        self.locale = pick(
            student.locale if student else None,
            inbound.language,
            ctx.locales,
            ctx.settings.locale,
        )
        self.ctx = ctx.in_locale(self.locale)  # its templates and catalog in that language
        self.inbound = inbound
        self.student = student
        self.out: list[Outbound] = []
        self.frames = [Frame.load(f) for f in frames if self._known(f)]
        self.changes: list[Change] = []
        self._people: list[PersonRecord] | None = None
        self.pending_code = False  # a join code held for consent was used: forget it

    def _known(self, raw: dict[str, Any]) -> bool:
        """A saved frame whose lesson or step was removed or renamed since is dropped
        (with a note to the student) rather than failing every turn from now on."""
        lesson = self.ctx.catalog.lessons.get(raw.get("lesson", ""))
        if lesson is not None and raw.get("step") in lesson.steps:
            return True
        log.warning(
            "dropping a saved frame of a lesson that changed: %s/%s",
            raw.get("lesson"),
            raw.get("step"),
        )
        self.out.append(
            Outbound(text=self.ctx.render("common/lesson_changed", self.inbound.markup))
        )
        return False

    def speak(self, locale: str) -> None:
        """Say the rest of this turn in `locale` (the student just chose it)."""
        self.locale = locale
        self.ctx = self.ctx.in_locale(locale)

    # --- output and changes -------------------------------------------------------

    def say(
        self,
        template: str,
        /,
        *,
        choices: tuple[Option, ...] = (),
        multi: bool = False,
        **context: Any,
    ) -> None:
        text = self.ctx.prompts.render(
            template, self.inbound.markup, **self.base_context(), **context
        )
        self.out.append(
            Outbound(
                text=text,
                choices=tuple(Choice(o.value, o.label) for o in choices),
                multi=multi,
                done=self._done_label() if multi else "",
            )
        )

    def _done_label(self) -> str:
        """The "Done" of a multiple choice in the student's language, when the platform
        has a template for it (telegram/done_button, slack/done_button)."""
        name = f"{self.inbound.key.platform}/done_button"
        prompts = self.ctx.prompts
        return prompts.render(name, self.inbound.markup) if prompts.exists(name) else ""

    def change(self, change: Change) -> None:
        self.changes.append(change)
        if self._people is not None:
            self._people = apply_to_people(self._people, change, self.ctx.clock())

    def base_context(self) -> dict[str, Any]:
        name = self.student.display_name if self.student else self.inbound.display_name
        return {"student": {"name": name}}

    async def people(self) -> list[PersonRecord]:
        if self._people is None:
            if self.student is None:
                self._people = []
            else:
                self._people = await self.ctx.store.people(self.student.id)
            for change in self.changes:
                self._people = apply_to_people(self._people, change, self.ctx.clock())
        return self._people

    # --- frames ---------------------------------------------------------------------

    @property
    def frame(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def lesson_of(self, frame: Frame) -> Lesson:
        return self.ctx.catalog.lessons[frame.lesson]

    def in_lesson(self, lesson_id: str) -> bool:
        return any(f.lesson == lesson_id for f in self.frames)

    async def start(
        self, lesson_id: str, data: dict[str, Any] | None = None, *, ask: bool = True
    ) -> None:
        """Push a lesson and run it to its first question (asked unless `ask` is False,
        for `/edit Maria`, whose answer is already in hand)."""
        lesson = self.ctx.catalog.lessons[lesson_id]
        while len(self.frames) >= MAX_FRAMES:  # `while`: a `call` may have gone past it
            self.frames.pop(-2 if len(self.frames) > 1 else -1)
        self.frames.append(Frame(lesson=lesson.id, step=lesson.start, data=dict(data or {})))
        await self.run(ask=ask)

    async def reprompt(self) -> None:
        """Ask the current question again (after a command, an error or a resume)."""
        frame = self.frame
        if frame is None:
            return
        step = self.lesson_of(frame).step(frame.step)
        if isinstance(step, Question):
            await self.prompt(frame, step)
        else:  # a flow was left mid-way (e.g. /cancel during a called lesson): carry on
            await self.run()

    # --- running steps -------------------------------------------------------------

    async def run(self, *, ask: bool = True) -> None:
        """Run steps from the current one until one waits for the student or all end."""
        for _ in range(MAX_STEPS_PER_TURN):
            frame = self.frame
            if frame is None:
                return
            step = self.lesson_of(frame).step(frame.step)
            if isinstance(step, Question):
                if ask:
                    await self.prompt(frame, step)
                return
            await RUNS[type(step)](self, frame, step)
        raise RuntimeError("a lesson ran too many steps without asking anything")

    def goto(self, frame: Frame, target: str | None) -> None:
        if target is None:
            raise RuntimeError(f"step {frame.step} of {frame.lesson} has nowhere to go")
        frame.step = target

    @staticmethod
    def template_for(lesson_id: str, step: Shown) -> str:
        return step.template or f"{lesson_id}/{step.name}"

    async def step_context(self, frame: Frame, step: Step) -> dict[str, Any]:
        lesson = self.lesson_of(frame)
        context: dict[str, Any] = {
            "data": self._in_words(lesson, frame.data),
            "lesson": {"id": lesson.id, "title": lesson.title},
            "options": [
                {"value": o.value, "label": o.label, "hint": o.hint}
                for o in self.ctx.catalog.options_for(step)
            ],
        }
        if isinstance(step, Shown) and step.needs_map:
            context["map"] = build_map_view(await self.people(), self.ctx.catalog.options)
        return context

    def _in_words(self, lesson: Lesson, data: dict[str, Any]) -> dict[str, Any]:
        """The frame's data with option labels in today's language: a loop's item (and a
        nudge's part of life) is saved with its label, and the student may have switched
        language since. The frame itself keeps what was saved."""
        relabel: dict[str, dict[str, Any]] = {}
        for step in lesson.steps.values():
            if not isinstance(step, Loop):
                continue
            item = data.get(step.as_)
            if isinstance(item, dict) and "value" in item:
                option = self._option(step.over, item["value"])
                if option is not None:
                    relabel[step.as_] = {**item, "label": option.label, "hint": option.hint}
        nudge = data.get("nudge")
        if isinstance(nudge, dict) and nudge.get("label"):
            option = self._option("domains", nudge.get("domain"))
            if option is not None:
                relabel["nudge"] = {**nudge, "label": option.label}
        return {**data, **relabel} if relabel else data

    def _option(self, options: str, value: Any) -> Option | None:
        return next(
            (o for o in self.ctx.catalog.options.get(options, ()) if o.value == value), None
        )

    async def prompt(self, frame: Frame, step: Question) -> None:
        multi = isinstance(step, Choose) and step.multi
        context = await self.step_context(frame, step)
        if isinstance(step, Choose) and step.guess_from:
            context["guess"] = answering.offer_guess(self, frame, step)
        self.say(
            self.template_for(frame.lesson, step),
            choices=self.ctx.catalog.options_for(step),
            multi=multi,
            **context,
        )

    # --- answers -------------------------------------------------------------------

    async def answer(self) -> None:
        """Feed the student's message to the step that is waiting for it."""
        await answering.answer(self)

    async def finish_collect(self) -> bool:
        """`/done`: close the collecting step; False when nothing is being collected."""
        return await answering.finish_collect(self)

    def frames_dump(self) -> list[dict[str, Any]]:
        return [f.dump() for f in self.frames]
