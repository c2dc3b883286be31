"""`orbit dashboard`: the coordinators' web app, and sign-in links for it."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.cli import options, output
from bot.cli.errors import Failed
from bot.cli.options import ConfigOption, DbOption, PlatformOption, TeamOption, UserOption

dashboard_app = typer.Typer(
    help="The coordinators' web dashboard: serve it, or send someone a sign-in link.",
)


@dashboard_app.callback(invoke_without_command=True)
def dashboard(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8088,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Serve the dashboard (sign-in links point at ORBIT_DASHBOARD_URL; an https address
    makes the session cookie Secure). Scheduled messages are sent by `orbit run` or
    `orbit worker`, not by this command."""
    if ctx.invoked_subcommand is not None:
        return
    from bot.app.dashboard import run_dashboard
    from bot.cli.run import _stop_on_signals, log_to_stderr

    log_to_stderr()
    settings = options.load(config, db)

    async def go() -> None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
        output.note(f"Dashboard on http://{host}:{port} (links point at {settings.dashboard_url}).")
        await run_dashboard(settings, host=host, port=port, stop=stop)

    try:
        asyncio.run(go())
    except OSError as problem:
        raise Failed(f"Could not serve the dashboard on {host}:{port}: {problem}") from None
    output.note("Dashboard stopped.")


@dashboard_app.command("link")
def link(
    platform: PlatformOption,
    user: UserOption,
    team: TeamOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Send a coordinator or admin a one-time sign-in link (15 minutes) in their own DM.

    The link goes through the outbox like an alert: a running `orbit run` or `orbit
    worker` delivers it at once; a console user sees it when they next open `orbit chat`.
    """
    from bot.app import open_store
    from bot.app.dashboard import NotStaff, issue_link

    settings = options.load(config, db)
    key = options.student_key(platform, team, user)

    async def go() -> str:
        async with open_store(settings) as store:
            expires = await issue_link(store, settings, key)
        return f"{expires:%H:%M} UTC"

    try:
        until = asyncio.run(go())
    except NotStaff:
        raise Failed(
            f"{platform}:{user} is not a coordinator or an admin; `orbit grant` makes them one."
        ) from None
    output.say(f"Queued a sign-in link to {platform}:{user}'s DM (valid until {until}).")
