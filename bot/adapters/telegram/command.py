"""`orbit run telegram`: start Orbit on Telegram. Heavy imports stay inside the function."""

from __future__ import annotations

import typer


def telegram() -> None:
    """Run Orbit on Telegram (not available yet)."""
    typer.echo("Orbit on Telegram is not available yet.", err=True)
    raise typer.Exit(2)
