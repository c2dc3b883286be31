"""The coordinator's commands as they run them: real subprocesses on a SQLite file."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ORBIT = [sys.executable, "-m", "bot"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ORBIT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )


def chat(db: str, user: str, *lines: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", user, "--db", db],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def db(sqlite_url: str) -> str:
    return sqlite_url


def test_a_coordinator_runs_a_cohort_from_the_command_line(db: str, tmp_path: Path) -> None:
    made = run("cohort", "create", "Room 12", "--timezone", "America/Chicago", "--db", db)
    assert made.returncode == 0, made.stderr
    code = re.search(r"Join code: (\w+)", made.stdout).group(1)  # type: ignore[union-attr]
    chat(db, "ana", "hi", "yes", f"/join {code}")
    chat(db, "ben", "hi", "yes", f"/join {code}")

    listed = run("cohort", "list", "--db", db).stdout
    assert "Room 12" in listed and code in listed and "America/Chicago" in listed
    assert "ana" in run("cohort", "members", "Room 12", "--db", db).stdout
    granted = run(
        "grant", "coordinator", "--cohort", "Room 12", "--platform", "console", "--user",
        "msr", "--name", "Ms. Rivera", "--db", db,
    )  # fmt: skip
    assert granted.returncode == 0, granted.stderr
    assert "Ms. Rivera" in run("cohort", "show", "Room 12", "--db", db).stdout

    created = run(
        "checkin", "create", "--cohort", "Room 12", "--at", "2026-12-01T15:30",
        "--message", "How was your week?", "--question", "Who helped you?", "--db", db,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    checkin_id = re.search(r"Check-in (\w+)", created.stdout).group(1)  # type: ignore[union-attr]
    assert "21:30 UTC" in created.stdout  # 15:30 in Chicago

    sent = run("checkin", "send-now", checkin_id, "--sender", "log", "--db", db)
    assert sent.returncode == 0, sent.stderr
    assert "Queued 2 message(s)" in sent.stdout
    # Console students see it on their next `orbit chat`: pressing send-now again (as a
    # coordinator does when nothing seems to happen) does not queue it a second time.
    again = run("checkin", "send-now", checkin_id, "--sender", "log", "--db", db)
    assert "Queued 0 message(s); 2 already waiting" in again.stdout, again.stdout
    status = run("outbox", "status", "--db", db).stdout
    assert re.search(r"checkin\s+│\s+2\s+│\s+0", status), status

    report = run("checkin", "report", checkin_id, "--csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(report.stdout)))
    assert {r["user"] for r in rows} == {"ana", "ben"}

    assert run("checkin", "pause", checkin_id, "--db", db).returncode == 0
    assert "paused" in run("checkin", "list", "--db", db).stdout
    deleted = run("checkin", "delete", checkin_id, "--db", db)
    assert "is deleted" in deleted.stdout
    assert checkin_id not in run("checkin", "list", "--db", db).stdout


def test_mistakes_get_a_plain_message_and_a_non_zero_exit(db: str) -> None:
    bad_zone = run("cohort", "create", "X", "--timezone", "Mars/Olympus", "--db", db)
    assert bad_zone.returncode == 2 and "Unknown time zone" in bad_zone.stderr
    bad_quiet = run(
        "cohort", "create", "X", "--timezone", "UTC", "--quiet-hours", "late", "--db", db
    )
    assert bad_quiet.returncode == 2 and "21:00-07:30" in bad_quiet.stderr
    run("cohort", "create", "X", "--timezone", "UTC", "--db", db)
    both = run("checkin", "create", "--cohort", "X", "--message", "hi", "--db", db)
    assert both.returncode == 2 and "exactly one of --cron or --at" in both.stderr
    cron = run(
        "checkin", "create", "--cohort", "X", "--cron", "every monday", "--message", "hi",
        "--db", db,
    )  # fmt: skip
    assert cron.returncode == 2 and "cron" in cron.stderr
    missing = run("checkin", "report", "nope", "--db", db)
    assert missing.returncode == 1 and "No check-in" in missing.stderr


def test_a_worker_queues_a_due_check_in_and_the_terminal_shows_it_on_the_next_chat(
    db: str,
) -> None:
    """A terminal has no push: the worker's clock queues the check-in and leaves it;
    `orbit chat` shows it as it starts, takes the answer, and never shows it again."""
    import signal
    import time
    from datetime import UTC, datetime, timedelta

    made = run(
        "cohort", "create", "Night owls", "--timezone", "UTC", "--quiet-hours", "", "--db", db
    )
    code = re.search(r"Join code: (\w+)", made.stdout).group(1)  # type: ignore[union-attr]
    chat(db, "ana", "hi", "yes", f"/join {code}")
    due = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    created = run(
        "checkin", "create", "--cohort", "Night owls", "--at", due, "--message",
        "Owls, assemble!", "--question", "Who did you talk to this week?", "--db", db,
    )  # fmt: skip
    checkin_id = re.search(r"Check-in (\w+)", created.stdout).group(1)  # type: ignore[union-attr]
    worker = subprocess.Popen(
        [*ORBIT, "worker", "--sender", "log", "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    pending = r"checkin\s+│\s+1\s+│\s+0"  # kind │ pending │ sent
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if re.search(pending, run("outbox", "status", "--db", db).stdout):
                break
            time.sleep(0.5)
        time.sleep(2)  # the worker has had time to take it, if it were going to
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    assert worker.returncode == 0, output
    assert "Owls, assemble!" not in output  # not logged away: it waits for the terminal
    # Nobody to alert about Night owls: said on the console and logged, at start.
    assert "can alert nobody: Night owls has no coordinator" in output
    assert "crisis alerts would reach nobody" in output
    assert re.search(pending, run("outbox", "status", "--db", db).stdout)

    seen = chat(db, "ana", "Coach Dee")
    assert seen.index("Owls, assemble!") < seen.index("Who did you talk to this week?")
    assert "saved for your coordinator" in seen
    assert re.search(r"checkin\s+│\s+0\s+│\s+1", run("outbox", "status", "--db", db).stdout)
    report = run("checkin", "report", checkin_id, "--csv", "--db", db).stdout
    assert "Coach Dee" in report
    again = chat(db, "ana", "/map")
    assert "Owls, assemble!" not in again
