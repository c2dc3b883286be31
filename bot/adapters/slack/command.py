"""`orbit run slack`: start Orbit on Slack. Heavy imports stay inside the function."""

from __future__ import annotations

import typer


def slack() -> None:
    """Run Orbit on Slack (not available yet)."""
    typer.echo("Orbit on Slack is not available yet.", err=True)
    raise typer.Exit(2)
