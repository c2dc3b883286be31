"""What the nudge planner needs to know about every student, in a few queries.

One row per student who consented: where to reach them, whether they paused or said
stop, their first cohort's time zone, quiet hours and weekly cap, when they last
reviewed or grew their map, which parts of life are still empty, their open asks
whose follow-up date has come, and when their nudges of the last seven days went or
go. Who may be nudged is the send policy's to say (`bot.schedule.policy`), not this
query's: a paused student is read like any other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.store.outbox import PENDING, SENT, O
from bot.store.queries import A, C, P, S
from bot.store.tables import Cohort, Membership
from bot.store.transactions import aware
from bot.vocab.keys import ConversationKey
from bot.vocab.payloads import CAP_WINDOW, NUDGE, Reach, Standing

CO = Cohort.__table__  # type: ignore[attr-defined]
M = Membership.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class OpenAsk:
    id: str
    helper: str
    what: str
    follow_up_on: date
    status: str = "planned"


@dataclass(frozen=True, slots=True)
class HelpedAsk:
    id: str
    helper: str
    what: str
    helped_at: datetime


@dataclass(slots=True)
class StudentFacts:
    student_id: str
    key: ConversationKey
    name: str
    timezone: str
    quiet_hours: str
    weekly_cap: int
    paused: bool
    opted_out: bool
    last_active: datetime | None
    last_reviewed: datetime | None
    last_added: datetime | None
    people: list[str] = field(default_factory=list)
    domains: set[str] = field(default_factory=set)
    supports: set[str] = field(default_factory=set)
    asks_due: list[OpenAsk] = field(default_factory=list)
    asks_helped: list[HelpedAsk] = field(default_factory=list)  # got help: tell them later
    recent_nudges: list[datetime] = field(default_factory=list)  # queued or sent, 7 days
    reengagements: int = 0
    queued: set[str] = field(default_factory=set)  # dedupe keys of nudges ever queued

    @property
    def reach(self) -> Reach:
        return Reach(quiet=self.quiet_hours, tz=self.timezone, weekly_cap=self.weekly_cap)

    @property
    def standing(self) -> Standing:
        return Standing(
            paused=self.paused, opted_out=self.opted_out, recent_nudges=tuple(self.recent_nudges)
        )


def load(
    conn: Connection,
    now: datetime,
    *,
    default_tz: str = "UTC",
    default_quiet: str = "",
    default_cap: int = 3,
) -> list[StudentFacts]:
    """Students in no cohort get the defaults' time zone, quiet hours and cap."""
    first_cohort = (
        select(M.c.student_id, func.min(M.c.cohort_id).label("cohort_id"))
        .group_by(M.c.student_id)
        .subquery()
    )
    query = (
        select(
            S.c.id, S.c.platform, S.c.team, S.c.user_id, S.c.display_name, S.c.timezone,
            S.c.paused, S.c.opted_out, C.c.updated_at, CO.c.timezone.label("cohort_tz"),
            CO.c.quiet_hours, CO.c.weekly_cap,
        )
        .select_from(
            S.outerjoin(C, C.c.student_id == S.c.id)
            .outerjoin(first_cohort, first_cohort.c.student_id == S.c.id)
            .outerjoin(CO, CO.c.id == first_cohort.c.cohort_id)
        )
    )  # fmt: skip
    facts: dict[str, StudentFacts] = {}
    for r in conn.execute(query):
        tz = r.timezone if r.timezone not in ("", "UTC") else (r.cohort_tz or default_tz)
        facts[r.id] = StudentFacts(
            student_id=r.id,
            key=ConversationKey(r.platform, r.team, r.user_id),
            name=r.display_name,
            timezone=tz,
            quiet_hours=r.quiet_hours if r.quiet_hours is not None else default_quiet,
            weekly_cap=r.weekly_cap if r.weekly_cap is not None else default_cap,
            paused=bool(r.paused),
            opted_out=bool(r.opted_out),
            last_active=aware(r.updated_at),
            last_reviewed=None,
            last_added=None,
        )
    _people(conn, facts)
    _asks(conn, facts, now.date())
    _recent_nudges(conn, facts, now)
    return list(facts.values())


def _people(conn: Connection, facts: dict[str, StudentFacts]) -> None:
    query = select(
        P.c.student_id, P.c.name, P.c.domain, P.c.supports, P.c.added_at, P.c.last_reviewed_at
    ).order_by(P.c.added_at)
    for r in conn.execute(query):
        f = facts.get(r.student_id)
        if f is None:
            continue
        f.people.append(r.name)
        f.domains.add(r.domain)
        f.supports.update(r.supports or ())
        f.last_added = max(filter(None, (f.last_added, aware(r.added_at))))
        f.last_reviewed = max(filter(None, (f.last_reviewed, aware(r.last_reviewed_at))))


def _asks(conn: Connection, facts: dict[str, StudentFacts], today: date) -> None:
    query = select(
        A.c.id, A.c.student_id, A.c.helper, A.c.what, A.c.follow_up_on, A.c.status
    ).where(A.c.status.in_(("planned", "waiting", "not_yet")), A.c.follow_up_on <= today)
    for r in conn.execute(query):
        if r.student_id in facts:
            facts[r.student_id].asks_due.append(
                OpenAsk(r.id, r.helper, r.what, r.follow_up_on, r.status)
            )
    helped = select(A.c.id, A.c.student_id, A.c.helper, A.c.what, A.c.updated_at).where(
        A.c.status == "got_help"
    )
    for h in conn.execute(helped):
        helped_at = aware(h.updated_at)
        if h.student_id in facts and helped_at is not None:
            facts[h.student_id].asks_helped.append(HelpedAsk(h.id, h.helper, h.what, helped_at))


def _recent_nudges(conn: Connection, facts: dict[str, StudentFacts], now: datetime) -> None:
    recent = select(O.c.student_id, O.c.not_before).where(
        O.c.kind == NUDGE, O.c.status.in_((PENDING, SENT)), O.c.not_before > now - CAP_WINDOW
    )
    for sid, not_before in conn.execute(recent):
        if sid in facts:
            facts[sid].recent_nudges.append(aware(not_before))  # type: ignore[arg-type]
    reengaged: dict[str, int] = defaultdict(int)
    query = select(O.c.student_id, O.c.dedupe_key).where(O.c.kind == NUDGE)
    for sid, key in conn.execute(query):
        if sid in facts:
            facts[sid].queued.add(key)
            if key.startswith("nudge:reengage:"):
                reengaged[sid] += 1
    for sid, count in reengaged.items():
        facts[sid].reengagements = count
