"""The send policy: may we message this person now, and how fast. One answer, used by all.

`judge` is the whole of "may we": a staff alert always goes at once; a student who
deleted their data, paused, or said STOP gets nothing, nor anyone a check-in that was
paused or deleted; a nudge waits while the student's weekly cap is full; and nothing
but an alert goes inside the student's quiet hours. The planners ask it before they
queue a row (`plan`), and every claim asks it again for each row it takes
(`bot.store.outbox.claim` calls the judge it is given, with what it read about the
student), so a student who paused after a row was queued is never sent it. `pacers_for`
is the whole of "how fast": the dispatcher paces each platform at its limits unless the
sender's own transport already does.

Quiet hours are a local wall-clock window ("21:00-07:30", possibly across midnight) in
the student's time zone. Converting through `zoneinfo` on each check is what makes
them right across daylight-saving changes: "07:30" is 07:30 local on both sides of
the change, whatever the UTC offset. Times in and out are aware UTC datetimes. Nothing
here does I/O or reads a clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.schedule.pacing import UNLIMITED, Pacer, Rate
from bot.schedule.senders import Sender
from bot.vocab.payloads import (
    ALERT,
    CAP_WINDOW,
    NUDGE,
    QUIET_HOURS,
    SEND,
    WEEKLY_CAP,
    Drop,
    QuietHours,
    Reach,
    Standing,
    Verdict,
    Wait,
)

__all__ = [
    "LIMITS",
    "QuietHours",
    "backoff",
    "cap_frees_at",
    "in_quiet_hours",
    "judge",
    "next_allowed",
    "pacers_for",
    "plan",
    "zone",
]

# --- may we message them --------------------------------------------------------------


def judge(kind: str, reach: Reach | None, who: Standing, now: datetime) -> Verdict:
    """What becomes of a row for `who` of this `kind` now: SEND, Wait(until) or Drop.

    Alerts go to staff at once: a crisis waits for nobody's quiet hours, and the student
    an alert is about is not the person it goes to.
    """
    if kind == ALERT:
        return SEND
    if not who.present:
        return Drop("the student deleted their data")
    if who.paused:
        return Drop("the student paused")
    if who.opted_out:
        return Drop("the student said stop")
    if who.checkin_active is False:
        return Drop("the check-in was paused or deleted")
    reach = reach or Reach()
    at, why = now, QUIET_HOURS
    if kind == NUDGE and reach.weekly_cap is not None:
        frees = cap_frees_at(who.recent_nudges, reach.weekly_cap, now)
        if frees is None:
            return Drop(WEEKLY_CAP)
        if frees > now:
            at, why = frees, WEEKLY_CAP
    allowed = next_allowed(at, reach.tz, quiet_hours(reach.quiet))
    return SEND if allowed <= now else Wait(allowed, why)


def plan(kind: str, reach: Reach, who: Standing, now: datetime) -> datetime | None:
    """When a row the planner is about to queue may go (its `not_before`), or None.

    None when the judge would drop it, and when the weekly cap is full: a nudge is about
    now, so it is chosen again when there is room rather than queued for next week.
    A row held by quiet hours is queued, due when they end.
    """
    verdict = judge(kind, reach, who, now)
    if isinstance(verdict, Drop) or (isinstance(verdict, Wait) and verdict.why == WEEKLY_CAP):
        return None
    return verdict.until if isinstance(verdict, Wait) else now


def cap_frees_at(recent: Sequence[datetime], cap: int, now: datetime) -> datetime | None:
    """When one more nudge fits under `cap` in the last `CAP_WINDOW`: `now` if it does,
    else when enough of `recent` have aged out; None if it never will (a cap of 0)."""
    if cap <= 0:
        return None
    inside = sorted(t for t in recent if t > now - CAP_WINDOW)
    if len(inside) < cap:
        return now
    return inside[len(inside) - cap] + CAP_WINDOW


@lru_cache(maxsize=256)
def quiet_hours(text: str) -> QuietHours | None:
    return QuietHours.parse(text)


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name or "UTC")


def in_quiet_hours(at: datetime, tz: str, quiet: QuietHours | None) -> bool:
    if quiet is None:
        return False
    return quiet.contains(at.astimezone(zone(tz)).time())


def next_allowed(at: datetime, tz: str, quiet: QuietHours | None) -> datetime:
    """`at` itself if it is outside quiet hours, else the moment they end (in UTC).

    The end is found on the local calendar (today's or tomorrow's `end` time), so a
    DST change during the night moves the UTC instant, not the local time. If the
    end time does not exist that day (a spring-forward gap), the first instant after
    the gap is used.
    """
    if not in_quiet_hours(at, tz, quiet):
        return at
    assert quiet is not None
    local = at.astimezone(zone(tz))
    for days in (0, 1, 2):
        day = local.date() + timedelta(days=days)
        candidate = _local_instant(day, quiet.end, tz)
        if candidate > at and not in_quiet_hours(candidate, tz, quiet):
            return candidate
    raise ValueError(f"quiet hours {quiet} never end")  # pragma: no cover - start == end


def _local_instant(day: date, wall: time, tz: str) -> datetime:
    # zoneinfo reads a wall time skipped by a spring-forward with the offset before
    # the change (fold=0), which lands just after the gap: what we want.
    return datetime.combine(day, wall, tzinfo=zone(tz)).astimezone(UTC)


def backoff(attempt: int, *, base: float = 30.0, cap: float = 3600.0) -> float:
    """Seconds to wait before retry `attempt` (1, 2, ...): 30 s, 60 s, 2 min ... at most 1 h."""
    return min(cap, base * 2 ** max(attempt - 1, 0))


# --- how fast -------------------------------------------------------------------------

# The platforms' published limits (per chat, overall), 2% under so arrival-time jitter
# never crosses them (bench/outbox_dispatch.py).
LIMITS: dict[str, tuple[Rate, Rate]] = {
    "telegram": (Rate(0.98), Rate(29.4)),
    "slack": (Rate(0.98, burst=3), UNLIMITED),
}


def pacers_for(senders: Mapping[str, Sender], *, share: int = 1) -> dict[str, Pacer]:
    """The dispatcher's pacer for each platform it paces, at that platform's limits.

    A sender whose sends are paced already says so (`paced = True`): Telegram's goes
    through the bot's limiter, shared with the replies to students, so pacing it here
    too would halve the budget; the log sender goes nowhere. Every other sender to a
    platform with limits is paced here: Slack's (its replies have no pacer to share)
    and the plain HTTP sender. A `Pacer` lives in one process, so `share` workers
    sending through one bot each take 1/N of the overall rate (`orbit worker --share`).
    """
    out = {}
    for platform, sender in senders.items():
        if platform not in LIMITS or getattr(sender, "paced", False):
            continue
        per_chat, overall = LIMITS[platform]
        if share > 1 and not overall.unlimited:
            overall = Rate(overall.per_second / share, burst=overall.burst)
        out[platform] = Pacer(per_key=per_chat, overall=overall)
    return out
