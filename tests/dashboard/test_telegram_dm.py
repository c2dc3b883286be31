"""`orbit run telegram --dashboard PORT`: one process serves Telegram and the dashboard.
A coordinator sends /dashboard to the bot in the Bot API emulator (telegram-test-api),
gets the one-time link in their own chat, and signs in with it; the link works once."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.node import missing_node_peer
from tests.telegram.emulator_client import HERE as EMULATOR
from tests.telegram.emulator_client import Emulator, Student

NODE = shutil.which("node")
MISSING = missing_node_peer(EMULATOR, "telegram-test-api")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))
TOKEN = "123456:orbit-dashboard"
RIVERA = 7002


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def orbit(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd, check=True
    )
    return done.stdout


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    assert NODE is not None
    with Emulator(NODE) as running:
        yield running


@pytest.fixture
def served(emulator: Emulator, sqlite_url: str, tmp_path: Path) -> Iterator[str]:
    db = ("--db", sqlite_url)
    orbit("cohort", "create", "Room 12", "--timezone", "UTC", *db, cwd=tmp_path)
    orbit(
        "grant", "coordinator", "--cohort", "Room 12", "--platform", "telegram",
        "--user", str(RIVERA), "--name", "Ms. Rivera", *db, cwd=tmp_path,
    )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ORBIT_TELEGRAM_TOKEN": TOKEN,
        "ORBIT_TELEGRAM_BASE_URL": f"{emulator.url}/bot",
        "ORBIT_TELEGRAM_BASE_FILE_URL": f"{emulator.url}/file/bot",
        "ORBIT_TELEGRAM_POLL_TIMEOUT": "0",
        "ORBIT_TELEGRAM_POLL_INTERVAL": "0.05",
        "ORBIT_DASHBOARD_URL": base,
    }
    log = tmp_path / "orbit.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "telegram", *db, "--dashboard", str(port)],
            env=env, stderr=stderr, text=True, cwd=tmp_path,
        )  # fmt: skip
        try:
            for _ in range(600):  # a loaded machine takes seconds to start Orbit
                if "Orbit is on Telegram" in log.read_text() or process.poll() is not None:
                    break
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(log.read_text())


@pytest.fixture
async def rivera(emulator: Emulator) -> AsyncIterator[Student]:
    async with httpx.AsyncClient(base_url=emulator.url, timeout=5) as http:
        yield Student(http, TOKEN, RIVERA, name="Rivera")


async def test_a_coordinator_signs_in_with_the_link_from_their_telegram_chat(
    served: str, rivera: Student
) -> None:
    said = await rivera.say("/dashboard")
    assert any("sent you a sign-in link" in m["message"]["text"] for m in said)
    link = next((m["message"]["text"] for m in said if "/signin/" in m["message"]["text"]), "")
    for _ in range(
        0 if link else 60
    ):  # the link goes through the outbox, at the worker's next tick
        try:
            found = await rivera.replies(timeout=1)
        except AssertionError:
            continue
        link = next((m["message"]["text"] for m in found if "/signin/" in m["message"]["text"]), "")
        if link:
            break
    assert link, "no sign-in link reached the coordinator's chat"
    token = link.split("/signin/")[1].split()[0]
    async with httpx.AsyncClient(base_url=served, follow_redirects=True) as browser:
        page = await browser.get(f"/signin/{token}")
        assert "Continue to the dashboard" in page.text
        signed = await browser.post("/signin", data={"token": token})
        assert signed.url.path == "/cohorts" and "Room 12" in signed.text
    async with httpx.AsyncClient(base_url=served) as other:
        again = await other.post("/signin", data={"token": token})
    assert again.status_code == 403 and "already used" in again.text
