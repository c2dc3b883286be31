"""What the core asks of whoever draws pictures in chat: the `/map` picture, `/report`.

Drawing needs the insights (measures, matplotlib, the cohort's data), a layer above the
core, so the core names only this port; `bot/insights/chat_media.py` implements it and
the composition root (`bot/app/`) hands it to the Coach. A Coach built without one
answers `/map` in text and cannot make a `/report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.core.turn import Turn
    from bot.store.cohorts import CohortRecord
    from bot.vocab.records import PersonRecord


class ChatMedia(Protocol):
    async def attach_map_picture(self, turn: Turn, people: list[PersonRecord]) -> None:
        """Add the map picture (and a growth line) to the turn's last reply, when pictures
        are on (`CoachSettings.media_dir`)."""

    async def send_cohort_report(self, turn: Turn, cohort: CohortRecord) -> None:
        """Say the cohort's measures, with the chart sheet when pictures are on."""
