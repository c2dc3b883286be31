"""`orbit run telegram` as an operator meets it: every start-up failure is one clear sentence."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.telegram.botapi import BOT, conflict, text_update, unauthorized


def orbit(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_TELEGRAM_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "telegram", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


class BotApi(BaseHTTPRequestHandler):
    """A Bot API server that answers as the test says: (status, body) or a function for it."""

    answers: dict[str, Any] = {}

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        method = self.path.rsplit("/", 1)[-1]
        answer = self.answers.get(method, (200, {"ok": True, "result": True}))
        status, body = answer() if callable(answer) else answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def bot_api() -> Iterator[tuple[str, type[BotApi]]]:
    handler = type("Answers", (BotApi,), {"answers": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/bot", handler
    server.shutdown()


def test_without_a_token_it_says_how_to_get_one(tmp_path: Path) -> None:
    result = orbit(env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert "ORBIT_TELEGRAM_TOKEN is not set" in result.stderr and "@BotFather" in result.stderr


def test_a_webhook_needs_a_shared_secret(tmp_path: Path) -> None:
    result = orbit(
        "--webhook",
        "https://orbit.example.org/tg",
        env={"ORBIT_TELEGRAM_TOKEN": "1:x"},
        cwd=tmp_path,
    )
    assert result.returncode == 2 and "ORBIT_TELEGRAM_WEBHOOK_SECRET" in result.stderr


def test_a_rejected_token_is_one_sentence_without_the_token(
    bot_api: tuple[str, type[BotApi]], sqlite_url: str, tmp_path: Path
) -> None:
    url, answers = bot_api
    answers.answers["getMe"] = unauthorized()
    env = {"ORBIT_TELEGRAM_TOKEN": "999:secret-value", "ORBIT_TELEGRAM_BASE_URL": url}
    result = orbit("--db", sqlite_url, env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "Telegram rejected the token" in result.stderr
    assert "Traceback" not in result.stderr and "secret-value" not in result.stderr


def test_a_second_poller_is_told_about_one_process_per_token(
    bot_api: tuple[str, type[BotApi]], sqlite_url: str, tmp_path: Path
) -> None:
    url, answers = bot_api
    answers.answers["getMe"] = (200, {"ok": True, "result": BOT})
    answers.answers["getUpdates"] = conflict()
    env = {"ORBIT_TELEGRAM_TOKEN": "999:x", "ORBIT_TELEGRAM_BASE_URL": url}
    result = orbit("--db", sqlite_url, env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "one process per token" in result.stderr and "--webhook" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_bot_api_is_named(sqlite_url: str, tmp_path: Path) -> None:
    env = {"ORBIT_TELEGRAM_TOKEN": "999:x", "ORBIT_TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}
    result = orbit("--db", sqlite_url, env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "Could not reach the Telegram Bot API at http://127.0.0.1:9/bot" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_ctrl_c_stops_at_once(
    bot_api: tuple[str, type[BotApi]], sqlite_url: str, tmp_path: Path
) -> None:
    url, answers = bot_api
    updates = [[text_update(501, "hi", message_id=1)]]

    sending = threading.Event()

    def slow_send() -> tuple[int, object]:
        sending.set()
        time.sleep(5)  # a reply in hand that takes long to go out
        return 200, {
            "ok": True,
            "result": {"message_id": 9, "date": 0, "chat": {"id": 501, "type": "private"}},
        }

    answers.answers.update(
        getMe=(200, {"ok": True, "result": BOT}),
        getUpdates=lambda: (200, {"ok": True, "result": updates.pop() if updates else []}),
        sendMessage=slow_send,
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ORBIT_TELEGRAM_")},
        "ORBIT_TELEGRAM_TOKEN": "999:x",
        "ORBIT_TELEGRAM_BASE_URL": url,
        "ORBIT_TELEGRAM_POLL_TIMEOUT": "0",
        "ORBIT_TELEGRAM_POLL_INTERVAL": "0.05",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "telegram", "--db", sqlite_url],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert sending.wait(30), "the reply never started going out"  # the reply is in hand
    process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130
    assert "Stopping: finishing the messages in hand" in stderr and "Stopped at once." in stderr
    assert "Traceback" not in stderr
