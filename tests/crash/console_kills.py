"""Kill -9 `orbit chat` at random moments mid-conversation; count what was lost.

A student walks a conversation (consent, the mapping lesson, `/map` with its
picture, `/delete`) again and again through piped `orbit chat` processes. A process
is killed with SIGKILL at a random moment after its first output; the next one is
started with the lines that were not stored yet (the count of processed events
says how many were), as a student would type them again. A reference run without
kills gives the replies the conversation should produce.

- lost messages: lines never stored (the conversation's end state differs, or
  fewer events were processed than lines were typed);
- lost replies: reference replies missing from everything the processes printed;
- doubled replies: replies printed twice (a kill after printing, before the sent
  mark was committed: at-least-once delivery).

    python -m tests.crash.console_kills --kills 100      # figures for RELIABILITY.md
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.crash.figures import Figures, pending
from tests.support.chat import MAPPING_WALK

SCRIPT = ["yes", *MAPPING_WALK[2:], "/map", "/delete", "DELETE"]
PICTURE = re.compile(r"\[picture: (\S+)\]")


@dataclass
class ConsoleFigures(Figures):
    missing_pictures: int = 0


def orbit(db: str, user: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--user", user, "--db", db],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "0"},
    )


def processed(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT count(*) FROM processed_event WHERE platform = 'console'"
        ).fetchone()[0]


def normalise(output: str) -> str:
    return re.sub(r"map-[0-9a-f]{32}", "map-ID", output)


def blocks(output: str) -> list[str]:
    return [b for b in normalise(output).split("\n\n") if b.strip()]


def run_once(
    db: str,
    user: str,
    cwd: Path,
    lines: list[str],
    kill_after: float | None,
    *,
    slow_reader: bool = False,
) -> str:
    """One process: feed `lines`, kill it `kill_after` s after its first output (None: never).

    `slow_reader`: after the first output, stop reading until the kill, with the pipe
    shrunk to one page, like a terminal that cannot keep up: the process then blocks
    while printing a turn it has already committed, and is killed there.
    """
    process = orbit(db, user, cwd)
    assert process.stdin is not None and process.stdout is not None
    if slow_reader:
        fcntl.fcntl(process.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    process.stdin.write("".join(f"{line}\n" for line in lines).encode())
    process.stdin.close()
    out = bytearray()
    deadline = time.monotonic() + 60
    kill_at: float | None = None
    fd = process.stdout.fileno()
    while time.monotonic() < deadline:
        wait = 0.5 if kill_at is None else max(0.0, kill_at - time.monotonic())
        ready, _, _ = select.select([] if slow_reader and kill_at else [fd], [], [], wait)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            out += chunk
            if kill_at is None and kill_after is not None:
                kill_at = time.monotonic() + kill_after
        if kill_at is not None and time.monotonic() >= kill_at:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(30)
    while True:  # what was already in the pipe when it died
        ready, _, _ = select.select([fd], [], [], 0)
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            break
        out += chunk
    process.stdout.close()
    return out.decode(errors="replace")


def missing(reference: list[str], printed: list[str]) -> tuple[int, int]:
    """(reference blocks never printed, printed blocks beyond the reference): the longest
    common subsequence of the two, so replies must come out in their order."""
    ids: dict[str, int] = {}
    a = [ids.setdefault(b, len(ids)) for b in reference]
    b = [ids.setdefault(x, len(ids)) for x in printed]
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    common = previous[-1]
    return len(reference) - common, len(printed) - common


def migrate(db: str, cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate", "--db", db],
        check=True,
        capture_output=True,
        cwd=cwd,
    )


def run(kills: int, seed: int, workdir: Path, max_delay: float = 0.25) -> ConsoleFigures:
    """One student walks the conversation again and again (it ends with /delete, so each
    cycle starts afresh) while processes are killed; the rest runs without kills."""
    rng = random.Random(seed)
    path = workdir / "orbit.db"
    db = f"sqlite:///{path}"
    migrate(db, workdir)
    cycle = blocks(run_once(db, "reference", workdir, SCRIPT, None))
    lines = SCRIPT * max(2, kills)
    figures = ConsoleFigures(messages=len(lines))
    base = processed(path)
    printed = ""
    runs = 0
    while processed(path) - base < len(lines) and runs < 4 * kills + 10:
        runs += 1
        done = processed(path) - base
        kill = figures.kills < kills
        slow = kill and figures.kills % 2 == 1
        # a slow reader is killed once the pipe is surely full (it blocks mid-turn there)
        delay = rng.uniform(0, max_delay) + (0.5 if slow else 0) if kill else None
        output = run_once(db, "student", workdir, lines[done:], delay, slow_reader=slow)
        figures.kills += kill
        figures.left_unsent += pending(path) if kill else 0
        stored = processed(path) - base
        step = stored % len(SCRIPT)
        shown = PICTURE.findall(output)
        if SCRIPT.index("/map") < step <= SCRIPT.index("DELETE") and shown:
            # this cycle's map was drawn and not erased yet: its picture must be there
            figures.missing_pictures += not (workdir / shown[-1]).exists()
        printed += output
    if pending(path):  # the last process was killed: the next start sends what it left
        printed += run_once(db, "student", workdir, [], None)
    figures.lost_messages = len(lines) - (processed(path) - base)
    lost, doubled = missing(cycle * (len(lines) // len(SCRIPT)), blocks(printed))
    figures.lost_replies, figures.doubled_replies = lost, doubled
    figures.pending_left = pending(path)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.kills, args.seed, Path(tmp)).as_dict(), indent=2))


if __name__ == "__main__":
    main()
