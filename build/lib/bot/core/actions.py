"""Named actions a lesson step can run (`type: action`, `do: NAME`).

Actions turn what the student answered into changes for the store. Each registers
itself with `@action`, declaring the `data` keys it needs, the ones it provides and
the ones it drops, so `orbit lessons check` can tell whether a lesson gives them
what they use (and the runner and the check read the same `ACTIONS`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.coaching.email.lesson import lesson_review
from bot.coaching.email.review import review_to_dict
from bot.coaching.helpers import suggest_helpers
from bot.coaching.opening_check import check_opening
from bot.vocab.changes import (
    AddPerson,
    CreateCheckIn,
    DeleteStudent,
    RemovePerson,
    SaveAsk,
    SaveCheckInResponse,
    SaveDraft,
    UpdateAsk,
    UpdatePerson,
)
from bot.vocab.records import new_id

if TYPE_CHECKING:
    from bot.core.turn import Frame, Turn

ActionFn = Callable[["Turn", "Frame"], Awaitable[None]]

PERSON_KEYS = ("person_name", "person_supports", "person_closeness")


@dataclass(frozen=True, slots=True)
class Action:
    run: ActionFn
    needs: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    drops: frozenset[str] = frozenset()


ACTIONS: dict[str, Action] = {}


def action(
    name: str,
    *,
    needs: tuple[str, ...] = (),
    provides: tuple[str, ...] = (),
    drops: tuple[str, ...] = (),
) -> Callable[[ActionFn], ActionFn]:
    """Register `do: NAME` with the data keys it reads, sets and removes."""

    def register(run: ActionFn) -> ActionFn:
        if name in ACTIONS:
            raise ValueError(f"action `{name}` is registered twice")
        ACTIONS[name] = Action(run, frozenset(needs), frozenset(provides), frozenset(drops))
        return run

    return register


def _value(item: Any) -> str:
    return str(item["value"]) if isinstance(item, dict) else str(item)


@action(
    "save_person",
    needs=("domain", *PERSON_KEYS),
    provides=("added", "last_added"),
    drops=PERSON_KEYS,
)
async def save_person(turn: Turn, frame: Frame) -> None:
    data = frame.data
    person = AddPerson(
        id=new_id(),
        name=data["person_name"],
        domain=_value(data["domain"]),
        supports=tuple(data["person_supports"]),
        closeness=data["person_closeness"],
    )
    turn.change(person)
    data["added"] = [*data.get("added", []), person.name]  # never in place: see Frame.load
    data["last_added"] = person.name
    for key in PERSON_KEYS:
        data.pop(key, None)


@action("next_idea", provides=("_idea", "_idea_domain"))
async def next_idea(turn: Turn, frame: Frame) -> None:
    """Move on to the next concrete idea for someone who can't think of anyone ("idk"),
    so a student who says it in every part of life reads a different one each time;
    `_idea_domain` is the part of life it was said in (the idea is for the next one)."""
    data = frame.data
    data["_idea"] = int(data.get("_idea", 0)) + 1
    data["_idea_domain"] = _value(data["domain"]) if data.get("domain") else ""


@action("drop_person", provides=("_dropped",), drops=PERSON_KEYS)
async def drop_person(turn: Turn, frame: Frame) -> None:
    """The student took back the person being entered ("wait no"): nothing is saved."""
    data = frame.data
    data["_dropped"] = str(data.get("person_name", ""))  # shown once, never kept
    for key in PERSON_KEYS:
        data.pop(key, None)


@action("update_person", needs=("person",))
async def update_person(turn: Turn, frame: Frame) -> None:
    data = frame.data
    person = data["person"]
    updated = {
        **person,
        **{k: data[k] for k in ("name", "domain", "supports", "closeness") if k in data},
    }
    turn.change(
        UpdatePerson(
            id=person["id"],
            name=updated["name"],
            domain=updated["domain"],
            supports=tuple(updated["supports"]),
            closeness=updated["closeness"],
        )
    )
    data["person"] = updated


@action("remove_person", needs=("person",))
async def remove_person(turn: Turn, frame: Frame) -> None:
    turn.change(RemovePerson(id=frame.data["person"]["id"]))


@action("delete_everything")
async def delete_everything(turn: Turn, frame: Frame) -> None:
    turn.change(DeleteStudent())
    turn.frames = [frame]  # nothing to go back to: every lesson in progress is gone too


def _labels(turn: Turn, options: str, values: Any) -> list[str]:
    names = {o.value: o.label for o in turn.ctx.catalog.options.get(options, ())}
    return [names.get(v, v) for v in values]


@action(
    "review_draft",
    needs=("draft", "purpose"),
    provides=("review", "ready", "draft_version", "llm_note"),
)
async def review_draft(turn: Turn, frame: Frame) -> None:
    """Check the draft against the rubric, keep this version, and maybe ask the LLM."""
    data = frame.data
    recipient = data["recipient"]["name"] if isinstance(data.get("recipient"), dict) else ""
    review, data["review"] = lesson_review(
        data["draft"],
        purpose=data.get("purpose"),
        audience=data.get("audience"),
        topic=data.get("topic"),
        student_name=turn.student.display_name if turn.student else "",
        recipient=recipient,
    )
    version = int(data.get("draft_version", 0)) + 1
    data["draft_version"] = version
    data["ready"] = review.ready
    turn.change(
        SaveDraft(
            id=new_id(),
            recipient=recipient,
            purpose=data["purpose"],
            version=version,
            text=data["draft"],
            ready=review.ready,
            rubric=review_to_dict(review),
        )
    )
    data["llm_note"] = ""
    if turn.ctx.email_llm is not None:
        note = await turn.ctx.email_llm.extra_feedback(
            data["draft"], review, purpose=data["purpose"], recipient=recipient
        )
        data["llm_note"] = note or ""


@action(
    "suggest_helpers",
    needs=("kind",),
    provides=("suggestions", "has_suggestions", "map_empty"),
)
async def suggest(turn: Turn, frame: Frame) -> None:
    people = await turn.people()
    found = suggest_helpers(people, frame.data["kind"])
    frame.data["suggestions"] = [
        {
            "name": s.person.name,
            "why": _labels(turn, "supports", s.matches),
            "closeness": _labels(turn, "closeness", [s.person.closeness])[0],
        }
        for s in found
    ]
    frame.data["has_suggestions"] = bool(found)
    frame.data["map_empty"] = not people


@action(
    "save_ask",
    needs=("helper", "goal", "kind", "ask_what", "ask_by", "how", "follow_up_on"),
)
async def save_ask(turn: Turn, frame: Frame) -> None:
    data = frame.data
    turn.change(
        SaveAsk(
            id=new_id(),
            helper=data["helper"]["name"],
            goal=data["goal"],
            kind=data["kind"],
            what=data["ask_what"],
            by_date=date.fromisoformat(data["ask_by"]),
            how=data["how"],
            opening_line=data.get("opening_line", ""),
            follow_up_on=date.fromisoformat(data["follow_up_on"]),
        )
    )


@action("check_opening", needs=("opening_line",), provides=("opening",))
async def check_opening_line(turn: Turn, frame: Frame) -> None:
    """Read the rehearsed opening line for who / what / room for no (one tip)."""
    data = frame.data
    helper = data.get("helper") or {}
    knows_well = helper.get("closeness") == "close" or helper.get("domain") == "family"
    found = check_opening(
        str(data.get("opening_line", "")), str(data.get("ask_what", "")), knows_well=knows_well
    )
    data["opening"] = {
        "who": found.who,
        "what": found.what,
        "room": found.room,
        "tip": found.tip,
        "known": knows_well,  # no introduction needed, so none is praised
    }


@action("record_outcome", needs=("ask", "outcome"))
async def record_outcome(turn: Turn, frame: Frame) -> None:
    data = frame.data
    note = " / ".join(
        str(data[k]) for k in ("thanks_detail", "obstacle", "next_step") if data.get(k)
    )
    again = data.get("next_step_on")  # "not yet": follow up on the smaller step's day
    turn.change(
        UpdateAsk(
            id=data["ask"]["id"],
            status=data["outcome"],
            outcome_note=note[:500],
            follow_up_on=date.fromisoformat(again) if again else None,
        )
    )


@action("save_checkin_response", needs=("checkin", "answer"))
async def save_checkin_response(turn: Turn, frame: Frame) -> None:
    """A check-in answer, kept with the check-in (and erased by /delete)."""
    checkin = frame.data["checkin"]
    turn.change(
        SaveCheckInResponse(
            checkin_id=checkin["id"],
            occurrence=checkin["occurrence"],
            answer=str(frame.data["answer"])[:1000],
        )
    )


def checkin_time(when: str, now: datetime, tz: str) -> datetime:
    """ "now", "tomorrow" or "monday" (15:30 local) as a UTC instant."""
    if when == "now":
        return now
    local = now.astimezone(ZoneInfo(tz))
    days = 1 if when == "tomorrow" else (7 - local.weekday()) or 7
    day = local.date() + timedelta(days=days)
    return datetime.combine(day, time(15, 30), tzinfo=ZoneInfo(tz)).astimezone(UTC)


@action(
    "prepare_checkin",
    needs=("cohort", "wants_question", "when"),
    provides=("question_text", "at", "scheduled_for"),
)
async def prepare_checkin(turn: Turn, frame: Frame) -> None:
    """Work out the text and the time once, so the preview shows exactly what is saved."""
    data = frame.data
    tz = data["cohort"]["timezone"]
    at = checkin_time(data["when"], turn.ctx.clock(), tz)
    data["question_text"] = str(data.get("question", "")) if data["wants_question"] == "yes" else ""
    data["at"] = at.isoformat()
    data["scheduled_for"] = at.astimezone(ZoneInfo(tz)).strftime("%a %d %b %H:%M")


@action(
    "schedule_checkin",
    needs=("cohort", "message", "question_text", "at"),
    provides=("checkin_id",),
)
async def schedule_checkin(turn: Turn, frame: Frame) -> None:
    """The coordinator confirmed the preview: the check-in exists from this turn on."""
    data = frame.data
    checkin_id = new_id()[:12]
    turn.change(
        CreateCheckIn(
            id=checkin_id,
            cohort_id=data["cohort"]["id"],
            message=str(data["message"])[:1000],
            question=data["question_text"][:300],
            at=datetime.fromisoformat(data["at"]),
            timezone=data["cohort"]["timezone"],
        )
    )
    data["checkin_id"] = checkin_id
