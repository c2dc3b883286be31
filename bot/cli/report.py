"""`orbit report`: a cohort's network measures."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bot.cli import options, output
from bot.cli.errors import Failed
from bot.cli.options import ConfigOption, DbOption


def report(
    cohort: Annotated[str, typer.Option("--cohort", help="The cohort's name or join code.")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write one row per student to this CSV file.")
    ] = None,
    png_path: Annotated[
        Path | None,
        typer.Option("--png", help="Also write a one-page chart sheet to this PNG file."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """A cohort's network measures: who grows, and who may be left out."""
    from bot.app import open_store
    from bot.cli.audit import cli_actor
    from bot.core.lessons import load_catalog
    from bot.insights.cohort_report import build_cohort_report
    from bot.insights.report import render_chart_sheet, report_group, write_csv
    from bot.store.cohorts import find_cohort
    from bot.vocab.records import utcnow

    settings = options.load(config, db)
    catalog_options = load_catalog(settings.lessons_dir).options

    async def go() -> None:
        async with open_store(settings) as store:
            found = await store.read(find_cohort, cohort)
            if found is None:
                raise Failed(f"No cohort called {cohort!r}. `orbit cohort list` shows them.")
            now = utcnow()
            with output.working(f"Measuring {found.name}"):
                result = await build_cohort_report(store, found.id, options=catalog_options, at=now)
            files = [str(p) for p in (csv_path, png_path) if p is not None]
            detail = "read with orbit report" + (f", wrote {', '.join(files)}" if files else "")
            await store.record_audit(cli_actor(), "report", f"cohort:{found.name}", detail)
        output.out.print(report_group(result.summary, result.rows, cohort=found.name, at=now))
        if csv_path is not None:
            write_csv(result.rows, csv_path)
            output.wrote(csv_path)
        if png_path is not None:
            with output.working(f"Drawing {png_path}"):
                render_chart_sheet(
                    result.summary,
                    result.rows,
                    png_path,
                    trend=result.trend,
                    cohort=found.name,
                    at=now,
                )
            output.wrote(png_path)

    asyncio.run(go())
