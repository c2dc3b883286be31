"""A Coach as the tests build it: the shipped lessons and templates, a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.config import ROOT
from bot.core.engine import Coach, CoachSettings
from bot.insights.chat_media import InsightsMedia
from bot.store.store import Store

LESSONS = ROOT / "lessons"
PROMPTS = ROOT / "prompts"
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday afternoon


def make_coach(
    store: Store, *, clock: Callable[[], datetime] = lambda: NOW, **settings: object
) -> Coach:
    """A Coach on the shipped lessons, with a fixed clock unless one is given."""
    return Coach.from_paths(
        store=store,
        lessons_dir=LESSONS,
        prompts_dir=PROMPTS,
        settings=CoachSettings(**settings),  # type: ignore[arg-type]
        clock=clock,
        media=InsightsMedia(),
    )
