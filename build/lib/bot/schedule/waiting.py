"""What was queued for one conversation, delivered when its student shows up.

A terminal has no push: workers leave console students' rows (nudges, check-ins)
alone, and `orbit chat` calls `deliver_waiting` as it starts, so the student sees them
before typing anything. It is the workers' own path: the rows are claimed with a lease,
opened as a turn through `Coach.deliver` (so the student's reply answers the check-in)
and marked sent, so a second `orbit chat` does not show them again. The same rules
apply (paused or stopped students, quiet hours), except that nothing is held back
while the student answers a lesson: they have just arrived, and what they see last is
ours, so their next message is meant for it.
"""

from __future__ import annotations

from bot.core.engine import Coach
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.schedule.senders import Sender
from bot.store.transactions import Transactions
from bot.vocab.keys import ConversationKey


async def deliver_waiting(
    coach: Coach, key: ConversationKey, sender: Sender, *, worker: str = "orbit-chat"
) -> int:
    """Send `key`'s due rows through `sender`; the number of rows sent."""
    tx = Transactions(coach.store)
    try:
        dispatcher = Dispatcher(
            tx=tx,
            coach=coach,
            senders={key.platform: sender},
            worker=f"{worker}:{key.user}"[:64],
            settings=DispatchSettings(in_flight=1, hold_while_answering=None),
            clock=coach.clock,
            only=key,
        )
        stats = await dispatcher.drain()
        return stats.sent
    finally:
        await tx.close()
