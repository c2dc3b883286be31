"""`orbit run telegram`: start Orbit on Telegram. Heavy imports stay inside the function.

Every way this can fail at start-up (no token, a rejected token, another poller, an
unreachable Bot API server, a database that needs `orbit migrate`) ends with one clear
sentence and an exit code, not a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EXIT_USAGE = 2
EXIT_FAILED = 1

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
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///path.db or postgresql://...); "
        "default from config or ORBIT_DATABASE_URL.",
    ),
]
NoSchedulerOption = Annotated[
    bool,
    typer.Option(
        "--no-scheduler",
        help="Only answer students: run the schedule (nudges, check-ins) elsewhere, "
        "with `orbit worker`.",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A TOML settings file (or ORBIT_CONFIG).")
]


def _fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def telegram(
    webhook: WebhookOption = None,
    listen: ListenOption = "127.0.0.1",
    port: PortOption = 8080,
    db: DbOption = None,
    config: ConfigOption = None,
    no_scheduler: NoSchedulerOption = False,
) -> None:
    """Run Orbit on Telegram (token in ORBIT_TELEGRAM_TOKEN; long polling unless --webhook).

    Nudges and check-ins are sent from the same process unless --no-scheduler."""
    import asyncio
    import logging
    import os
    import signal

    os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22's opt-in to timedelta durations

    from telegram.error import InvalidToken, NetworkError

    from bot.adapters.telegram.app import PollingConflict, Webhook
    from bot.adapters.telegram.settings import TelegramSettings
    from bot.app.telegram import run_telegram
    from bot.config import load_settings
    from bot.store.db import NotMigratedError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per tick otherwise
    try:
        settings = load_settings(config, database_url=db)
    except FileNotFoundError as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc
    telegram_settings = TelegramSettings()
    if not telegram_settings.token_value:
        raise _fail(
            "ORBIT_TELEGRAM_TOKEN is not set. Create a bot with @BotFather in Telegram "
            "(/newbot), then: export ORBIT_TELEGRAM_TOKEN=<the token it gives you>",
            EXIT_USAGE,
        )
    hook = None
    if webhook:
        if not telegram_settings.secret_value:
            raise _fail(
                "Webhook mode needs ORBIT_TELEGRAM_WEBHOOK_SECRET (1-256 characters: "
                "letters, digits, _ and -), the same for every worker.",
                EXIT_USAGE,
            )
        hook = Webhook(url=webhook, secret=telegram_settings.secret_value, listen=listen, port=port)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        signals = (signal.SIGINT, signal.SIGTERM)

        def now() -> None:
            # Nothing half-done is stored (a turn is saved whole or not at all), but
            # the messages in hand get no answer: that is what "at once" means.
            typer.echo("Stopped at once.", err=True)
            os._exit(130)

        def stopping() -> None:
            typer.echo(
                "Stopping: finishing the messages in hand (Ctrl-C again quits now).", err=True
            )
            stop.set()
            for sig in signals:
                loop.add_signal_handler(sig, now)

        for sig in signals:
            loop.add_signal_handler(sig, stopping)
        await run_telegram(
            settings, telegram_settings, stop=stop, webhook=hook, scheduler=not no_scheduler
        )

    try:
        asyncio.run(run())
    except InvalidToken:
        raise _fail(
            "Telegram rejected the token in ORBIT_TELEGRAM_TOKEN. Check it with @BotFather "
            "(/mybots, API Token) and set it again."
        ) from None
    except PollingConflict:
        raise _fail(
            "Another process is already getting this bot's updates (Telegram said Conflict). "
            "Long polling allows one process per token: stop the other one, or run several "
            "workers with --webhook."
        ) from None
    except NotMigratedError as exc:
        raise _fail(str(exc)) from None
    except NetworkError as exc:
        raise _fail(
            f"Could not reach the Telegram Bot API at {telegram_settings.base_url} ({exc})."
        ) from None
    except OSError as exc:  # e.g. the webhook port is taken
        raise _fail(f"Could not start: {exc}") from None
    typer.echo("Orbit stopped.", err=True)
