"""Benchmark: what counting metrics costs, Telegram updates and Slack acks, on vs off.

Runs the two existing benchmarks alternately with metrics off and on in one process
(the machine's load then falls on both alike) and compares medians:

- Telegram (bench/telegram_updates.py's Orbit run): updates per CPU second and per
  second; "on" is what `--metrics-port` turns on (the measured Coach, the counters).
- Slack (bench/slack_ack.py): the real `orbit run slack --http`, with and without
  ORBIT_METRICS_PORT; ack latency p50/p99 and the orbit process's CPU per request
  (its rusage, taken when it has exited).

    python -m bench.metrics_overhead --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

from bench import slack_ack, telegram_updates
from bot.app.ops import MeasuredCoach
from bot.core.engine import Coach
from bot.support import metrics
from tests.slack.fake_slack import serve


async def _telegram(students: int, on: bool) -> dict[str, Any]:
    telegram_updates.Coach = MeasuredCoach if on else Coach  # type: ignore[attr-defined]
    metrics.enable(on)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return await telegram_updates.run_orbit(students, Path(tmp), False)
    finally:
        metrics.enable(False)
        telegram_updates.Coach = Coach  # type: ignore[attr-defined]


async def _wait_started(session: Any, port: int) -> None:
    """slack_ack's wait, but up to 2 minutes: a loaded machine starts Orbit slowly."""
    for _ in range(1200):
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                if health.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("orbit run slack --http did not start")


slack_ack._wait_healthy = _wait_started  # type: ignore[assignment]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _slack(students: int, on: bool) -> dict[str, Any]:
    """One slack_ack run against a fresh fake Slack (it counts every student's posts)."""
    spawn = multiprocessing.get_context("spawn")
    port_out, stop = spawn.Queue(), spawn.Event()
    fake = spawn.Process(target=serve, args=(port_out, stop), daemon=True)
    fake.start()
    try:
        return _slack_against(students, port_out.get(timeout=30), on)
    finally:
        stop.set()
        fake.join(timeout=10)


def _slack_against(students: int, fake_port: int, on: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/orbit.db"
        subprocess.run([str(slack_ack.ORBIT), "migrate", "--db", db], check=True)
        if on:
            os.environ["ORBIT_METRICS_PORT"] = str(slack_ack._free_port())
        args = argparse.Namespace(students=students, new_connections=False)
        before = _children_cpu()
        try:
            result = asyncio.run(slack_ack._run(args, fake_port, db))
        finally:
            os.environ.pop("ORBIT_METRICS_PORT", None)
        cpu = _children_cpu() - before
    requests = sum(result[n]["requests"] for n in ("hi", "yes", "Mom"))
    return {
        "p50_ms": result["all"]["p50_ms"],
        "p99_ms": result["all"]["p99_ms"],
        "cpu_ms_per_request": round(cpu * 1000 / requests, 3),
    }


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--telegram-students", type=int, default=300)
    parser.add_argument("--slack-students", type=int, default=200)
    args = parser.parse_args()
    runs: dict[str, dict[bool, list[dict[str, Any]]]] = {
        "telegram": {False: [], True: []},
        "slack": {False: [], True: []},
    }
    load = [os.getloadavg()[0]]
    for round_ in range(args.rounds):
        for on in (False, True) if round_ % 2 == 0 else (True, False):
            runs["telegram"][on].append(asyncio.run(_telegram(args.telegram_students, on)))
            if args.slack_students:  # 0: Telegram only
                runs["slack"][on].append(_slack(args.slack_students, on))
        load.append(os.getloadavg()[0])
    out: dict[str, Any] = {"rounds": args.rounds, "load_average_1m": load}
    out["cpus"] = os.cpu_count()
    for name, keys in (
        ("telegram", ("updates_per_cpu_second", "updates_per_second")),
        ("slack", ("cpu_ms_per_request", "p50_ms", "p99_ms") if args.slack_students else ()),
    ):
        out[name] = {
            key: {
                "off": _median(runs[name][False], key),
                "on": _median(runs[name][True], key),
                "on_over_off": round(
                    _median(runs[name][True], key) / _median(runs[name][False], key), 3
                ),
                "runs_off": [r[key] for r in runs[name][False]],
                "runs_on": [r[key] for r in runs[name][True]],
            }
            for key in keys
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
