"""`orbit worker` and `orbit checkin send`: the schedule's senders, and a worker run."""

from __future__ import annotations

import asyncio
import signal

from bot.app import open_coach, retention_of, warn_if_nobody_is_alerted
from bot.app.ops import serving_ops
from bot.config import Settings
from bot.core.messages import Markup
from bot.core.templates import Prompts
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.pacing import Pacer
from bot.schedule.senders import HttpSender, LogSender, Sender
from bot.schedule.worker import run_with_coach


def done_label(settings: Settings, platform: str) -> str:
    """The label of the button that ends a multiple choice, in the deployment's locale."""
    prompts = Prompts(settings.prompts_dir, settings.locale)
    return prompts.render(f"{platform}/done_button", Markup.PLAIN)


def _platform_sender(settings: Settings, platform: str) -> Sender:
    """A worker's own sender for `platform`, from its ORBIT_* variables (ValueError if
    unset). Only the platforms asked for are imported: each library takes seconds."""
    if platform == "telegram":
        from bot.adapters.telegram.app import worker_sender as telegram_sender

        return telegram_sender(done_label(settings, "telegram"))
    if platform == "slack":
        from bot.adapters.slack.district_worker import slack_worker_sender

        return slack_worker_sender(done_label(settings, "slack"), settings.database_url)
    raise ValueError(f"no sender for {platform}; use --sender log")


def build_senders(settings: Settings, spec: str, platforms: list[str]) -> dict[str, Sender]:
    """`log`, an http(s) URL (a Bot-API-like endpoint), or `platform` (Telegram's and
    Slack's own, each built from its ORBIT_* variables; ValueError if one is unset).

    Never the console: a terminal has no push, so a worker leaves terminal students' rows
    for `orbit chat`, which shows them when the student next opens it (`waiting.py`).
    """
    wanted = [p for p in platforms if p != "console"]
    if not wanted:
        raise ValueError(
            "workers do not send to the console: terminal students get their messages "
            "when they next open `orbit chat`; give --platforms telegram and/or slack"
        )
    if spec == "log":
        sender = LogSender()
        return {p: sender for p in wanted}
    if spec.startswith(("http://", "https://")):
        http = HttpSender(spec)
        return {p: http for p in wanted}
    return {p: _platform_sender(settings, p) for p in wanted}


async def close_senders(senders: dict[str, Sender]) -> None:
    """Close each sender once (one may serve several platforms) that has `close`."""
    for sender in {id(s): s for s in senders.values()}.values():
        close = getattr(sender, "close", None)
        if close is not None:
            await close()


async def run_worker(
    settings: Settings,
    *,
    senders: dict[str, Sender],
    worker_id: str,
    dispatch: DispatchSettings,
    scheduler: bool = True,
    pacers: dict[str, Pacer] | None = None,
    stop: asyncio.Event | None = None,
    share: int = 1,
    metrics_port: int | None = None,
) -> None:
    """`orbit worker`: open the store and a Coach, run the schedule until SIGTERM/SIGINT
    (or `stop`), then close the senders. With `metrics_port`, /healthz, /readyz (no
    platform connection to check) and /metrics are served."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with (
            open_coach(settings, measured=metrics_port is not None) as coach,
            serving_ops(coach.store, metrics_port),
        ):
            await warn_if_nobody_is_alerted(coach)
            await run_with_coach(
                coach,
                senders=senders,
                worker_id=worker_id,
                dispatch=dispatch,
                scheduler=scheduler,
                pacers=pacers,
                stop=stop,
                share=share,
                retention=retention_of(settings),
            )
    finally:
        await close_senders(senders)
