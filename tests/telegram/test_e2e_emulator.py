"""End to end: `orbit run telegram` against telegram-test-api, a student walks the map lesson.

Everything is real except Telegram itself: the orbit command in its own process (long
polling, python-telegram-bot, SQLite), and an open-source Bot API emulator started on a
loopback port. The student types some answers and presses buttons for others, the test
reads the bot's messages at the emulator, then the stored map, then stops the bot with
SIGTERM as a service manager would.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from bot.adapters.telegram.incoming import conversation_key
from bot.store.store import Store
from tests.support.node import missing_node_peer
from tests.telegram.emulator_client import HERE as EMULATOR
from tests.telegram.emulator_client import Emulator, Student

NODE = shutil.which("node")
MISSING = missing_node_peer(EMULATOR, "telegram-test-api")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))
TOKEN = "123456:orbit-e2e"
ANA = 7001


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    assert NODE is not None
    with Emulator(NODE) as running:
        yield running


@pytest.fixture
def orbit(emulator: Emulator, sqlite_url: str, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    env = {
        **os.environ,
        "ORBIT_TELEGRAM_TOKEN": TOKEN,
        "ORBIT_TELEGRAM_BASE_URL": f"{emulator.url}/bot",
        "ORBIT_TELEGRAM_BASE_FILE_URL": f"{emulator.url}/file/bot",
        "ORBIT_TELEGRAM_POLL_TIMEOUT": "0",  # the emulator answers getUpdates at once
        "ORBIT_TELEGRAM_POLL_INTERVAL": "0.05",
        "ORBIT_TELEGRAM_CHAT_RATE": "20",
    }
    log = tmp_path / "orbit.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "telegram", "--db", sqlite_url],
            env=env,
            stderr=stderr,
            text=True,
            cwd=tmp_path,
        )
        _wait_until_polling(process, log)
        yield process
        if process.poll() is None:
            process.kill()
            process.wait()
    print(log.read_text())  # shown by pytest when the test failed


def _wait_until_polling(process: subprocess.Popen[str], log: Path, seconds: float = 90) -> None:
    """Until the bot says it is on Telegram: a loaded CI machine can take longer to start
    (imports, migrations) than a student's first message waits for its replies."""
    deadline = time.monotonic() + seconds
    while "Orbit is on Telegram as @" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"orbit run telegram did not start:\n{log.read_text()}")
        time.sleep(0.1)


@pytest.fixture
async def student(emulator: Emulator) -> AsyncIterator[Student]:
    async with httpx.AsyncClient(base_url=emulator.url, timeout=5) as http:
        yield Student(http, TOKEN, ANA)


def texts(messages: list[dict]) -> str:
    """What the bot said: message texts and picture captions."""
    return "\n".join(m["message"].get("text") or m["message"].get("caption", "") for m in messages)


async def test_a_student_walks_the_mapping_lesson_on_telegram(
    orbit: subprocess.Popen[str],
    student: Student,
    sqlite_url: str,
    emulator: Emulator,
    tmp_path: Path,
) -> None:
    welcome = await student.say("/start")
    assert "I'm Orbit" in texts(welcome)
    assert all(m["message"]["parse_mode"] == "HTML" for m in welcome)
    consent = student.newest_keyboard()

    started = await student.press("Yes")
    assert "Family" in texts(started)
    answered = (await student.current(consent))["message"]
    assert answered["text"].endswith("→ <b>Yes, let's start</b>")
    assert answered["reply_markup"] == {"inline_keyboard": []}

    await student.say("Mom")
    await student.press("Emotional support")
    await student.press("Advice and information")
    assert "How close are you and Mom?" in texts(await student.press("Done"))
    assert "Anyone else in family?" in texts(await student.press("Close"))
    await student.say("Tío Beto")
    await student.say("practical")  # typing works as well as pressing
    beto_closeness = student.newest_keyboard()
    await student.say("3")
    await student.say("done")
    await student.say("skip")  # friends and peers
    await student.say("Ms. Rivera")
    await student.press("Advice and information")
    await student.press("Feedback on how")
    assert "How close are you and Ms. Rivera?" in texts(await student.press("Done"))
    # Beto's closeness was typed, so its buttons are still there; pressing one now must
    # not answer Ms. Rivera's question: the button is refused and taken away.
    await student.press("Close", on=beto_closeness, answered=False)
    assert (await student.current(beto_closeness))["message"]["reply_markup"] == {
        "inline_keyboard": []
    }
    map_now = await student.say("/map")
    assert "Your map (2 people)" in texts(map_now)  # the old press added nobody
    picture = next(m["message"] for m in map_now if "photo" in m["message"])
    assert picture["photo"]["size"] > 1000 and "Mom" in picture["caption"]  # a real PNG
    await student.press("In between")
    for _ in range(5):  # school done, then activities, community, work, online
        await student.say("done" if _ == 0 else "skip")
    await student.say("nursing")
    await student.say("Ms. Rivera")
    summary = texts(await student.say("Coach Dee"))
    assert "Here's your map" in summary and "Tío Beto" in summary and "nursing" in summary

    async with httpx.AsyncClient(base_url=emulator.url) as http:
        menu = (await http.post(f"/bot{TOKEN}/getMyCommands")).json()["result"]
    assert {"command": "map", "description": "See your map"} in menu

    orbit.send_signal(signal.SIGTERM)
    orbit.wait(timeout=20)
    stderr = (tmp_path / "orbit.log").read_text()
    assert orbit.returncode == 0, stderr
    assert "Orbit stopped." in stderr and "Traceback" not in stderr

    store = await Store(sqlite_url).open()
    try:
        exported = await store.export(conversation_key(ANA))
    finally:
        await store.close()
    assert exported is not None
    people = {p["name"]: p for p in exported["map"]}
    assert set(people) == {"Mom", "Tío Beto", "Ms. Rivera"}
    assert (people["Mom"]["domain"], people["Mom"]["closeness"]) == ("family", "close")
    assert sorted(people["Mom"]["supports"]) == ["advice", "emotional"]
    assert (people["Tío Beto"]["supports"], people["Tío Beto"]["closeness"]) == (
        ["practical"],
        "distant",
    )
    assert sorted(people["Ms. Rivera"]["supports"]) == ["advice", "feedback"]
    assert people["Ms. Rivera"]["closeness"] == "between"
    assert [lesson["lesson"] for lesson in exported["lessons"]] == ["mapping"]


async def test_a_lone_surrogate_from_a_telegram_client_does_not_stick_the_student(
    orbit: subprocess.Popen[str], student: Student, sqlite_url: str, tmp_path: Path
) -> None:
    """`"\\ud800"` in an update once broke reply splitting after the commit, and then
    every turn of that student; now it is read as U+FFFD at the door."""
    await student.say("/start")
    await student.press("Yes")
    assert "What does Tom give you?" in texts(await student.say("Tom\ud800"))
    assert "How close" in texts(await student.say("1"))
    assert "Anyone else in family?" in texts(await student.say("close\x00"))
    orbit.send_signal(signal.SIGTERM)
    orbit.wait(timeout=20)
    assert "Traceback" not in (tmp_path / "orbit.log").read_text()
    store = await Store(sqlite_url).open()
    try:
        exported = await store.export(conversation_key(ANA))
    finally:
        await store.close()
    assert exported is not None and [p["name"] for p in exported["map"]] == ["Tom"]
