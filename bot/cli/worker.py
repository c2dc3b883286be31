"""`orbit worker`: send what is due, and run the scheduler's clock."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.cli import options
from bot.cli.options import ConfigOption, DbOption, MetricsPortOption, SenderOption
from bot.cli.senders import build_senders


def worker(
    worker_id: Annotated[
        str | None, typer.Option("--id", help="Name in leases (default host:pid).")
    ] = None,
    sender: SenderOption = "log",
    platforms: Annotated[
        str, typer.Option(help="Comma-separated platforms this worker sends for.")
    ] = "telegram,slack",
    no_scheduler: Annotated[
        bool, typer.Option("--no-scheduler", help="Only send; another process runs the clock.")
    ] = False,
    batch: Annotated[int, typer.Option(help="Rows claimed at a time.")] = 50,
    in_flight: Annotated[
        int,
        typer.Option(help="Messages sent at once; a killed worker may double at most these."),
    ] = 4,
    lease: Annotated[float, typer.Option(help="Seconds a claim lasts.")] = 120.0,
    unpaced: Annotated[
        bool, typer.Option("--unpaced", help="No rate limits (local endpoints only).")
    ] = False,
    share: Annotated[
        int, typer.Option(help="Workers sending through one bot: each takes 1/N of the rate.")
    ] = 1,
    metrics_port: MetricsPortOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Send what is due (and run the scheduler's clock unless --no-scheduler)."""
    from bot.app.worker import run_worker
    from bot.cli.run import log_to_stderr
    from bot.schedule.dispatcher import DispatchSettings
    from bot.schedule.worker import default_worker_id

    log_to_stderr()  # ORBIT_LOG_LEVEL, ORBIT_LOG_FORMAT; libraries and APScheduler quieted
    settings = options.load(config, db)
    senders = build_senders(settings, sender, [p for p in platforms.split(",") if p])
    asyncio.run(
        run_worker(
            settings,
            senders=senders,
            worker_id=worker_id or default_worker_id(),
            dispatch=DispatchSettings(
                batch=batch, lease_seconds=lease, in_flight=max(in_flight, 1)
            ),
            scheduler=not no_scheduler,
            pacers={} if unpaced else None,
            share=max(share, 1),
            metrics_port=metrics_port,
        )
    )
