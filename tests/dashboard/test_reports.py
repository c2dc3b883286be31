"""A cohort's kept report: reused while fresh, shown once more while a fresh one is
measured in the background, and measured now when there is none."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.app.dashboard import dashboard_on
from bot.dashboard.reports import FRESH, Reports
from bot.vocab.records import utcnow
from tests.dashboard.world import World


async def test_a_stale_report_is_shown_once_more_while_it_is_measured_again(
    world: World,
) -> None:
    now = [utcnow()]
    async with dashboard_on(world.coach.store, world.settings, world.coach.prompts) as d:
        d = replace(d, clock=lambda: now[0])
        reports = Reports()
        first = await reports.of(d, world.room12.id)
        assert [r.name for r in first.rows] == ["Ana", "Ben"]
        assert await reports.of(d, world.room12.id) is first  # fresh: kept

        await world.students["ana"].walk("/add", "Coach Dee")  # the map changes
        now[0] += FRESH + timedelta(seconds=1)
        assert await reports.of(d, world.room12.id) is first  # stale, shown once more
        for _ in range(100):
            again = await reports.of(d, world.room12.id)
            if again is not first:
                break
            await asyncio.sleep(0.02)
        assert again is not first and again.at == now[0]
