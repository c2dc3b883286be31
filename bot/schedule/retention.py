"""Retention: students idle for `retention_days` are deleted as `/delete` deletes them,
after one warning a week before ("reply anything to keep your map").

Off unless `retention_days` is set (config/default.toml). The scheduler's tick calls
`run`: it queues the warning for each student idle for `days - 7` days (once per
silence: the outbox's dedupe key names their last activity), and deletes those idle
for `days` whose warning was queued at least a week ago. Writing back at any point
moves their last activity, so nothing of theirs is deleted. A student who cannot be
messaged (opted out of nudges, a terminal student who never comes back) is deleted a
week after the warning was queued all the same. Every run that warns or deletes, and
every deletion, leaves an audit row (bot/store/audit.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.map_files import forget_pictures
from bot.store import audit, outbox, retention
from bot.store.cache import ConversationCache
from bot.store.transactions import Transactions
from bot.vocab.changes import OutboxMessage
from bot.vocab.payloads import NUDGE, RenderTemplate

log = logging.getLogger(__name__)
WARNING_DAYS = 7
TEMPLATE = "nudges/retention_warning"


@dataclass(frozen=True, slots=True)
class Retention:
    days: int  # more than WARNING_DAYS (the settings check it)
    media_dir: Path | None = None  # where /map pictures are, deleted with the student


async def run(tx: Transactions, policy: Retention, now: datetime) -> int:
    """One pass: queue the warnings due, delete the students due. Returns rows queued."""
    warn_from = now - timedelta(days=policy.days - WARNING_DAYS)
    idle = await tx.store.read(retention.idle_since, warn_from)
    if not idle:
        return 0
    queued_at = await tx.store.read(retention.warned, [i.warning_key for i in idle])
    warnings = [
        OutboxMessage(
            dedupe_key=i.warning_key,
            kind=NUDGE,
            key=i.key,
            student_id=i.student_id,
            payload=RenderTemplate(template=TEMPLATE, context={"days": policy.days}),
            not_before=now,
        )
        for i in idle
        if i.warning_key not in queued_at
    ]
    queued = await tx.run(outbox.enqueue, warnings, now) if warnings else 0
    week_ago, cutoff = now - timedelta(days=WARNING_DAYS), now - timedelta(days=policy.days)
    due = [
        i for i in idle if i.last_active < cutoff and queued_at.get(i.warning_key, now) <= week_ago
    ]
    gone = await tx.run(retention.erase, due, now) if due else 0
    for student in due:
        _forget(tx.store.cache, student, policy.media_dir)
    if queued or gone:
        detail = f"warned {queued}, deleted {gone} (retention_days={policy.days})"
        await tx.run(audit.record, "retention", "retention", "", detail, now)
        log.info("retention: %s", detail)
    return queued


def _forget(cache: ConversationCache, student: retention.Idle, media_dir: Path | None) -> None:
    """What this process remembers of a deleted student goes too (as after `/delete`)."""
    cache.evict(student.key)
    forget_pictures(media_dir, student.student_id)
