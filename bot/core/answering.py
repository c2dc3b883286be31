"""Feeding the student's message to the question that waits for it.

Each question type (`ask`, `choose`, `collect`) has a reader registered with
`@reads`; it returns the step to go to next, or None to stay (a `collect` step
waits for `/done`). A reader raises `validators.Invalid` for an answer it cannot
take. Non-answers ("idk", a question back, a feeling) are routed to the step's
`on_non_answer` before or after reading, as the lesson says.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from bot.coaching.email.parse import count_words
from bot.core import validators
from bot.core.answers import ANSWERS, pending_candidates
from bot.core.choices import picked, pressed_options, read_answer
from bot.core.frames import PENDING, Frame
from bot.core.lessons import Option
from bot.core.steps import STEP_TYPES, Ask, Choose, Collect, Question
from bot.core.understanding import Reason, Status, non_answer_reason, read_text
from bot.core.understanding.nonanswer import core as answer_core
from bot.core.understanding.yesno import yes_or_no

if TYPE_CHECKING:
    from bot.core.turn import Turn

Q = TypeVar("Q", bound=Question)
Reader = Callable[["Turn", Frame, Any], Awaitable[str | None]]

READS: dict[type[Question], Reader] = {}


def reads(cls: type[Q]) -> Callable[[Callable[[Turn, Frame, Q], Awaitable[str | None]]], Reader]:
    """Register how the answer to a question of type `cls` is read."""

    def register(read: Callable[[Turn, Frame, Q], Awaitable[str | None]]) -> Reader:
        READS[cls] = read
        return read

    return register


async def answer(turn: Turn) -> None:
    """Feed the student's message to the step that is waiting for it."""
    frame = turn.frame
    if frame is None:
        turn.say("common/no_lesson")
        return
    step = turn.lesson_of(frame).step(frame.step)
    if not isinstance(step, Question):  # a saved frame left mid-way: carry on to a question
        await turn.reprompt()
        return
    limit = turn.ctx.settings.max_message_chars
    if isinstance(step, Collect) and step.max_chars:
        limit = max(limit, step.max_chars)
    if len(turn.inbound.text) > limit:
        turn.say("errors/message_too_long", limit=limit, length=len(turn.inbound.text))
        await turn.prompt(frame, step)
        return
    # Not an answer at all ("idk", a question back, "wait no"): the step's own path.
    frame.data.pop("non_answer", None)  # templates see only this message's reason
    reason, felt = await _non_answer(turn, frame, step)
    routed = reason is not None and step.on_non_answer is not None
    # A question back may hold the answer ("does my grandma's church lady count?"):
    # the step reads it first, and it is routed only if what came out is no answer.
    asked = reason is Reason.QUESTION
    typed = not isinstance(step, Choose)
    if routed and reason and typed and not asked and not _skipped(turn, step):
        await _route_non_answer(turn, frame, step, reason)
        return
    try:
        target = await READS[type(step)](turn, frame, step)
    except validators.Invalid as problem:
        await _invalid(turn, frame, step, problem, reason, felt)
        return
    if target is None:
        return
    if routed and asked and typed and _still_a_question(frame, step):
        await _route_non_answer(turn, frame, step, Reason.QUESTION)
        return
    frame.data.pop(PENDING, None)
    turn.goto(frame, target)
    await turn.run()


async def _invalid(
    turn: Turn,
    frame: Frame,
    step: Question,
    problem: validators.Invalid,
    reason: Reason | None,
    felt: bool,
) -> None:
    """Explain and ask again, route it as a non-answer, or wait for "Did you mean"."""
    why = reason or getattr(problem, "reason", None)  # the reader's, if it says
    if step.on_non_answer and why and problem.template != "errors/stale_choice":
        await _route_non_answer(turn, frame, step, Reason(why))
        return
    if felt:  # the feeling was acknowledged: ask again, without an error
        await turn.prompt(frame, step)
        return
    turn.say(problem.template, choices=problem.choices, **problem.context)
    if not problem.ask_again:  # "Did you mean ...?" / "Which one?": wait for it
        return
    if step.on_invalid:
        turn.goto(frame, step.on_invalid)
        await turn.run()
    else:
        await turn.prompt(frame, step)


async def _non_answer(turn: Turn, frame: Frame, step: Question) -> tuple[Reason | None, bool]:
    """Why the message is not an answer (None if it may be one), and whether it was a
    feeling the lesson acknowledged (then it is still read as an answer, unless the
    step routes non-answers: a feeling is no name)."""
    feelings = turn.lesson_of(frame).feelings
    if turn.inbound.choice is not None or not (step.on_non_answer or feelings):
        return None, False
    reason = non_answer_reason(turn.inbound.text)
    if reason is Reason.FEELING and feelings:
        turn.say(feelings, **await turn.step_context(frame, step))
        return reason, True
    return reason, False


def _skipped(turn: Turn, step: Question) -> bool:
    if not isinstance(step, Ask) or not step.skip:
        return False
    return turn.inbound.text.strip().casefold().strip(" .!") in step.skip


async def _route_non_answer(turn: Turn, frame: Frame, step: Question, reason: Reason) -> None:
    assert step.on_non_answer is not None
    frame.data["non_answer"] = reason.value
    turn.goto(frame, step.on_non_answer)
    await turn.run()


def _still_a_question(frame: Frame, step: Question) -> bool:
    """A question read as an answer that still holds the "?" ("does sam count?" taken
    for a name): take it back; the question is answered on the non-answer path."""
    value = frame.data.get(step.save) if step.save else None
    shown = value.get("name") if isinstance(value, dict) else value
    if isinstance(shown, str) and "?" in shown:
        frame.data.pop(step.save or "", None)
        return True
    return False


# --- collect: several messages until /done ------------------------------------------


@reads(Collect)
async def collect(turn: Turn, frame: Frame, step: Collect) -> str | None:
    text = turn.inbound.text.strip()
    key = f"_{step.save}_parts"
    if not text and not frame.data.get(key):
        raise validators.Invalid("errors/empty")  # later, a blank line keeps paragraphs
    parts = [*frame.data.get(key, [])]  # a new list: frames are shared (see Frame)
    if parts and parts[-1] and not turn.inbound.line_by_line:
        parts.append("")  # a chat message is a paragraph: a blank line before the next one
    parts.append(text)
    limit = step.max_chars or validators.DEFAULT_MAX_CHARS
    if sum(len(p) for p in parts) > limit:
        raise validators.Invalid("errors/collect_full", {"limit": limit})
    frame.data[key] = parts
    words = count_words("\n".join(parts))  # the rubric's count: body words
    turn.say(step.ack or "common/collect_ack", words=words, parts=len(parts))
    return None  # stay: more may come before /done


async def finish_collect(turn: Turn) -> bool:
    """`/done`: close the collecting step; False when nothing is being collected."""
    frame = turn.frame
    if frame is None:
        return False
    step = turn.lesson_of(frame).step(frame.step)
    if not isinstance(step, Collect):
        return False
    parts = frame.data.pop(f"_{step.save}_parts", [])
    if not parts:
        turn.say("errors/nothing_collected")
        await turn.prompt(frame, step)
        return True
    frame.data[step.save] = "\n".join(parts).strip()
    turn.goto(frame, step.next)
    await turn.run()
    return True


# --- choose: a button, a number or words ---------------------------------------------


@reads(Choose)
async def choose(turn: Turn, frame: Frame, step: Choose) -> str | None:
    options = turn.ctx.catalog.options_for(step)
    pending = pending_candidates(frame)
    if turn.inbound.choice is not None:
        chosen = pressed_options(turn.inbound.choice, options, multi=step.multi)
        if chosen is None:
            raise validators.Invalid("errors/stale_choice")
    else:
        chosen = _typed_choice(turn.inbound.text, frame, options, step.multi, pending)
    frame.data.pop(NO_GUESS, None)
    if step.save:
        frame.data[step.save] = [o.value for o in chosen] if step.multi else chosen[0].value
    return step.branch.get(chosen[0].value, step.next)


NO_GUESS = "_no_guess"  # frame data: the student said no to the option offered


def offer_guess(turn: Turn, frame: Frame, step: Choose) -> str:
    """The label of the one option an earlier answer clearly names ("get a job i guess":
    A job or internship), kept as the candidate a "yes" takes; "" when it names none
    or several. Offered, never taken unasked: "my car broke down and I can't get to
    work" names a job, and the student may mean the ride."""
    said = frame.data.get(step.guess_from or "")
    if step.multi or not isinstance(said, str) or frame.data.get(NO_GUESS):
        return ""
    options = turn.ctx.catalog.options_for(step)
    reading = read_answer(said, options, multi=False)
    if reading.status is not Status.ANSWER:
        return ""
    (guessed,) = picked(reading, options)
    frame.data[PENDING] = [guessed.value]
    return guessed.label


def _typed_choice(
    text: str, frame: Frame, options: tuple[Option, ...], multi: bool, pending: list[str]
) -> list[Option]:
    if pending:
        # An answer to "Did you mean ...?": yes takes the one candidate, a number or
        # words pick among them; anything else is read as a fresh answer.
        candidates = tuple(o for o in options if o.value in pending)
        said = yes_or_no(text)
        if said == "yes" and len(candidates) == 1:
            return list(candidates)
        refusable = said == "no" and not any(o.value == "no" for o in options)
        if refusable and len(candidates) == 1:  # "Did you mean X?" / "Sounds like X": no
            frame.data.pop(PENDING, None)
            frame.data[NO_GUESS] = True  # asked again without the guess
            raise validators.Invalid("understanding/which_then")
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


# --- ask: typed text of the kind the step expects -------------------------------------


@reads(Ask)
async def ask(turn: Turn, frame: Frame, step: Ask) -> str | None:
    kind = ANSWERS[step.expect]
    text = turn.inbound.text.strip()
    if kind.presses and turn.inbound.choice and PENDING in frame.data:
        found = await kind.read(turn, frame, step, text)  # a "Which one?" button
        if step.save:
            frame.data[step.save] = found
        return step.next
    if not text and turn.inbound.choice is not None:
        raise validators.Invalid("errors/stale_choice")  # a button of an earlier question
    if not text:
        raise validators.Invalid("errors/empty")
    if step.skip and text.casefold().strip(" .!") in step.skip:
        return step.on_skip
    try:
        value = await kind.read(turn, frame, step, text)
    except validators.NotAnswer:
        if step.skip and _skips(step, text):
            return step.on_skip
        raise
    if kind.free and step.skip and len(text) <= 40 and _says_nothing(step, text):
        return step.on_skip  # "idk tbh" where "idk" skips; "ok" where words were asked
    if step.save:
        frame.data[step.save] = value
    return step.next


def _says_nothing(step: Ask, text: str) -> bool:
    """A skip word, or free text that answers nothing ("ok", "idk lol"); a question
    back stays an answer here, since a goal may well be one."""
    return _skips(step, text) or read_text(text).reason is Reason.NON_ANSWER


def _skips(step: Ask, text: str) -> bool:
    """A skip word in other words: "none tbh", "idk lol", "nah" (where "no" skips)."""
    core = answer_core(text)
    if core in step.skip:
        return True
    # "nah" or "nope" where "no" skips, but never "nah my teacher" (a name follows)
    return "no" in step.skip and len(core.split()) == 1 and yes_or_no(text) == "no"


_unread = sorted(name for name, cls in STEP_TYPES.items() if cls.waits and cls not in READS)
if _unread:
    raise RuntimeError(f"question types with no way to read an answer: {_unread}")
