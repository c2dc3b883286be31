"""The scheduler's test parts: a clock to move by hand, a sender that records, cohorts
of real students who joined as a student would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.engine import Coach
from bot.core.messages import ConversationKey, Markup, Outbound
from bot.store import cohorts
from bot.store.cohorts import CohortRecord
from bot.store.transactions import Transactions
from tests.support.chat import Chat
from tests.support.coach import NOW


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class RecordingSender:
    """A platform that records what it got; `fail_with` makes the next sends raise."""

    markup: Markup = Markup.PLAIN
    sent: list[tuple[ConversationKey, str]] = field(default_factory=list)
    fail_with: list[Exception] = field(default_factory=list)

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.sent.append((key, outbound.text))

    def to(self, user: str) -> list[str]:
        return [text for key, text in self.sent if key.user == user]


async def make_cohort(
    tx: Transactions,
    clock: Clock,
    name: str = "Room 12",
    *,
    tz: str = "America/New_York",
    quiet: str = "21:00-07:30",
    cap: int = 3,
) -> CohortRecord:
    return await tx.run(
        lambda conn: cohorts.create_cohort(
            conn, name=name, timezone=tz, quiet_hours=quiet, weekly_cap=cap, now=clock()
        )
    )


async def join(
    coach: Coach, cohort: CohortRecord, *users: str, minutes_ago: float = 60
) -> list[Chat]:
    """Students who consented and joined with the cohort's code, as a student would,
    `minutes_ago` (default an hour): they left the first lesson's question open and are
    not answering it right now, so a scheduled question is not held back for them
    (`test_mid_lesson.py` is about the students who are)."""
    clock = coach.clock
    assert isinstance(clock, Clock)
    clock.advance(minutes=-minutes_ago)
    chats = []
    try:
        for user in users:
            chat = Chat(coach, user=user)
            await chat.walk("hi", "yes")
            reply = await chat.say(f"/join {cohort.join_code}")
            assert cohort.name in reply
            chats.append(chat)
    finally:
        clock.advance(minutes=minutes_ago)
    return chats
