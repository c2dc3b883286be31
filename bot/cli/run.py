"""`orbit run telegram|slack`: Orbit on a chat platform.

Heavy imports (the platforms' libraries, the store) stay inside the functions, so
`orbit --help` does not pay for them. Every way a start can fail (no token, a rejected
token, another poller, an unreachable API, a database that needs `orbit migrate`) ends
with one sentence and an exit code from `bot.cli.errors`, not a traceback.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import options, output
from bot.cli.errors import INTERRUPTED, BadInput, Failed
from bot.cli.options import ConfigOption, DbOption, MetricsPortOption, NoSchedulerOption

if TYPE_CHECKING:
    from bot.adapters.slack.settings import SlackSecrets
    from bot.adapters.telegram.app import Webhook
    from bot.adapters.telegram.settings import TelegramSettings
    from bot.config import Settings

run_app = typer.Typer(help="Run Orbit on a chat platform.", no_args_is_help=True)

WebhookOption = Annotated[
    str | None,
    typer.Option(
        "--webhook",
        metavar="URL",
        help="Receive updates at this public HTTPS URL (behind a reverse proxy) instead of "
        "long polling; needed for several workers. Requires ORBIT_TELEGRAM_WEBHOOK_SECRET.",
    ),
]
ListenOption = Annotated[
    str, typer.Option("--listen", help="Webhook mode: the address to listen on.")
]
PortOption = Annotated[int, typer.Option("--port", help="Webhook mode: the port to listen on.")]
DashboardOption = Annotated[
    int | None,
    typer.Option(
        "--dashboard",
        metavar="PORT",
        help="Also serve the coordinators' web dashboard on this port (on the --listen "
        "address), in this process. Links point at ORBIT_DASHBOARD_URL.",
    ),
]


def log_to_stderr() -> None:
    """ORBIT_LOG_LEVEL / ORBIT_LOG_FORMAT (bot/app/logs.py); a bad value is bad input."""
    from bot.app.logs import configure_logging

    try:
        configure_logging()
    except ValueError as problem:
        raise BadInput(str(problem)) from None


@run_app.command("telegram")
def telegram(
    webhook: WebhookOption = None,
    listen: ListenOption = "127.0.0.1",
    port: PortOption = 8080,
    db: DbOption = None,
    config: ConfigOption = None,
    no_scheduler: NoSchedulerOption = False,
    metrics_port: MetricsPortOption = None,
    dashboard: DashboardOption = None,
) -> None:
    """Run Orbit on Telegram (token in ORBIT_TELEGRAM_TOKEN; long polling unless --webhook).

    Nudges and check-ins are sent from the same process unless --no-scheduler."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22's opt-in to timedelta durations

    from telegram.error import InvalidToken, NetworkError

    from bot.adapters.telegram.app import PollingConflict

    log_to_stderr()
    settings = options.load(config, db)
    telegram_settings = _telegram_settings()
    hook = _webhook(telegram_settings, webhook, listen, port)
    try:
        asyncio.run(
            _serve_telegram(
                settings, telegram_settings, hook, not no_scheduler, metrics_port, dashboard, listen
            )
        )
    except (InvalidToken, PollingConflict, NetworkError, OSError) as problem:
        raise Failed(_why_telegram_stopped(problem, telegram_settings.base_url)) from None
    output.note("Orbit stopped.")


def _telegram_settings() -> TelegramSettings:
    from bot.adapters.telegram.settings import TelegramSettings

    found = TelegramSettings()
    if not found.token_value:
        raise BadInput(
            "ORBIT_TELEGRAM_TOKEN is not set. Create a bot with @BotFather in Telegram "
            "(/newbot), then: export ORBIT_TELEGRAM_TOKEN=<the token it gives you>"
        )
    return found


def _webhook(found: TelegramSettings, url: str | None, listen: str, port: int) -> Webhook | None:
    from bot.adapters.telegram.app import Webhook

    if not url:
        return None
    if not found.secret_value:
        raise BadInput(
            "Webhook mode needs ORBIT_TELEGRAM_WEBHOOK_SECRET (1-256 characters: "
            "letters, digits, _ and -), the same for every worker."
        )
    return Webhook(url=url, secret=found.secret_value, listen=listen, port=port)


def _why_telegram_stopped(problem: Exception, base_url: str) -> str:
    from telegram.error import InvalidToken, NetworkError

    from bot.adapters.telegram.app import PollingConflict

    if isinstance(problem, InvalidToken):
        return (
            "Telegram rejected the token in ORBIT_TELEGRAM_TOKEN. Check it with @BotFather "
            "(/mybots, API Token) and set it again."
        )
    if isinstance(problem, PollingConflict):
        return (
            "Another process is already getting this bot's updates (Telegram said Conflict). "
            "Long polling allows one process per token: stop the other one, or run several "
            "workers with --webhook."
        )
    if isinstance(problem, NetworkError):
        return f"Could not reach the Telegram Bot API at {base_url} ({problem})."
    return f"Could not start: {problem}"  # e.g. the webhook port is taken


def _stop_on_signals(stop: asyncio.Event) -> None:
    """SIGINT/SIGTERM finish the messages in hand; a second one quits at once."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)

    def now() -> None:
        # Nothing half-done is stored (a turn is saved whole or not at all), but
        # the messages in hand get no answer: that is what "at once" means.
        output.note("Stopped at once.")
        os._exit(INTERRUPTED)

    def stopping() -> None:
        output.note("Stopping: finishing the messages in hand (Ctrl-C again quits now).")
        stop.set()
        for sig in signals:
            loop.add_signal_handler(sig, now)

    for sig in signals:
        loop.add_signal_handler(sig, stopping)


async def _serve_telegram(
    settings: Settings,
    telegram_settings: TelegramSettings,
    hook: Webhook | None,
    scheduler: bool,
    metrics_port: int | None,
    dashboard: int | None = None,
    listen: str = "127.0.0.1",
) -> None:
    from bot.app.telegram import run_telegram

    stop = asyncio.Event()
    _stop_on_signals(stop)
    await run_telegram(
        settings,
        telegram_settings,
        stop=stop,
        webhook=hook,
        scheduler=scheduler,
        metrics_port=metrics_port,
        dashboard=dashboard,
        dashboard_host=listen,
    )


@run_app.command("slack")
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
    db: DbOption = None,
    config: ConfigOption = None,
    no_scheduler: NoSchedulerOption = False,
    metrics_port: MetricsPortOption = None,
    dashboard: DashboardOption = None,
) -> None:
    """Run Orbit on Slack: Socket Mode by default (one process), or --http for several
    workers behind a load balancer. Tokens come from ORBIT_SLACK_* variables. Nudges and
    check-ins are sent from the same process unless --no-scheduler."""
    from bot.adapters.slack.serve import StartupError
    from bot.adapters.slack.settings import SlackSecrets

    log_to_stderr()
    settings = options.load(config, db)
    secrets = SlackSecrets()
    missing = secrets.missing(http=http)
    if missing:
        raise BadInput(
            f"Set {' and '.join(missing)} first (see the README: Install in your school's Slack)."
        )
    try:
        asyncio.run(
            _serve_slack(
                settings, secrets, http, listen, port, not no_scheduler, metrics_port, dashboard
            )
        )
    except StartupError as problem:
        raise Failed(str(problem)) from problem


async def _serve_slack(
    settings: Settings,
    secrets: SlackSecrets,
    http: bool,
    host: str,
    port: int,
    scheduler: bool,
    metrics_port: int | None,
    dashboard: int | None = None,
) -> None:
    from bot.app.slack import run_slack

    stop = asyncio.Event()
    _stop_on_signals(stop)  # as Telegram: a second Ctrl-C quits at once
    await run_slack(
        settings,
        secrets,
        stop=stop,
        http=http,
        host=host,
        port=port,
        scheduler=scheduler,
        metrics_port=metrics_port,
        dashboard=dashboard,
    )
