"""`orbit chat`: the coach in this terminal."""

from __future__ import annotations

import asyncio
import getpass
from typing import Annotated

import typer

from bot.cli import options
from bot.cli.options import ConfigOption, DbOption


def chat(
    user: Annotated[
        str | None, typer.Option("--user", help="Who is chatting (default: your login name).")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Chat with the coach in this terminal (piped input: one message per line)."""
    from bot.adapters.console import ConsoleAdapter, ConsoleSender, console_key
    from bot.app import open_coach
    from bot.schedule.waiting import deliver_waiting

    settings = options.load(config, db)
    name = user or getpass.getuser() or "student"

    async def go() -> None:
        async with open_coach(settings) as coach:
            key = console_key(name)

            async def waiting(sender: ConsoleSender) -> int:  # nudges, check-ins queued
                return await deliver_waiting(coach, key, sender)

            await ConsoleAdapter(coach, user=name, on_start=waiting).run()

    asyncio.run(go())
