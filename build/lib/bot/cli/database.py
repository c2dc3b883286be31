"""`orbit migrate`: create or upgrade the schema."""

from __future__ import annotations

from bot.cli import options, output
from bot.cli.options import ConfigOption, DbOption


def migrate(db: DbOption = None, config: ConfigOption = None) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from bot.store.migrate import upgrade

    settings = options.load(config, db)
    with output.working("Migrating"):
        upgrade(settings.database_url)
    output.note(f"Database is up to date: {_safe_url(settings.database_url)}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
