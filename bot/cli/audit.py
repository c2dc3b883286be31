"""`orbit audit`: who granted roles, read reports, exported or deleted students, and when."""

from __future__ import annotations

import asyncio
import getpass
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from bot.cli import options, output
from bot.cli.errors import BadInput
from bot.cli.options import ConfigOption, DbOption, JsonOption


def cli_actor() -> str:
    """Who ran a command on the server, as the audit trail names them."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container's numeric uid)
        return "cli:unknown"


def parse_since(text: str | None, now: datetime) -> datetime | None:
    """`7d`, `12h`, `30m`, or an ISO date/time (UTC when it has no zone); None: all."""
    if text is None:
        return None
    units = {"d": "days", "h": "hours", "m": "minutes"}
    if text[:-1].isdigit() and text[-1:] in units:
        return now - timedelta(**{units[text[-1]]: int(text[:-1])})
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--since {text!r}: give 7d, 12h, 30m or a date like 2026-09-01.") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def audit(
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only from then: 7d, 12h, 30m or an ISO date (UTC)."),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """The audit trail: role grants, reports read, exports, deletions, retention runs."""
    from bot.app import open_store
    from bot.vocab.records import utcnow

    start = parse_since(since, utcnow())
    settings = options.load(config, db)

    async def go() -> list[tuple[str, str, str, str, str]]:
        async with open_store(settings) as store:
            found = await store.audit_since(start)
        return [
            (r.at.isoformat(timespec="seconds"), r.actor, r.action, r.subject, r.detail)
            for r in found
        ]

    rows = asyncio.run(go())
    output.table(("at", "actor", "action", "subject", "detail"), rows, as_json=as_json)
