"""`orbit outbox`: what Orbit has queued to send."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from bot.cli import options, output
from bot.cli.options import ConfigOption, DbOption, JsonOption
from bot.cli.transactions import in_store

if TYPE_CHECKING:
    from bot.store.transactions import Transactions

outbox_app = typer.Typer(help="What Orbit has queued to send.", no_args_is_help=True)
STATUSES = ("pending", "sent", "failed", "cancelled")


@outbox_app.command("status")
def outbox_status(
    as_json: JsonOption = False, db: DbOption = None, config: ConfigOption = None
) -> None:
    """Counts by kind and status, and the rows parked as failed."""
    from bot.store import outbox

    async def work(tx: Transactions) -> tuple[Any, Any]:
        return await tx.run(outbox.status_counts), await tx.run(outbox.failed_rows)

    counts, failed = in_store(options.load(config, db), work)
    if as_json:
        output.emit_json({"counts": counts, "failed": failed})
        return
    output.table(
        ("kind", *STATUSES),
        ((kind, *(counts[kind].get(s, 0) for s in STATUSES)) for kind in sorted(counts)),
        as_json=False,
    )
    for row in failed:
        output.say(f"failed {row['dedupe_key']} after {row['attempts']} tries: {row['last_error']}")
