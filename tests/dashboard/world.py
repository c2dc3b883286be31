"""A small program for the dashboard's tests: two cohorts with their coordinators, an
admin, real students who consented and joined by code, and sign-in links delivered the
way a console user gets them (`deliver_waiting`, what `orbit chat` runs at start)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.app.dashboard import issue_link
from bot.config import Settings
from bot.core.engine import Coach
from bot.schedule.waiting import deliver_waiting
from bot.store import cohorts
from bot.store.cohorts import CohortRecord
from bot.store.transactions import Transactions
from bot.vocab.keys import ConversationKey
from bot.vocab.records import utcnow
from tests.support.chat import Chat
from tests.support.schedule import RecordingSender

MSR = ConversationKey("console", "local", "msr")  # coordinator of Room 12
OKA = ConversationKey("console", "local", "oka")  # coordinator of Room 14
LINK = re.compile(r"https?://\S+/signin/[A-Za-z0-9_-]+")


@dataclass
class World:
    coach: Coach
    tx: Transactions
    settings: Settings
    room12: CohortRecord
    room14: CohortRecord
    students: dict[str, Chat] = field(default_factory=dict)

    async def link_for(self, key: ConversationKey) -> str:
        """Ask for a link as `orbit dashboard link` does; read it in the person's DM."""
        await issue_link(self.coach.store, self.settings, key)
        sender = RecordingSender()
        await deliver_waiting(self.coach, key, sender)
        found = LINK.findall("\n".join(sender.to(key.user)))
        assert found, sender.sent
        return found[-1]


async def build_world(coach: Coach, tx: Transactions, settings: Settings) -> World:
    now = utcnow()
    made = []
    for name in ("Room 12", "Room 14"):
        made.append(
            await tx.run(
                lambda conn, n=name: cohorts.create_cohort(
                    conn, name=n, timezone="UTC", quiet_hours="", weekly_cap=3, now=now
                )
            )
        )
    room12, room14 = made
    await tx.run(cohorts.grant, MSR, "coordinator", room12.id, "Ms. Rivera", now)
    await tx.run(cohorts.grant, OKA, "coordinator", room14.id, "Mr. Oka", now)
    world = World(coach, tx, settings, room12, room14)
    for user, cohort in (("ana", room12), ("ben", room12), ("cy", room14)):
        chat = Chat(coach, user=user, platform="console")
        await chat.walk("hi", "yes")
        assert cohort.name in await chat.say(f"/join {cohort.join_code}")
        world.students[user] = chat
    return world
