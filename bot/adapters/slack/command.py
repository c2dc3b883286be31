"""`orbit run slack`: start Orbit on Slack. Heavy imports stay inside the function,
so `orbit --help` does not pay for Bolt, aiohttp and the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def slack(
    http: Annotated[
        bool,
        typer.Option(
            "--http",
            help="Receive events over HTTP (Events API, interactivity, slash commands on "
            "/slack/events) instead of Socket Mode; needs ORBIT_SLACK_SIGNING_SECRET.",
        ),
    ] = False,
    port: Annotated[int, typer.Option("--port", help="HTTP mode: the port to listen on.")] = 3000,
    listen: Annotated[
        str, typer.Option("--listen", help="HTTP mode: the address to listen on.")
    ] = "0.0.0.0",
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL; default from config.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="A TOML settings file (or ORBIT_CONFIG).")
    ] = None,
    no_scheduler: Annotated[
        bool,
        typer.Option(
            "--no-scheduler",
            help="Only answer students: run the schedule (nudges, check-ins) elsewhere, "
            "with `orbit worker`.",
        ),
    ] = False,
) -> None:
    """Run Orbit on Slack: Socket Mode by default (one process), or --http for several
    workers behind a load balancer. Tokens come from ORBIT_SLACK_* variables. Nudges and
    check-ins are sent from the same process unless --no-scheduler."""
    import asyncio
    import logging
    import signal

    from bot.adapters.slack.serve import StartupError
    from bot.adapters.slack.settings import SlackSecrets
    from bot.app.slack import run_slack
    from bot.config import load_settings
    from bot.store.db import NotMigratedError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per tick otherwise
    try:
        settings = load_settings(config, database_url=db)
    except FileNotFoundError as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(2) from problem

    secrets = SlackSecrets()
    missing = secrets.missing(http=http)
    if missing:
        typer.echo(
            f"Set {' and '.join(missing)} first (see the README: Install in your school's Slack).",
            err=True,
        )
        raise typer.Exit(2)

    async def go() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_slack(
            settings,
            secrets,
            stop=stop,
            http=http,
            host=listen,
            port=port,
            scheduler=not no_scheduler,
        )

    try:
        asyncio.run(go())
    except (StartupError, NotMigratedError) as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(2) from problem
