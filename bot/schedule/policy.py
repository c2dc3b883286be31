"""When Orbit may reach out: pure functions over times, no I/O and no clock of their own.

Quiet hours are a local wall-clock window ("21:00-07:30", possibly across midnight) in
the student's time zone. Converting through `zoneinfo` on each check is what makes
them right across daylight-saving changes: "07:30" is 07:30 local on both sides of
the change, whatever the UTC offset. Times in and out are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class QuietHours:
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


def under_weekly_cap(recent: int, cap: int) -> bool:
    """`recent`: nudges sent or queued for the student in the last seven days."""
    return recent < cap


def backoff(attempt: int, *, base: float = 30.0, cap: float = 3600.0) -> float:
    """Seconds to wait before retry `attempt` (1, 2, ...): 30 s, 60 s, 2 min ... at most 1 h."""
    return min(cap, base * 2 ** max(attempt - 1, 0))
