"""`orbit run slack` as an admin runs it: clear refusals, then a real process serving."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.slack import payloads
from tests.slack.fake_slack import GOOD_BOT_TOKEN, FakeSlack

ORBIT = Path(sys.executable).parent / "orbit"


def _without_slack_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_SLACK_")}


def test_missing_tokens_are_named_before_anything_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ORBIT_SLACK_"):
            monkeypatch.delenv(name)
    socket_mode = CliRunner().invoke(app, ["run", "slack"])
    assert socket_mode.exit_code == 2
    assert "ORBIT_SLACK_BOT_TOKEN and ORBIT_SLACK_APP_TOKEN" in socket_mode.output
    http = CliRunner().invoke(app, ["run", "slack", "--http"])
    assert "ORBIT_SLACK_BOT_TOKEN and ORBIT_SLACK_SIGNING_SECRET" in http.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


READY_WITHIN = 60.0  # seconds; generous for a loaded CI machine, quick when it is not


async def _until_healthy(
    session: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process
) -> None:
    """Poll the health endpoint until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        assert process.returncode is None, "orbit run slack exited before it was ready"
        try:
            async with session.get(url) as health:
                if health.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError(f"no answer from {url} within {READY_WITHIN} s")


async def test_the_command_serves_http_until_it_is_stopped(
    fake: FakeSlack, sqlite_url: str
) -> None:
    port = _free_port()
    env = _without_slack_env() | {
        "ORBIT_SLACK_BOT_TOKEN": GOOD_BOT_TOKEN,
        "ORBIT_SLACK_SIGNING_SECRET": payloads.SIGNING_SECRET,
        "ORBIT_SLACK_API_URL": fake.api_url,
    }
    args = ["run", "slack", "--http", "--listen", "127.0.0.1", "--port", str(port)]
    process = await asyncio.create_subprocess_exec(
        str(ORBIT), *args, "--db", sqlite_url, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        async with aiohttp.ClientSession() as session:
            # Ready when the health check answers, however long a busy machine takes to
            # start the process (it once took longer than a fixed 5 s in CI).
            await _until_healthy(session, f"http://127.0.0.1:{port}/healthz", process)
            body = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
            data = json.dumps(body)
            headers = payloads.signed_headers(data, "application/json")
            url = f"http://127.0.0.1:{port}/slack/events"
            async with session.post(url, data=data, headers=headers) as answer:
                assert answer.status == 200
        deadline = time.monotonic() + READY_WITHIN
        while len(fake.posts_to("D0ANA")) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert "I'm Orbit" in fake.posts_to("D0ANA")[0]["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 10)
    assert process.returncode == 0, stderr.decode()
    assert b"HTTP mode on 127.0.0.1" in stderr


async def test_a_rejected_token_stops_the_command_with_a_clear_message(
    fake: FakeSlack, sqlite_url: str
) -> None:
    env = _without_slack_env() | {
        "ORBIT_SLACK_BOT_TOKEN": "xoxb-revoked",
        "ORBIT_SLACK_APP_TOKEN": "xapp-whatever",
        "ORBIT_SLACK_API_URL": fake.api_url,
    }
    process = await asyncio.create_subprocess_exec(
        str(ORBIT), "run", "slack", "--db", sqlite_url, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 1  # the platform refused: bot.cli.errors.FAILED
    assert b"Slack rejected ORBIT_SLACK_BOT_TOKEN (invalid_auth)" in stderr
