"""The Node peers some tests run (the Telegram Bot API emulator, Slack's schemas).

`make setup-test` installs them (`npm ci` in each folder with a package-lock.json).
A test run never installs anything: a test whose peer is missing is skipped, and the
reason says what to run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def missing_node_peer(folder: Path, package: str) -> str | None:
    """Why a Node peer from `folder/node_modules/package` cannot run here; None if it can."""
    if shutil.which("node") is None:
        return f"node is not installed, and {package} is a Node program"
    if not (folder / "node_modules" / package).is_dir():
        where = folder.relative_to(TESTS.parent)
        return f"{package} is not installed: run `make setup-test` (or `npm ci --prefix {where}`)"
    return None
