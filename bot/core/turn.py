"""One turn of one student: run lesson steps, collect replies and changes.

A turn works on a copy of the student's frames (a stack: a lesson, with perhaps a
command flow such as /add on top). Nothing is written until the Coach commits
the whole turn, so a crash mid-turn leaves the student where they were.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from bot.core import validators
from bot.core.actions import ACTIONS
from bot.core.choices import picked, pressed_options, read_answer
from bot.core.lessons import Lesson, Option, Step
from bot.core.mapview import build_map_view
from bot.core.messages import Choice, Inbound, Outbound
from bot.core.understanding import Reason, Status, non_answer_reason, read_text
from bot.core.understanding.nonanswer import core as answer_core
from bot.core.understanding.yesno import yes_or_no
from bot.vocab.changes import Change, CompleteLesson, apply_to_people
from bot.vocab.records import PersonRecord, StudentRecord


def branch_key(value: Any) -> str:
    """How a `branch` step names a value: missing, true/false, the text, or present."""
    if value is None or value == "" or value == [] or value == {}:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return "present"


if TYPE_CHECKING:
    from bot.core.engine import Coach

log = logging.getLogger(__name__)
PENDING = "_did_you_mean"  # frame data: the candidates of a "Did you mean ...?" / "Which one?"
MAX_STEPS_PER_TURN = 300
MAX_FRAMES = 4


@dataclass
class Frame:
    lesson: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)

    def dump(self) -> dict[str, Any]:
        return {"lesson": self.lesson, "step": self.step, "data": self.data}

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Frame:
        """A frame to work on. Only `data` itself is copied: the frames come from the
        store's cache and are shared, so code never changes a value inside `data` in
        place (no `.append` on a list in it); it assigns a new value instead."""
        return cls(lesson=raw["lesson"], step=raw["step"], data=dict(raw.get("data") or {}))


def _still_a_question(frame: Frame, step: Step) -> bool:
    """A question read as an answer that still holds the "?" ("does sam count?" taken
    for a name): take it back; the question is answered on the non-answer path."""
    value = frame.data.get(step.save) if step.save else None
    shown = value.get("name") if isinstance(value, dict) else value
    if isinstance(shown, str) and "?" in shown:
        frame.data.pop(step.save or "", None)
        return True
    return False


class Turn:
    """The working state of one turn; see the module docstring."""

    def __init__(
        self,
        coach: Coach,
        inbound: Inbound,
        student: StudentRecord | None,
        frames: list[dict[str, Any]],
    ) -> None:
        self.coach = coach
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
        lesson = self.coach.catalog.lessons.get(raw.get("lesson", ""))
        if lesson is not None and raw.get("step") in lesson.steps:
            return True
        log.warning(
            "dropping a saved frame of a lesson that changed: %s/%s",
            raw.get("lesson"),
            raw.get("step"),
        )
        self.out.append(
            Outbound(text=self.coach.render("common/lesson_changed", self.inbound.markup))
        )
        return False

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
        text = self.coach.render(template, self.inbound.markup, **self.base_context(), **context)
        self.out.append(
            Outbound(
                text=text,
                choices=tuple(Choice(o.value, o.label) for o in choices),
                multi=multi,
            )
        )

    def change(self, change: Change) -> None:
        self.changes.append(change)
        if self._people is not None:
            self._people = apply_to_people(self._people, change, self.coach.clock())

    def base_context(self) -> dict[str, Any]:
        name = self.student.display_name if self.student else self.inbound.display_name
        return {"student": {"name": name}}

    async def people(self) -> list[PersonRecord]:
        if self._people is None:
            if self.student is None:
                self._people = []
            else:
                self._people = await self.coach.store.people(self.student.id)
            for change in self.changes:
                self._people = apply_to_people(self._people, change, self.coach.clock())
        return self._people

    # --- frames ---------------------------------------------------------------------

    @property
    def frame(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def lesson_of(self, frame: Frame) -> Lesson:
        return self.coach.catalog.lessons[frame.lesson]

    def in_lesson(self, lesson_id: str) -> bool:
        return any(f.lesson == lesson_id for f in self.frames)

    async def start(
        self, lesson_id: str, data: dict[str, Any] | None = None, *, ask: bool = True
    ) -> None:
        """Push a lesson and run it to its first question (asked unless `ask` is False,
        for `/edit Maria`, whose answer is already in hand)."""
        lesson = self.coach.catalog.lessons[lesson_id]
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
        if step.waits:
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
            if step.waits:
                if ask:
                    await self.prompt(frame, step)
                return
            await self._run_step(frame, step)
        raise RuntimeError("a lesson ran too many steps without asking anything")

    async def _run_step(self, frame: Frame, step: Step) -> None:
        if step.type == "say":
            await self._say_step(frame, step)
            self._goto(frame, step.next)
        elif step.type == "loop":
            self._loop(frame, step)
        elif step.type == "action":
            assert step.do is not None
            await ACTIONS[step.do].run(self, frame)
            self._goto(frame, step.next)
        elif step.type == "branch":
            assert step.check is not None
            self._goto(frame, step.branch.get(branch_key(frame.data.get(step.check)), step.next))
        elif step.type == "call":
            assert step.lesson is not None
            self._goto(frame, step.next)
            args = {
                child: frame.data[ours] for child, ours in step.with_.items() if ours in frame.data
            }
            lesson = self.coach.catalog.lessons[step.lesson]
            self.frames.append(Frame(lesson=lesson.id, step=lesson.start, data=args))
        elif step.type == "end":
            await self._end(frame)

    def _goto(self, frame: Frame, target: str | None) -> None:
        if target is None:
            raise RuntimeError(f"step {frame.step} of {frame.lesson} has nowhere to go")
        frame.step = target

    def _loop(self, frame: Frame, step: Step) -> None:
        assert step.over and step.as_ and step.body
        items = self.coach.catalog.options[step.over]
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
            self._goto(frame, step.next)

    async def _end(self, frame: Frame) -> None:
        lesson = self.lesson_of(frame)
        self.frames.pop()
        if lesson.listed:
            answers = {k: v for k, v in frame.data.items() if not k.startswith("_")}
            self.change(CompleteLesson(lesson=lesson.id, answers=answers))
        if self.frames:
            self.say("common/back_to_lesson", title=self.lesson_of(self.frames[-1]).title)

    async def step_context(self, frame: Frame, step: Step) -> dict[str, Any]:
        lesson = self.lesson_of(frame)
        context: dict[str, Any] = {
            "data": frame.data,
            "lesson": {"id": lesson.id, "title": lesson.title},
            "options": [
                {"value": o.value, "label": o.label, "hint": o.hint}
                for o in self.coach.catalog.options_for(step)
            ],
        }
        if step.needs_map:
            context["map"] = build_map_view(await self.people(), self.coach.catalog.options)
        return context

    async def _say_step(self, frame: Frame, step: Step) -> None:
        self.say(
            self.coach.template_for(frame.lesson, step), **await self.step_context(frame, step)
        )
        if step.document:
            last = self.out[-1]
            self.out[-1] = replace(last, document=str(frame.data.get(step.document, "")))

    async def prompt(self, frame: Frame, step: Step) -> None:
        options = self.coach.catalog.options_for(step) if step.type == "choose" else ()
        self.say(
            self.coach.template_for(frame.lesson, step),
            choices=options,
            multi=step.multi,
            **await self.step_context(frame, step),
        )

    # --- answers -------------------------------------------------------------------

    async def answer(self) -> None:
        """Feed the student's message to the step that is waiting for it."""
        frame = self.frame
        if frame is None:
            self.say("common/no_lesson")
            return
        step = self.lesson_of(frame).step(frame.step)
        limit = self.coach.settings.max_message_chars
        if step.type == "collect" and step.max_chars:
            limit = max(limit, step.max_chars)
        if len(self.inbound.text) > limit:
            self.say("errors/message_too_long", limit=limit, length=len(self.inbound.text))
            await self.prompt(frame, step)
            return
        # Not an answer at all ("idk", a question back, "wait no"): the step's own path.
        frame.data.pop("non_answer", None)  # templates see only this message's reason
        reason, felt = await self._non_answer(frame, step)
        routed = reason is not None and step.on_non_answer is not None
        # A question back may hold the answer ("does my grandma's church lady count?"):
        # the step reads it first, and it is routed only if what came out is no answer.
        asked = reason is Reason.QUESTION
        if routed and reason and step.type != "choose" and not asked and not self._skipped(step):
            await self._route_non_answer(frame, step, reason)
            return
        try:
            if step.type == "choose":
                target = self._answer_choice(frame, step)
            elif step.type == "collect":
                self._collect(frame, step)
                return
            else:
                target = await self._answer_text(frame, step)
        except validators.Invalid as problem:
            why = reason or getattr(problem, "reason", None)  # the reader's, if it says
            if step.on_non_answer and why and problem.template != "errors/stale_choice":
                await self._route_non_answer(frame, step, Reason(why))
                return
            if felt:  # the feeling was acknowledged: ask again, without an error
                await self.prompt(frame, step)
                return
            self.say(problem.template, choices=problem.choices, **problem.context)
            if not problem.ask_again:  # "Did you mean ...?" / "Which one?": wait for it
                return
            if step.on_invalid:
                self._goto(frame, step.on_invalid)
                await self.run()
            else:
                await self.prompt(frame, step)
            return
        if routed and asked and step.type != "choose" and _still_a_question(frame, step):
            await self._route_non_answer(frame, step, Reason.QUESTION)
            return
        frame.data.pop(PENDING, None)
        self._goto(frame, target)
        await self.run()

    async def _non_answer(self, frame: Frame, step: Step) -> tuple[Reason | None, bool]:
        """Why the message is not an answer (None if it may be one), and whether it was a
        feeling the lesson acknowledged (then it is still read as an answer, unless the
        step routes non-answers: a feeling is no name)."""
        feelings = self.lesson_of(frame).feelings
        if self.inbound.choice is not None or not (step.on_non_answer or feelings):
            return None, False
        reason = non_answer_reason(self.inbound.text)
        if reason is Reason.FEELING and feelings:
            self.say(feelings, **await self.step_context(frame, step))
            return reason, True
        return reason, False

    def _skipped(self, step: Step) -> bool:
        return bool(step.skip) and self.inbound.text.strip().casefold().strip(" .!") in step.skip

    async def _route_non_answer(self, frame: Frame, step: Step, reason: Reason) -> None:
        assert step.on_non_answer is not None
        frame.data["non_answer"] = reason.value
        self._goto(frame, step.on_non_answer)
        await self.run()

    def _collect(self, frame: Frame, step: Step) -> None:
        text = self.inbound.text.strip()
        if not text:
            raise validators.Invalid("errors/empty")
        assert step.save is not None
        key = f"_{step.save}_parts"
        parts = [*frame.data.get(key, []), text]  # a new list: frames are shared (see Frame)
        limit = step.max_chars or validators.DEFAULT_MAX_CHARS
        if sum(len(p) for p in parts) > limit:
            raise validators.Invalid("errors/collect_full", {"limit": limit})
        frame.data[key] = parts
        words = sum(len(p.split()) for p in parts)
        self.say(step.ack or "common/collect_ack", words=words, parts=len(parts))

    async def finish_collect(self) -> bool:
        """`/done`: close the collecting step; False when nothing is being collected."""
        frame = self.frame
        if frame is None:
            return False
        step = self.lesson_of(frame).step(frame.step)
        if step.type != "collect":
            return False
        assert step.save is not None
        parts = frame.data.pop(f"_{step.save}_parts", [])
        if not parts:
            self.say("errors/nothing_collected")
            await self.prompt(frame, step)
            return True
        frame.data[step.save] = "\n".join(parts)
        self._goto(frame, step.next)
        await self.run()
        return True

    def _pending(self, frame: Frame) -> list[str]:
        """The candidates of a "Did you mean ...?" or "Which one?" asked last turn."""
        pending = frame.data.pop(PENDING, None)
        return [str(v) for v in pending] if isinstance(pending, list) else []

    def _answer_choice(self, frame: Frame, step: Step) -> str | None:
        options = self.coach.catalog.options_for(step)
        pending = self._pending(frame)
        if self.inbound.choice is not None:
            chosen = pressed_options(self.inbound.choice, options, multi=step.multi)
            if chosen is None:
                raise validators.Invalid("errors/stale_choice")
        else:
            chosen = self._typed_choice(frame, options, step.multi, pending)
        if step.save:
            frame.data[step.save] = [o.value for o in chosen] if step.multi else chosen[0].value
        return step.branch.get(chosen[0].value, step.next)

    def _typed_choice(
        self, frame: Frame, options: tuple[Option, ...], multi: bool, pending: list[str]
    ) -> list[Option]:
        text = self.inbound.text
        if pending:
            # An answer to "Did you mean ...?": yes takes the one candidate, a number or
            # words pick among them; anything else is read as a fresh answer.
            candidates = tuple(o for o in options if o.value in pending)
            if yes_or_no(text) == "yes" and len(candidates) == 1:
                return list(candidates)
            among = read_answer(text, candidates, multi=multi) if candidates else None
            if among is not None and among.status is Status.ANSWER:
                return picked(among, candidates)
        reading = read_answer(text, options, multi=multi)
        if reading.status is Status.ANSWER:
            return picked(reading, options)
        if reading.status is Status.UNSURE and reading.candidates:
            frame.data[PENDING] = list(reading.candidates)
            candidates = tuple(o for o in options if o.value in reading.candidates)
            raise validators.Invalid(
                "understanding/did_you_mean",
                {"labels": [o.label for o in candidates]},
                choices=candidates,
                ask_again=False,
            )
        context = {"count": len(options), "several": multi}
        if reading.status is Status.NOT_ANSWER:
            raise validators._not_answer(reading, "errors/not_an_option", context)
        raise validators.Invalid("errors/not_an_option", context)

    async def _answer_text(self, frame: Frame, step: Step) -> str | None:
        text = self.inbound.text.strip()
        if step.expect == "existing_person" and self.inbound.choice and PENDING in frame.data:
            found = await self._existing_person(frame, text)  # a "Which one?" button
            if step.save:
                frame.data[step.save] = found
            return step.next
        if not text and self.inbound.choice is not None:
            raise validators.Invalid("errors/stale_choice")  # a button of an earlier question
        if not text:
            raise validators.Invalid("errors/empty")
        if step.skip and text.casefold().strip(" .!") in step.skip:
            return step.on_skip
        try:
            value = await self._typed_value(frame, step, text)
        except validators.NotAnswer:
            if step.skip and self._skips(step, text):
                return step.on_skip
            raise
        if (
            step.expect == "text"
            and step.skip
            and len(text) <= 40
            and self._says_nothing(step, text)
        ):
            return step.on_skip  # "idk tbh" where "idk" skips; "ok" where words were asked
        if step.save:
            frame.data[step.save] = value
        return step.next

    def _says_nothing(self, step: Step, text: str) -> bool:
        """A skip word, or free text that answers nothing ("ok", "idk lol"); a question
        back stays an answer here, since a goal may well be one."""
        return self._skips(step, text) or read_text(text).reason is Reason.NON_ANSWER

    @staticmethod
    def _skips(step: Step, text: str) -> bool:
        """A skip word in other words: "none tbh", "idk lol", "nah" (where "no" skips)."""
        core = answer_core(text)
        if core in step.skip:
            return True
        # "nah" or "nope" where "no" skips, but never "nah my teacher" (a name follows)
        return "no" in step.skip and len(core.split()) == 1 and yes_or_no(text) == "no"

    async def _typed_value(self, frame: Frame, step: Step, text: str) -> Any:
        if step.expect == "new_person":
            value, reading = validators.read_new_person(text, await self.people())
            if reading.subject:  # "does my grandma's church lady count?"
                self.say("understanding/they_count", name=value)
            return value
        if step.expect == "existing_person":
            return await self._existing_person(frame, text)
        if step.expect == "person_or_new":
            return validators.person_or_new(text, await self.people())
        if step.expect == "confirm_delete":
            return validators.confirm_delete(text)
        if step.expect == "future_date":
            return validators.future_date(text, self.coach.today())
        if step.expect == "date_after":
            after = frame.data.get(step.after) if step.after else None
            return validators.date_after(text, self.coach.today(), after)
        if step.expect == "specific_ask":
            return validators.specific_ask(text, frame.data)
        return validators.free_text(text, step.max_chars)

    async def _existing_person(self, frame: Frame, text: str) -> dict[str, Any]:
        """Someone on the map; after "Which one?" a button or a typed pick answers."""
        people = await self.people()
        pending = self._pending(frame)
        if pending:
            among = [p for p in people if p.id in pending]
            chosen = self.inbound.choice
            if chosen is None:
                buttons = validators.person_choices(among, tuple(p.name for p in among))
                reading = read_answer(text, buttons, multi=False)
                chosen = reading.value if reading.answered else None
            for person in among:
                if person.id == chosen:
                    return validators.person_dict(person)
        try:
            return validators.existing_person(text, people)
        except validators.Invalid as problem:
            if problem.choices:
                frame.data[PENDING] = [o.value for o in problem.choices]
            raise

    def frames_dump(self) -> list[dict[str, Any]]:
        return [f.dump() for f in self.frames]
