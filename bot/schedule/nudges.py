"""Nudges: what is due for each student, as outbox rows. Pure planning, then one insert.

Every nudge is personal (it names the student's own people, ask, or an empty part of
their life) and opens a short flow in the core (`lessons/nudge_*.yaml`,
`ask_followup`) so they can act on it right there. At most one new nudge per student
per tick, and only when the send policy allows (not paused or stopped, under the
weekly cap; due after quiet hours); the most useful first: an ask whose follow-up
date has come, then telling a helper how their help turned out (a week after the
student got help), then revisiting the map, growing it, and re-engagement after a quiet
spell (at most `reengage_max` times, then Orbit stops asking).

Dedupe keys are built from what makes the nudge due (`nudge:revisit:<student>:<due
date>`), so recomputing — every tick, in every worker — inserts each nudge once, and
a nudge a student ignored is not repeated until something changes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bot.schedule import policy
from bot.store import nudge_facts, outbox
from bot.store.nudge_facts import StudentFacts
from bot.store.transactions import Transactions
from bot.support.resources import config_file
from bot.vocab.changes import OutboxMessage
from bot.vocab.payloads import NUDGE, OpenFlow

DEFAULT_FILE = config_file("nudges.toml")  # shipped, or ORBIT_CONFIG_DIR's


@dataclass(frozen=True, slots=True)
class NudgeSettings:
    revisit_days: int = 7
    grow_days: int = 14
    reengage_days: int = 10
    reengage_max: int = 2
    tell_helper_days: int = 7
    default_timezone: str = "UTC"
    default_quiet_hours: str = "21:00-07:30"
    weekly_cap: int = 3

    @classmethod
    def load(cls, path: Path = DEFAULT_FILE) -> NudgeSettings:
        if not path.is_file():
            return cls()
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})


def _day(at: datetime) -> str:
    return at.date().isoformat()


Nudge = tuple[str, str, dict[str, Any]]  # dedupe key, flow, data


def choose(
    f: StudentFacts, now: datetime, s: NudgeSettings, domains: list[tuple[str, str]]
) -> Nudge | None:
    """The one nudge due for this student now that was never queued before, or None."""
    return next((n for n in _candidates(f, now, s, domains) if n[0] not in f.queued), None)


def _candidates(
    f: StudentFacts, now: datetime, s: NudgeSettings, domains: list[tuple[str, str]]
) -> Iterator[Nudge]:
    """Every nudge due now, the most useful first."""
    sid = f.student_id
    for ask in f.asks_due:
        data: dict[str, Any] = {
            "ask": {"id": ask.id, "helper": ask.helper, "what": ask.what, "status": ask.status}
        }
        key = f"nudge:followup:{sid}:{ask.id}"
        if ask.status == "not_yet":  # a new day for a smaller step: followed up again then
            key += f":{ask.follow_up_on}"
        yield key, "ask_followup", data
    for helped in f.asks_helped:
        if helped.helped_at + timedelta(days=s.tell_helper_days) <= now:
            data = {"ask": {"id": helped.id, "helper": helped.helper, "what": helped.what}}
            yield f"nudge:tell_helper:{sid}:{helped.id}", "nudge_tell_helper", data
    if f.people and f.last_reviewed is not None:
        due = f.last_reviewed + timedelta(days=s.revisit_days)
        if due <= now:
            data = {"nudge": {"people": f.people[:5], "count": len(f.people)}}
            yield f"nudge:revisit:{sid}:{_day(due)}", "nudge_revisit", data
    if f.people and f.last_added is not None:
        due = f.last_added + timedelta(days=s.grow_days)
        if due <= now:
            gap = _gap(f, domains)
            if gap is not None:
                yield f"nudge:grow:{sid}:{_day(due)}", "nudge_grow", {"nudge": gap}
    if f.last_active is not None and f.reengagements < s.reengage_max:
        due = f.last_active + timedelta(days=s.reengage_days)
        if due <= now:
            data = {"nudge": {"people": f.people[:3], "count": len(f.people)}}
            yield f"nudge:reengage:{sid}:{_day(due)}", "nudge_reengage", data


def _gap(f: StudentFacts, domains: list[tuple[str, str]]) -> dict[str, Any] | None:
    """An empty part of life to think about, or (if all are covered) a career tie."""
    for value, label in domains:
        if value not in f.domains:
            return {"kind": "domain", "domain": value, "label": label}
    if "career" not in f.supports:
        return {"kind": "career", "domain": "", "label": ""}
    return None


def plan(
    facts: list[StudentFacts],
    now: datetime,
    settings: NudgeSettings,
    domains: list[tuple[str, str]],
) -> list[OutboxMessage]:
    """One row for each student the send policy lets us nudge and who has a nudge due."""
    out = []
    for f in facts:
        reach = f.reach
        not_before = policy.plan(NUDGE, reach, f.standing, now)
        if not_before is None:
            continue
        picked = choose(f, now, settings, domains)
        if picked is None:
            continue
        key, flow, data = picked
        out.append(
            OutboxMessage(
                dedupe_key=key,
                kind=NUDGE,
                key=f.key,
                student_id=f.student_id,
                payload=OpenFlow(flow=flow, data=data, reach=reach),
                not_before=not_before,
            )
        )
    return out


async def enqueue_due(
    tx: Transactions, now: datetime, settings: NudgeSettings, domains: list[tuple[str, str]]
) -> int:
    """Queue what is due now. The facts are read outside the write transaction (on SQLite
    a long scan there would hold up every student's turn); dedupe keys make a race with
    another worker harmless, and the claim asks the send policy again for every row."""
    load = partial(
        nudge_facts.load,
        default_tz=settings.default_timezone,
        default_quiet=settings.default_quiet_hours,
        default_cap=settings.weekly_cap,
    )
    facts = await tx.store.read(load, now)
    return await tx.run(outbox.enqueue, plan(facts, now, settings, domains), now)
