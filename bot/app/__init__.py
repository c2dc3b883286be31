"""The composition root: builds the store, the Coach, the senders and the clock, and starts
what a command asks for.

Everything else receives what it needs: the Coach gets its store, its clock, the email
LLM and the pictures (`InsightsMedia`); an adapter gets a Coach and serves it; the
schedule gets a Coach and the senders. Only this package (and the CLI that calls it)
knows every layer, so no layer has to import one above it.

- here: `open_store` / `open_coach`, a running Orbit's parts, opened and closed.
- `worker.py`: `build_senders` (the schedule's senders: `log`, an HTTP endpoint, or the
  platforms' own) and `run_worker` (`orbit worker`).
- `telegram.py`, `slack.py`: `serve_telegram` / `serve_slack`, an adapter serving a
  Coach with the schedule's clock and dispatcher next to it, sending through the
  adapter (unless `scheduler=False`); `run_telegram` / `run_slack` open the Coach first
  (`orbit run telegram|slack`).

A platform's library takes a second or more to import, so each platform has a module
of its own and `orbit chat` loads neither.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
from collections.abc import AsyncIterator, Iterable

from bot.coaching.llm import make_email_llm
from bot.config import Settings
from bot.core.engine import Coach, CoachSettings
from bot.core.messages import Markup
from bot.insights.chat_media import InsightsMedia
from bot.schedule.retention import Retention
from bot.store.cohorts import unwatched_cohorts
from bot.store.store import Store
from bot.vocab.records import utcnow

log = logging.getLogger(__name__)


def coach_settings(settings: Settings) -> CoachSettings:
    return CoachSettings(
        max_message_chars=settings.max_message_chars,
        first_lesson=settings.first_lesson,
        locale=settings.locale,
        media_dir=settings.media_dir,
        dashboard_url=settings.dashboard_url,
    )


_settled = False
YOUNG = 5000  # new objects between collections of the youngest generation


def settle_memory() -> None:
    """Keep what start-up built (modules, tables, compiled statements, the catalog) out of
    the garbage collector's full passes: it lives as long as the process, and walking
    its ~100,000 objects stalled every turn in flight for 30 ms to 300 ms, a few times a
    minute on a busy bot (BENCHMARKS.md). Once per process; later objects are collected
    as usual, the youngest after every `YOUNG` new objects rather than Python's 700: a
    turn makes hundreds, and at 700 a paced run paid ~600 collections (1.1-1.3 s) where
    5,000 paid ~20 (0.3-0.5 s), with a lower p99 (BENCHMARKS.md, 2026-11-30 night)."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(YOUNG, older, oldest)


@contextlib.asynccontextmanager
async def open_store(settings: Settings) -> AsyncIterator[Store]:
    store = Store(settings.database_url)
    try:
        await store.open()
        yield store
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def open_coach(
    settings: Settings, *, warm: Iterable[Markup] = (), measured: bool = False
) -> AsyncIterator[Coach]:
    """The store and the Coach (on the wall clock, drawing pictures with the insights),
    with the optional email LLM when `[llm]` is configured. `warm`: the markups of the
    platforms about to be served, whose templates are compiled before the first turn.
    `measured`: a Coach that times its turns for `/metrics` (bot/app/ops.py)."""
    from bot.app.ops import MeasuredCoach

    email_llm = make_email_llm(settings.llm, settings.prompts_dir)
    try:
        async with open_store(settings) as store:
            coach = (MeasuredCoach if measured else Coach).from_paths(
                store=store,
                lessons_dir=settings.lessons_dir,
                prompts_dir=settings.prompts_dir,
                settings=coach_settings(settings),
                clock=utcnow,
                email_llm=email_llm,
                media=InsightsMedia(),
            )
            coach.prompts.warm(warm)
            settle_memory()  # after warming: the compiled templates live as long
            yield coach
    finally:
        if email_llm is not None:
            await email_llm.aclose()


def retention_of(settings: Settings) -> Retention | None:
    """The scheduler's retention policy, when `retention_days` is set."""
    if settings.retention_days is None:
        return None
    return Retention(days=settings.retention_days, media_dir=settings.media_dir)


async def warn_if_nobody_is_alerted(coach: Coach) -> str | None:
    """At start-up (`orbit run`, `orbit worker`): say so when a crisis alert about some
    students would reach nobody (a cohort with no coordinator, and no admin at all).
    Logged as a warning and printed on the console; returns the console line."""
    unwatched = await coach.store.read(unwatched_cohorts)
    if unwatched == []:
        return None
    line = coach.render("cli/nobody_alerted", Markup.PLAIN, cohorts=unwatched or [])
    log.warning(
        "crisis alerts would reach nobody: %d cohort(s) without a coordinator and no admin",
        len(unwatched or []),
    )
    print(line, file=sys.stderr, flush=True)
    return line


def dashboard_if_asked(
    coach: Coach, settings: Settings, host: str, port: int | None
) -> contextlib.AbstractAsyncContextManager[int | None]:
    """The dashboard beside a bot (`orbit run ... --dashboard PORT`) when asked for; its
    package is imported only then (half a second of start-up otherwise)."""
    if port is None:
        return contextlib.nullcontext(None)
    from bot.app.dashboard import dashboard_beside

    return dashboard_beside(coach.store, settings, coach.prompts, host=host, port=port)
