"""`orbit export` and `orbit delete`: what is stored about one student."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from bot.cli import options, output
from bot.cli.errors import Failed
from bot.cli.options import ConfigOption, DbOption


def export(
    user: Annotated[str, typer.Option("--user", help="The student's user id on the platform.")],
    platform: Annotated[str, typer.Option(help="console, telegram or slack.")] = "console",
    team: Annotated[str | None, typer.Option(help="Workspace/team id (console: local).")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Print everything stored about one student, as JSON."""
    from bot.app import open_store
    from bot.cli.audit import cli_actor
    from bot.store.audit import student_ref

    settings = options.load(config, db)
    key = options.student_key(platform, team, user)

    async def go() -> dict[str, object] | None:
        async with open_store(settings) as store:
            data = await store.export(key)
            if data is not None:
                await store.record_audit(cli_actor(), "export", student_ref(key), "orbit export")
            return data

    data = asyncio.run(go())
    if data is None:
        raise Failed(f"No student {user!r} on {platform}: nothing is stored about them.")
    output.emit_json(data)


def delete(
    user: Annotated[str, typer.Option("--user", help="The student's user id on the platform.")],
    platform: Annotated[str, typer.Option(help="console, telegram or slack.")] = "console",
    team: Annotated[str | None, typer.Option(help="Workspace/team id (console: local).")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to confirm.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Delete everything stored about one student (as their own /delete does), for a
    student or family who asks a school to; recorded in the audit trail."""
    from bot.app import open_store
    from bot.cli.audit import cli_actor

    settings = options.load(config, db)
    key = options.student_key(platform, team, user)
    if not yes and not typer.confirm(
        f"Delete everything stored about {user!r} on {platform} (map, lessons, drafts, "
        "conversation)? This cannot be undone",
        default=False,
    ):
        raise Failed("Nothing was deleted.")

    async def go() -> bool:
        async with open_store(settings) as store:
            return await store.delete_student(key, cli_actor())

    if not asyncio.run(go()):
        raise Failed(f"No student {user!r} on {platform}: nothing is stored about them.")
    output.say(f"Deleted everything stored about {user!r} on {platform}.")
