"""`orbit run slack`: the Slack adapter serving a Coach, with the schedule beside it."""

from __future__ import annotations

import asyncio

from bot.adapters.slack.serve import running_slack
from bot.adapters.slack.settings import SlackSecrets
from bot.app import (
    dashboard_if_asked,
    open_coach,
    retention_of,
    warn_if_nobody_is_alerted,
)
from bot.app.ops import serving_ops
from bot.config import Settings
from bot.core.engine import Coach
from bot.core.messages import Markup
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.retention import Retention
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
    metrics_port: int | None = None,
    retention: Retention | None = None,
) -> None:
    """Orbit on Slack until `stop` is set, with the schedule in the same process unless
    `scheduler` is False; scheduled messages use the app's HTTP session, and the
    dispatcher paces them per DM, as the send policy says (`policy.pacers_for`). With
    `metrics_port`, /healthz, /readyz and /metrics are served (bot/app/ops.py)."""
    async with (
        running_slack(coach, secrets, http=http, host=host, port=port) as slack,
        alongside(
            coach,
            senders={"slack": slack.outbox},
            enabled=scheduler,
            dispatch=dispatch,
            retention=retention,
        ),
        serving_ops(coach.store, metrics_port, platform=slack.connected or (lambda: True)),
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
    metrics_port: int | None = None,
    dashboard: int | None = None,
) -> None:
    """`orbit run slack`: open the Coach, then `serve_slack` (with the dashboard on port
    `dashboard` in the same process, when given)."""
    measured = metrics_port is not None
    async with (
        open_coach(settings, warm=(Markup.MRKDWN, Markup.PLAIN), measured=measured) as coach,
        dashboard_if_asked(coach, settings, host, dashboard),
    ):
        await warn_if_nobody_is_alerted(coach)
        await serve_slack(
            coach,
            secrets,
            stop=stop,
            http=http,
            host=host,
            port=port,
            scheduler=scheduler,
            metrics_port=metrics_port,
            retention=retention_of(settings),
        )
