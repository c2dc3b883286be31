"""`orbit run telegram`: the Telegram adapter serving a Coach, with the schedule beside it."""

from __future__ import annotations

import asyncio

from telegram.ext import Application

from bot.adapters.telegram.app import (
    RunningTelegram,
    Webhook,
    build_application,
    running_telegram,
)
from bot.adapters.telegram.settings import TelegramSettings
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


async def serve_telegram(
    coach: Coach,
    application: Application,
    telegram_settings: TelegramSettings,
    *,
    stop: asyncio.Event,
    webhook: Webhook | None = None,
    scheduler: bool = True,
    dispatch: DispatchSettings | None = None,
    metrics_port: int | None = None,
    retention: Retention | None = None,
) -> None:
    """Orbit on Telegram until `stop` is set, with the schedule in the same process unless
    `scheduler` is False. Scheduled messages go through the application's bot, so they
    share one limiter and one `Pacer` with the replies (the sender says it is `paced`, so
    the send policy gives the dispatcher no pacer for it); the schedule stops first,
    before the updates. With `metrics_port`, /healthz, /readyz and /metrics are served
    (bot/app/ops.py). Raises PollingConflict, InvalidToken."""
    async with (
        running_telegram(
            application, coach, telegram_settings, stop=stop, webhook=webhook
        ) as telegram,
        alongside(
            coach,
            senders={"telegram": telegram.outbox},
            enabled=scheduler,
            dispatch=dispatch,
            retention=retention,
        ),
        serving_ops(coach.store, metrics_port, platform=lambda: _receiving(telegram)),
    ):
        await telegram.until(stop)


def _receiving(telegram: RunningTelegram) -> bool:
    """Long polling is running (a webhook's server is up while the block runs)."""
    return telegram.polling is None or not telegram.polling.done()


async def run_telegram(
    settings: Settings,
    telegram_settings: TelegramSettings,
    *,
    stop: asyncio.Event,
    webhook: Webhook | None = None,
    scheduler: bool = True,
    metrics_port: int | None = None,
    dashboard: int | None = None,
    dashboard_host: str = "127.0.0.1",
) -> None:
    """`orbit run telegram`: open the Coach, then `serve_telegram` (with the dashboard
    on port `dashboard` in the same process, when given)."""
    application = build_application(telegram_settings)
    measured = metrics_port is not None
    async with (
        open_coach(settings, warm=(Markup.HTML, Markup.PLAIN), measured=measured) as coach,
        dashboard_if_asked(coach, settings, dashboard_host, dashboard),
    ):
        await warn_if_nobody_is_alerted(coach)
        await serve_telegram(
            coach,
            application,
            telegram_settings,
            stop=stop,
            webhook=webhook,
            scheduler=scheduler,
            metrics_port=metrics_port,
            retention=retention_of(settings),
        )
