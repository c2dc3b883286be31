"""Kill -9 `orbit run telegram` at random moments mid-turn; count what was lost.

The bot runs against the Telegram Bot API emulator (tests/telegram/emulator.js, which
keeps an update until a later getUpdates confirms it, as Telegram does), slowed down
so every send takes `delay_ms` more. A student types a conversation (consent, the
mapping lesson, `/map` with its picture, `/delete`) again and again, each message once,
waiting for the answer like a person. After chosen messages the bot is killed with
SIGKILL at a random moment (while it fetches, runs the turn, or sends), and started
again at once. Nothing is ever typed twice: what the bot had not finished must come
back from Telegram (redelivery) or from the reply outbox.

- lost messages: typed messages whose event was never processed;
- lost replies: reference replies (the same conversation without kills) the student
  never received, in order (longest common subsequence);
- doubled replies: messages received beyond the reference (at-least-once sending).

    python -m tests.crash.telegram_kills --kills 100      # figures for RELIABILITY.md
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.support.redact import event_digest
from tests.crash.console_kills import SCRIPT, missing, normalise
from tests.crash.figures import Figures, pending
from tests.support.node import missing_node_peer
from tests.telegram.emulator_client import HERE as EMULATOR
from tests.telegram.emulator_client import Emulator, Student

TOKEN = "123456:orbit-crash"
# The console's conversation, with the student looking at their map as it grows: `/map`
# draws a picture (the slow turn that lost messages when updates were confirmed early).
CYCLE = [
    line
    for before in SCRIPT
    for line in ([before, "/map"] if before in ("close", "3", "in between") else [before])
]
ANA, REF = 7101, 7102


@dataclass
class TelegramFigures(Figures):
    unanswered: int = 0
    killed_after_commit: int = 0  # kills that found the typed message's turn committed
    clean_exit: bool = False


class Bot:
    """`orbit run telegram` as a process that can be killed and started again."""

    def __init__(self, emulator: Emulator, db: str, workdir: Path) -> None:
        self.env = {
            **os.environ,
            "ORBIT_TELEGRAM_TOKEN": TOKEN,
            "ORBIT_TELEGRAM_BASE_URL": f"{emulator.url}/bot",
            "ORBIT_TELEGRAM_BASE_FILE_URL": f"{emulator.url}/file/bot",
            "ORBIT_TELEGRAM_POLL_TIMEOUT": "0",  # the emulator answers getUpdates at once
            "ORBIT_TELEGRAM_POLL_INTERVAL": "0.05",
            "ORBIT_TELEGRAM_CHAT_RATE": "0",
        }
        self.db, self.workdir = db, workdir
        self.log = (workdir / "orbit.log").open("a")
        self.process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "telegram", "--no-scheduler", "--db", self.db],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            cwd=self.workdir,
        )

    def kill_and_restart(self) -> None:
        self.process.kill()
        self.process.wait(30)
        self.process = self._start()

    def stop(self) -> int:
        self.process.terminate()
        code = self.process.wait(30)
        self.log.close()
        return code


def processed(path: Path, chat: int, bot_id: int) -> int:
    """How many of `chat`'s messages were committed. Event ids are stored as digests, so
    the digests of the ids this chat's messages can have are looked up."""
    ours = {event_digest(f"{bot_id}:m:{chat}:{n}") for n in range(1, MAX_MESSAGE_ID)}
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT event_id FROM processed_event").fetchall()
    return sum(1 for (event_id,) in stored if event_id in ours)


MAX_MESSAGE_ID = 20_000  # the emulator numbers messages from 1 across all chats


async def type_and_wait(student: Student, text: str, timeout: float) -> bool:
    """Type `text` once; True when an answer came within `timeout` seconds."""
    message = {**student._common(), "text": text}
    route = "/sendMessage"
    if text.startswith("/"):
        head = text.split(" ", 1)[0]
        message["entities"] = [{"offset": 0, "length": len(head), "type": "bot_command"}]
        route = "/sendCommand"
    (await student.http.post(route, json=message)).raise_for_status()
    try:
        await student.replies(timeout=timeout)
    except AssertionError:
        return False
    return True


async def received(student: Student) -> list[str]:
    """Everything the bot sent to this student, in order: texts and picture captions."""
    history = await student.history()
    mine = [
        u["message"]
        for u in history
        if "chat_id" in u.get("message", {}) and int(u["message"]["chat_id"]) == student.user_id
    ]
    return [normalise(m.get("text") or m.get("caption") or "") for m in mine]


async def run(
    kills: int, seed: int, workdir: Path, node: str, *, delay_ms: int = 60, cycles: int = 2
) -> TelegramFigures:
    """`kills` kills over `cycles` walks of the conversation (at most one per message)."""
    rng = random.Random(seed)
    path = workdir / "orbit.db"
    db = f"sqlite:///{path}"
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate", "--db", db], check=True, capture_output=True
    )
    lines = CYCLE * cycles
    figures = TelegramFigures(messages=len(lines))
    maps = [n for n, line in enumerate(lines) if line == "/map"]
    others = [n for n, line in enumerate(lines) if line != "/map"]
    on_maps = min(len(maps), kills // 2)  # half the kills hit a slow turn
    kill_after = set(rng.sample(maps, on_maps) + rng.sample(others, kills - on_maps))
    with Emulator(node, delay_ms=delay_ms) as emulator:
        bot = Bot(emulator, db, workdir)
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
            me = await http.get(f"/bot{TOKEN}/getMe")
            bot_id = me.raise_for_status().json()["result"]["id"]
            reference = Student(http, TOKEN, REF, quiet=0.15 + 2 * delay_ms / 1000)
            for line in CYCLE:
                if not await type_and_wait(reference, line, timeout=30):
                    raise RuntimeError(f"no answer to {line!r} without kills")
            expected = await received(reference)
            ana = Student(http, TOKEN, ANA, quiet=reference.quiet)
            for n, line in enumerate(lines):
                if n in kill_after:
                    typed = asyncio.create_task(type_and_wait(ana, line, timeout=40))
                    await asyncio.sleep(rng.uniform(0, 0.3 + 4 * delay_ms / 1000))
                    await asyncio.to_thread(bot.kill_and_restart)
                    figures.kills += 1
                    figures.left_unsent += pending(path)
                    figures.killed_after_commit += processed(path, ANA, bot_id) == n + 1
                    answered = await typed
                else:
                    answered = await type_and_wait(ana, line, timeout=40)
                figures.unanswered += not answered
            await asyncio.sleep(1.0)  # anything still on its way
            figures.clean_exit = await asyncio.to_thread(bot.stop) == 0
            got = await received(ana)
    figures.lost_messages = len(lines) - processed(path, ANA, bot_id)
    figures.lost_replies, figures.doubled_replies = missing(
        [normalise(t) for t in expected] * cycles, got
    )
    figures.pending_left = pending(path)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delay-ms", type=int, default=60)
    args = parser.parse_args()
    missing = missing_node_peer(EMULATOR, "telegram-test-api")
    node = shutil.which("node")
    if missing or node is None:
        raise SystemExit(missing)
    cycles = max(2, -(-args.kills * 2 // len(CYCLE)))  # about one kill per two messages
    with tempfile.TemporaryDirectory() as tmp:
        figures = asyncio.run(
            run(args.kills, args.seed, Path(tmp), node, delay_ms=args.delay_ms, cycles=cycles)
        )
    print(json.dumps(figures.as_dict(), indent=2))


if __name__ == "__main__":
    main()
