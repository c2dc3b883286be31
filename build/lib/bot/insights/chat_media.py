"""Pictures in chat: the map for `/map` (with a growth line), the cohort sheet for `/report`.

The core names what it needs (`bot/core/media.py`); this is the one the composition root
(`bot/app/`) gives the Coach, since drawing needs insights, a layer above the core.

Drawing takes ~150-200 ms of CPU (matplotlib), so it runs in a worker thread. People
added in the last GROWTH_DAYS are starred once the map is older than that, and the
summary says so ("3 new people since 25 October; your first career tie").
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.core.escaping import Safe
from bot.core.map_files import picture_path, report_path
from bot.core.turn import Turn
from bot.insights.cohort_report import cohort_report
from bot.insights.map_picture import growth_text, render_map
from bot.insights.measures import growth
from bot.insights.report import cohort_summary_text, render_chart_sheet
from bot.store.cohorts import CohortRecord
from bot.support.private_files import private_dir
from bot.vocab.records import PersonRecord

GROWTH_DAYS = 30


class InsightsMedia:
    """The `ChatMedia` the root gives the Coach: drawn with matplotlib from the measures."""

    async def attach_map_picture(self, turn: Turn, people: list[PersonRecord]) -> None:
        """Add the picture (and a growth line when there is growth) to the last reply."""
        settings = turn.ctx.settings
        if not people or turn.student is None or settings.media_dir is None:
            return
        now = turn.ctx.clock()
        since = now - timedelta(days=GROWTH_DAYS)
        new_since = since if any(p.added_at < since for p in people) else None
        options = turn.ctx.catalog.options
        directory = private_dir(settings.media_dir)
        path = picture_path(directory, turn.student.id)
        await asyncio.to_thread(
            render_map,
            people,
            domains=options["domains"],
            supports=options["supports"],
            closeness=options["closeness"],
            student_name=turn.student.display_name,
            new_since=new_since,
            path=path,
            at=now,
            prompts=turn.ctx.prompts,
        )
        last = turn.out[-1]
        text = last.text
        if new_since is not None:
            change = growth(people, new_since, now)
            if change.any:
                line = growth_text(
                    change,
                    domains=options["domains"],
                    prompts=turn.ctx.prompts,
                    markup=turn.inbound.markup,
                )
                text = f"{text}\n\n{line}"
        turn.out[-1] = replace(last, text=text, image_path=str(path))

    async def send_cohort_report(self, turn: Turn, cohort: CohortRecord) -> None:
        """A coordinator's `/report`: summary lines, with the chart sheet when pictures are on."""
        now = turn.ctx.clock()
        students = await turn.ctx.store.cohort_students(cohort.id)
        result = cohort_report(students, options=turn.ctx.catalog.options, at=now)
        summary = cohort_summary_text(
            result.summary,
            cohort=cohort.name,
            at=now,
            prompts=turn.ctx.prompts,
            markup=turn.inbound.markup,
        )
        turn.say("commands/report", summary=Safe(summary))
        media = turn.ctx.settings.media_dir
        if media is None or not result.rows:
            return
        path = report_path(private_dir(media), cohort.id)
        await asyncio.to_thread(
            render_chart_sheet,
            result.summary,
            result.rows,
            path,
            trend=result.trend,
            cohort=cohort.name,
            at=now,
            prompts=turn.ctx.prompts,
        )
        turn.out[-1] = replace(turn.out[-1], image_path=str(path))
