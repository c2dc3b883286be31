"""What an outbox row carries, and what the send policy may say about it.

A row is stored as JSON (`outbox.payload`); these records are the only way code writes
or reads it. `to_json` gives the stored shape and `from_json` reads it back, saying
plainly what is wrong with a row that does not fit (`PayloadError`). The shape is the
one Orbit has always stored, so rows written before these records existed read the
same (a nudge row from before `cap` simply has no cap on it):

    {"flow": "nudge_revisit", "data": {...}, "quiet": "21:00-07:30", "tz": "...", "cap": 3}
    {"flow": "checkin_answer", "data": {...}, "checkin_id": "...", "quiet": "...", "tz": "..."}
    {"template": "checkins/message", "context": {...}, "checkin_id": "...", "quiet": ..., "tz": ...}
    {"template": "alerts/crisis", "context": {...}}          a staff alert: any time

The second half is the send policy's side of a claim: what the store reads about the
person a row is for (`Standing`) and what the policy answers (`SEND`, `Wait`, `Drop`).
They live here, below the store, so the store can ask the policy (`bot.schedule.policy`)
without importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NUDGE: Final = "nudge"
CHECKIN: Final = "checkin"
ALERT: Final = "alert"
KINDS: Final = (NUDGE, CHECKIN, ALERT)

CAP_WINDOW: Final = timedelta(days=7)  # a weekly cap counts the nudges of any seven days


class PayloadError(ValueError):
    """A stored payload that is not one of ours: the row cannot be sent as it is."""


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A local wall-clock window ("21:00-07:30", possibly across midnight)."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """ "21:00-07:30" -> QuietHours; "" -> None (no quiet hours)."""
        text = text.strip()
        if not text:
            return None
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError as exc:
            raise ValueError(f"quiet hours must look like 21:00-07:30, not {text!r}") from exc
        return cls(start, end)

    def contains(self, local: time) -> bool:
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # across midnight


@dataclass(frozen=True, slots=True)
class Reach:
    """When the recipient may be messaged, as the planner found it when it queued the row.

    `quiet` is a local wall-clock window ("21:00-07:30", "" for none) in the zone `tz`;
    `weekly_cap` (nudges only) is how many nudges may reach them in any `CAP_WINDOW`.
    """

    quiet: str = ""
    tz: str = "UTC"
    weekly_cap: int | None = None


@dataclass(frozen=True, slots=True)
class OpenFlow:
    """Open a flow (a short lesson) on the student's stack, so they can answer right there."""

    flow: str
    data: Mapping[str, Any]
    reach: Reach | None = None
    checkin_id: str | None = None


@dataclass(frozen=True, slots=True)
class RenderTemplate:
    """Render a template and send it; nothing to answer, no turn. `reach` None: any time."""

    template: str
    context: Mapping[str, Any]
    reach: Reach | None = None
    checkin_id: str | None = None


Payload = OpenFlow | RenderTemplate


def to_json(payload: Payload) -> dict[str, Any]:
    out: dict[str, Any]
    if isinstance(payload, OpenFlow):
        out = {"flow": payload.flow, "data": dict(payload.data)}
    else:
        out = {"template": payload.template, "context": dict(payload.context)}
    if payload.checkin_id is not None:
        out["checkin_id"] = payload.checkin_id
    reach = payload.reach
    if reach is not None:
        out["quiet"] = reach.quiet
        out["tz"] = reach.tz
        if reach.weekly_cap is not None:
            out["cap"] = reach.weekly_cap
    return out


def from_json(raw: object) -> Payload:
    """A stored payload as a record; `PayloadError` names the first thing that is wrong.

    Keys this version does not know are ignored (a newer Orbit may have added one).
    """
    if not isinstance(raw, Mapping):
        raise PayloadError(f"a payload is a JSON object, not {_kind(raw)}")
    if ("flow" in raw) == ("template" in raw):
        raise PayloadError("a payload has exactly one of 'flow' and 'template'")
    reach = _reach(raw)
    checkin_id = _optional(raw, "checkin_id", str)
    if "flow" in raw:
        return OpenFlow(
            flow=_text(raw, "flow"),
            data=_optional(raw, "data", Mapping) or {},
            reach=reach,
            checkin_id=checkin_id,
        )
    return RenderTemplate(
        template=_text(raw, "template"),
        context=_optional(raw, "context", Mapping) or {},
        reach=reach,
        checkin_id=checkin_id,
    )


def _reach(raw: Mapping[str, Any]) -> Reach | None:
    if not any(k in raw for k in ("quiet", "tz", "cap")):
        return None
    cap = raw.get("cap")
    if cap is not None and (type(cap) is not int or cap < 0):
        raise PayloadError(f"'cap' must be a whole number of nudges, not {_kind(cap)}")
    reach = Reach(
        quiet=_optional(raw, "quiet", str) or "",
        tz=_optional(raw, "tz", str) or "UTC",
        weekly_cap=cap,
    )
    try:
        QuietHours.parse(reach.quiet)
    except ValueError as exc:
        raise PayloadError(f"'quiet' {exc}") from None
    try:
        ZoneInfo(reach.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise PayloadError(f"'tz' is no time zone: {reach.tz[:40]!r}") from None
    return reach


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw[name]
    if not isinstance(value, str) or not value:
        raise PayloadError(f"{name!r} must be a non-empty string, not {_kind(value)}")
    return value


def _optional(raw: Mapping[str, Any], name: str, kind: type) -> Any:
    value = raw.get(name)
    if value is not None and not isinstance(value, kind):
        raise PayloadError(f"{name!r} must be {_name(kind)}, not {_kind(value)}")
    return value


def _name(kind: type) -> str:
    return "an object" if kind is Mapping else "a string"


def _kind(value: object) -> str:
    """What a value is, never what it says (a payload can hold a student's words)."""
    if value == "":
        return "an empty string"
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "null")


# --- the send policy's side of a claim ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """What is known about the person a row is for when the policy judges it.

    The claim reads it (`bot.store.outbox.claim`), the planners build it from their own
    reads. `recent_nudges`: when each nudge that counts against the weekly cap reached
    the student (or, for a planner, is queued to), within the last `CAP_WINDOW`.
    """

    present: bool = True  # False: the student deleted their data
    paused: bool = False
    opted_out: bool = False
    checkin_active: bool | None = None  # None: not a check-in's row
    recent_nudges: tuple[datetime, ...] = ()


@dataclass(frozen=True, slots=True)
class Send:
    """Send it now."""


@dataclass(frozen=True, slots=True)
class Wait:
    """Not before `until` (`why`: QUIET_HOURS or WEEKLY_CAP); the attempt does not count."""

    until: datetime
    why: str


@dataclass(frozen=True, slots=True)
class Drop:
    """Never: the row is cancelled (`why`: the student paused, stopped, left ...)."""

    why: str


SEND: Final = Send()
QUIET_HOURS: Final = "quiet hours"
WEEKLY_CAP: Final = "weekly cap"

Verdict = Send | Wait | Drop
# (kind, reach, standing, now) -> verdict: what the store asks of each row it claims.
Judge = Callable[[str, Reach | None, Standing, datetime], Verdict]
