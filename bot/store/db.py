"""Opening the database: URL normalisation, SQLite pragmas, the migration check.

Users give plain URLs (`sqlite:///orbit.db`, `postgresql://...`); the async driver
is chosen here so nothing else in Orbit has to know about drivers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.support.private_files import private_dir, private_file

HEAD_REVISION = "0007_dashboard"  # 0004_replies, 0008_workspaces, 0005_ops, 0006_locale, 0007


class NotMigratedError(RuntimeError):
    """The database exists but its schema is not at the version this code needs."""


def async_url(url: str) -> str:
    """Turn a plain database URL into one with Orbit's async driver."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
        if parsed.database and parsed.database != ":memory:":
            private_sqlite(Path(parsed.database).expanduser())
    elif backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise ValueError(
            f"Unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host/db"
        )
    return parsed.render_as_string(hide_password=False)


def private_sqlite(path: Path) -> None:
    """The database file is made 0600 before SQLite opens it, so its -wal and -shm
    (which SQLite creates with the database file's mode) are private too; a folder
    made for it is 0700. Files left by an older Orbit are tightened."""
    if not path.parent.exists():
        private_dir(path.parent)
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            private_file(extra)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str, *, writer: bool = False, pool_size: int = 5) -> AsyncEngine:
    """An async engine; for SQLite, `writer=True` takes the write lock at BEGIN.

    SQLite allows one writer at a time; taking the lock up front (BEGIN IMMEDIATE)
    means a transaction that read a version can always write after it.
    """
    full = async_url(url)
    kwargs: dict[str, Any] = {}
    if full.startswith("sqlite"):
        kwargs["pool_size"] = 1 if writer else pool_size
        kwargs["max_overflow"] = 0 if writer else 10
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_size"] = pool_size
        kwargs["max_overflow"] = 10
    engine = create_async_engine(full, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, writer=writer)
    return engine


def create_sqlite_sync(url: str, *, writer: bool, checkpoint_here: bool = True) -> Engine:
    """A synchronous engine on SQLite's own driver, for the store's own threads.

    A read, or a batch of turns, then costs one hop to a thread instead of one per
    statement (which is what aiosqlite does under the async engine).
    `checkpoint_here=False`: its commits never checkpoint the WAL; a `Checkpointer`
    (bot/store/checkpoint.py) must, on another connection.
    """
    parsed = make_url(async_url(url)).set(drivername="sqlite+pysqlite")
    engine = sa_create_engine(
        parsed,
        pool_size=1,
        max_overflow=0,
        connect_args={"timeout": 30, "check_same_thread": False},
    )
    _configure_sqlite(engine, writer=writer, checkpoint_here=checkpoint_here)
    return engine


def _configure_sqlite(
    engine: AsyncEngine | Engine, *, writer: bool, checkpoint_here: bool = True
) -> None:
    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed turn survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if not checkpoint_here:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The Alembic revision the database is at, or None when it was never migrated."""
    async with engine.connect() as conn:
        try:
            row = (await conn.execute(text("SELECT version_num FROM alembic_version"))).first()
        except Exception:  # noqa: BLE001 - no table means not migrated
            return None
    return row[0] if row else None


async def ensure_migrated(engine: AsyncEngine) -> None:
    """Stop early, with what to do, when the schema is missing or old."""
    revision = await current_revision(engine)
    if revision != HEAD_REVISION:
        found = "not migrated" if revision is None else f"at revision {revision}"
        raise NotMigratedError(
            f"The database is {found}; this Orbit needs revision {HEAD_REVISION}. "
            "Run `orbit migrate` (with the same --db) first."
        )
