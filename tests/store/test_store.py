"""The schema and the settings: migrations match the models; config sources stack."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.config import load_settings
from bot.store.db import NotMigratedError, async_url, create_engine
from bot.store.store import Store
from bot.store.tables import SQLModel


async def test_migrations_create_exactly_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata)
        )
    await engine.dispose()
    assert diff == []


async def test_an_unmigrated_database_is_refused(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(NotMigratedError, match="Run `orbit migrate`"):
        await store.open()
    await store.close()


def test_plain_urls_get_the_async_driver(tmp_path: Path) -> None:
    assert async_url(f"sqlite:///{tmp_path}/a.db").startswith("sqlite+aiosqlite:///")
    assert async_url("postgresql://u@h/db") == "postgresql+asyncpg://u@h/db"
    with pytest.raises(ValueError, match="Unsupported database URL"):
        async_url("mysql://u@h/db")


def test_settings_default_then_file_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ORBIT_DATABASE_URL", raising=False)
    monkeypatch.delenv("ORBIT_CONFIG", raising=False)
    assert load_settings().database_url == "sqlite:///orbit.db"
    extra = tmp_path / "school.toml"
    extra.write_text('database_url = "sqlite:///school.db"\nmax_message_chars = 900\n')
    settings = load_settings(extra)
    assert settings.database_url == "sqlite:///school.db" and settings.max_message_chars == 900
    monkeypatch.setenv("ORBIT_DATABASE_URL", "sqlite:///env.db")
    settings = load_settings(extra)
    assert settings.database_url == "sqlite:///env.db" and settings.max_message_chars == 900
    assert (
        load_settings(extra, database_url="sqlite:///flag.db").database_url == "sqlite:///flag.db"
    )


def test_a_missing_config_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORBIT_CONFIG", raising=False)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
