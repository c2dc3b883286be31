"""Benchmark: time for Orbit to acknowledge Slack, with 200 requests arriving at once.

Three processes, as in production: the real `orbit run slack --http` command, a fake
Slack Web API (tests/slack/fake_slack.py) that counts every answer, and this load
generator, which fires each burst of correctly signed requests concurrently and
times each one from send to HTTP response (the ack Slack waits up to 3 s for).

Bursts (one per student, all students at once), with duplicates mixed in:
  hi     a DM from every student, plus Slack retries (X-Slack-Retry-Num) of some
  yes    every student presses "Yes, let's start", plus a second press on some
  Mom    every student types a first name (a committed turn that saves state)

Afterwards every student's DM must hold exactly the expected answers: none lost,
none doubled.

    python -m bench.slack_ack                      # 200 students, SQLite
    python -m bench.slack_ack --new-connections    # without keep-alive connections
    python -m bench.slack_ack --db postgresql://postgres@127.0.0.1:5432/test   # wipes it
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp

from tests.slack import payloads
from tests.slack.fake_slack import GOOD_BOT_TOKEN, serve
from tests.support.databases import reset_postgres

ORBIT = Path(sys.executable).parent / "orbit"
# chat.postMessage calls each student's DM must have after each burst
EXPECTED_POSTS = {"hi": 2, "yes": 5, "Mom": 6}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


Request = tuple[str, str, dict[str, str]]  # body, content type, extra headers


class Load:
    """Bursts over keep-alive connections opened beforehand (as a reverse proxy keeps
    them to its workers), written with plain sockets so the generator's own overhead
    stays out of the timings: each time runs from writing the request to reading the
    whole response."""

    def __init__(
        self, session: aiohttp.ClientSession, port: int, fake_url: str, *, fresh: bool = False
    ) -> None:
        self.session = session
        self.port = port
        self.fake_url = fake_url
        self.fresh = fresh  # a new connection per request, inside the timing
        self._pool: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    def _raw(self, body: str, content_type: str, extra: dict[str, str]) -> bytes:
        data = body.encode()
        headers = payloads.signed_headers(body, content_type) | extra
        headers |= {"Host": f"127.0.0.1:{self.port}", "Content-Length": str(len(data))}
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        return f"POST /slack/events HTTP/1.1\r\n{head}\r\n".encode() + data

    async def _exchange(self, raw: bytes, connection: int) -> float:
        started = time.perf_counter()
        if self.fresh:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        else:
            reader, writer = self._pool[connection]
        writer.write(raw)
        status = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        elapsed = time.perf_counter() - started
        if self.fresh:
            writer.close()
        if b" 200 " not in status:
            raise RuntimeError(f"Orbit answered {status!r}")
        return elapsed

    async def burst(self, requests: list[Request]) -> list[float]:
        while not self.fresh and len(self._pool) < len(requests):
            self._pool.append(await asyncio.open_connection("127.0.0.1", self.port))
        raws = [self._raw(*r) for r in requests]  # signed before the clock starts
        return list(await asyncio.gather(*(self._exchange(r, n) for n, r in enumerate(raws))))

    async def close(self) -> None:
        for _, writer in self._pool:
            writer.close()

    async def recorded(self) -> dict[str, Any]:
        async with self.session.get(self.fake_url.replace("/api/", "/_recorded")) as answer:
            return await answer.json()


def _dm_requests(students: int, text: str, retries: int) -> list[Request]:
    requests = []
    for n in range(students):
        body = json.dumps(
            payloads.envelope(payloads.dm(text, user=f"U{n:05d}", channel=f"D{n:05d}"))
        )
        requests.append((body, "application/json", {}))
        if n < retries:  # Slack retrying: the same event, the same event_id
            requests.append((body, "application/json", {"X-Slack-Retry-Num": "1"}))
    return requests


def _press_requests(recorded: dict[str, Any], students: int, doubles: int) -> list[Request]:
    asking = {
        m["channel"]: m
        for m in recorded["messages"]
        if any(b["type"] == "actions" for b in m.get("blocks") or [])
    }
    requests = []
    for n in range(students):
        channel = f"D{n:05d}"
        message = asking[channel]
        block = next(b for b in message["blocks"] if b["type"] == "actions")
        for element in block["elements"][: 2 if n < doubles else 1]:  # Yes (and No, too late)
            payload = payloads.block_actions(
                user=f"U{n:05d}",
                action={**element, "block_id": block["block_id"]},
                container={
                    "type": "message",
                    "message_ts": message["ts"],
                    "channel_id": channel,
                    "is_ephemeral": False,
                },
                channel=channel,
                message=message,
                response_url="http://127.0.0.1:9/unused",
            )
            requests.append(
                (payloads.interaction_body(payload), "application/x-www-form-urlencoded", {})
            )
    return requests


async def _answered(load: Load, students: int, posts: int, timeout: float = 120) -> float:
    """Seconds until every DM holds `posts` messages; then checks none holds more."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        recorded = await load.recorded()
        counts = Counter(
            c["args"]["channel"]
            for c in recorded["calls"]
            if c["method"] == "chat.postMessage" and not c["limited"]
        )
        if all(counts[f"D{n:05d}"] >= posts for n in range(students)):
            elapsed = time.perf_counter() - started
            await asyncio.sleep(1.0)  # a late duplicate would show up here
            recorded = await load.recorded()
            counts = Counter(
                c["args"]["channel"]
                for c in recorded["calls"]
                if c["method"] == "chat.postMessage" and not c["limited"]
            )
            doubled = [f"D{n:05d}" for n in range(students) if counts[f"D{n:05d}"] != posts]
            if doubled:
                raise RuntimeError(
                    f"{len(doubled)} DMs got other than {posts} posts: {doubled[:5]}"
                )
            return elapsed
        await asyncio.sleep(0.1)
    raise RuntimeError(f"answers lost: not every DM reached {posts} posts in {timeout}s")


def _stats(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "requests": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(_percentile(ms, 95), 1),
        "p99_ms": round(_percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
    }


async def _run(args: argparse.Namespace, fake_port: int, db: str) -> dict[str, Any]:
    fake_url = f"http://127.0.0.1:{fake_port}/api/"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_SLACK_")} | {
        "ORBIT_SLACK_BOT_TOKEN": GOOD_BOT_TOKEN,
        "ORBIT_SLACK_SIGNING_SECRET": payloads.SIGNING_SECRET,
        "ORBIT_SLACK_API_URL": fake_url,
    }
    command = ["run", "slack", "--http", "--listen", "127.0.0.1", "--port", str(port)]
    orbit = await asyncio.create_subprocess_exec(
        str(ORBIT), *command, "--db", db, env=env, stderr=asyncio.subprocess.DEVNULL
    )
    results: dict[str, Any] = {
        "students": args.students,
        "database": db.split(":")[0],
        "connections": "new per request" if args.new_connections else "kept alive",
    }
    connector = aiohttp.TCPConnector(limit=0)
    try:
        async with aiohttp.ClientSession(connector=connector) as session:
            load = Load(session, port, fake_url, fresh=args.new_connections)
            await _wait_healthy(session, port)
            warm_up = payloads.envelope(payloads.dm("hi", user="U0WARM", channel="D0WARM"))
            await load.burst([(json.dumps(warm_up), "application/json", {})])
            everything: list[float] = []
            duplicates = args.students // 10
            for name, make in (
                ("hi", lambda: _dm_requests(args.students, "hi", duplicates)),
                ("yes", None),
                ("Mom", lambda: _dm_requests(args.students, "Mom", duplicates)),
            ):
                if name == "yes":
                    requests = _press_requests(await load.recorded(), args.students, duplicates)
                else:
                    requests = make()  # type: ignore[misc]
                acks = await load.burst(requests)
                everything += acks
                answered = await _answered(load, args.students, EXPECTED_POSTS[name])
                results[name] = _stats(acks) | {"all_answered_s": round(answered, 2)}
            results["all"] = _stats(everything)
            recorded = await load.recorded()
            posts = [c for c in recorded["calls"] if c["method"] == "chat.postMessage"]
            updates = [c for c in recorded["calls"] if c["method"] == "chat.update"]
            if len(updates) != args.students:  # one pressed question shown answered, each
                raise RuntimeError(f"{len(updates)} chat.update calls for {args.students} presses")
            results["answers"] = {
                "posted": len(posts) - 2,  # without the warm-up student's
                "expected": args.students * EXPECTED_POSTS["Mom"],
                "questions_updated": len(updates),
                "duplicate_requests_sent": 3 * duplicates,
            }
            await load.close()
    finally:
        orbit.terminate()
        await orbit.wait()
    return results


async def _wait_healthy(session: aiohttp.ClientSession, port: int) -> None:
    for _ in range(200):
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                if health.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
    raise RuntimeError("orbit run slack --http did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument(
        "--new-connections",
        action="store_true",
        help="open a TCP connection per request (no proxy keeping them alive)",
    )
    args = parser.parse_args()
    spawn = multiprocessing.get_context("spawn")
    port_out, stop = spawn.Queue(), spawn.Event()
    fake = spawn.Process(target=serve, args=(port_out, stop), daemon=True)
    fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{tmp}/orbit.db"
        if db.startswith("postgresql"):
            asyncio.run(reset_postgres(db))  # the counts assume students who are new
        subprocess.run([str(ORBIT), "migrate", "--db", db], check=True, capture_output=True)
        try:
            results = asyncio.run(_run(args, port_out.get(timeout=30), db))
        finally:
            stop.set()
            fake.join(timeout=10)
    print(json.dumps(results, indent=2))
    verdict = "PASS" if results["all"]["p99_ms"] < 100 else "FAIL"
    print(f"p99 time to ack: {results['all']['p99_ms']} ms (target < 100 ms): {verdict}")


if __name__ == "__main__":
    main()
