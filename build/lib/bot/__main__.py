"""`python -m bot` is the `orbit` command."""

from bot.cli import app

app()
