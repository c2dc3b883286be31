"""Shared by the health tests: a measured Coach, a free port, reading the endpoints."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.app.ops import MeasuredCoach
from bot.core.engine import CoachSettings
from bot.insights.chat_media import InsightsMedia
from bot.store.store import Store
from tests.support.coach import LESSONS, PROMPTS


def measured_coach(store: Store) -> MeasuredCoach:
    """What `open_coach(measured=True)` builds, on the shipped lessons."""
    return MeasuredCoach.from_paths(
        store=store,
        lessons_dir=LESSONS,
        prompts_dir=PROMPTS,
        settings=CoachSettings(),
        media=InsightsMedia(),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def get(port: int, path: str) -> httpx.Response:
    """GET, waiting for the server to be up (it starts once the platform is)."""
    async with httpx.AsyncClient(timeout=10) as client:
        for _ in range(200):
            try:
                return await client.get(f"http://127.0.0.1:{port}{path}")
            except httpx.ConnectError:
                await asyncio.sleep(0.05)
    raise AssertionError(f"nothing serves {path} on {port}")


async def sample(port: int, name: str, **labels: str) -> float:
    """One sample's value from /metrics (0 when it is not there yet)."""
    text = (await get(port, "/metrics")).text
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


async def until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():  # type: ignore[misc]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


def break_sqlite(url: str) -> None:
    """Make the database unreadable under the running Orbit (its header overwritten)."""
    path = url.removeprefix("sqlite:///")
    with open(path, "r+b") as handle:
        handle.write(b"not a database, not anymore" * 4)
