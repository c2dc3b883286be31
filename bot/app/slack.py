"""`orbit run slack`: the Slack adapter serving a Coach, with the schedule beside it."""

from __future__ import annotations

import asyncio
import contextlib

from bot.adapters.slack.serve import running_slack
from bot.adapters.slack.settings import SlackSecrets
from bot.app import open_coach, warn_if_nobody_is_alerted
from bot.config import Settings
from bot.core.engine import Coach
from bot.core.messages import Markup
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.worker import alongside


async def serve_slack(
    coach: Coach,
    secrets: SlackSecrets,
    *,
    stop: asyncio.Event,
    http: bool,
    host: str,
    port: int,
    scheduler: bool = True,
    dispatch: DispatchSettings | None = None,
) -> None:
    """Orbit on Slack until `stop` is set, with the schedule in the same process unless
    `scheduler` is False; scheduled messages use the app's HTTP session, and the
    dispatcher paces them per DM, as the send policy says (`policy.pacers_for`)."""
    async with (
        running_slack(coach, secrets, http=http, host=host, port=port) as slack,
        alongside(coach, senders={"slack": slack.outbox}, enabled=scheduler, dispatch=dispatch),
    ):
        await stop.wait()


async def run_slack(
    settings: Settings,
    secrets: SlackSecrets,
    *,
    stop: asyncio.Event,
    http: bool,
    host: str,
    port: int,
    scheduler: bool = True,
    dashboard: int | None = None,
) -> None:
    """`orbit run slack`: open the Coach, then `serve_slack` (with the dashboard on port
    `dashboard` in the same process, when given)."""
    async with (
        open_coach(settings, warm=(Markup.MRKDWN, Markup.PLAIN)) as coach,
        _dashboard(coach, settings, host, dashboard),
    ):
        await warn_if_nobody_is_alerted(coach)
        await serve_slack(
            coach, secrets, stop=stop, http=http, host=host, port=port, scheduler=scheduler
        )


def _dashboard(
    coach: Coach, settings: Settings, host: str, port: int | None
) -> contextlib.AbstractAsyncContextManager[int | None]:
    """The dashboard beside the bot when asked for (imported only then: half a second)."""
    if port is None:
        return contextlib.nullcontext(None)
    from bot.app.dashboard import dashboard_beside

    return dashboard_beside(coach.store, settings, coach.prompts, host=host, port=port)
