"""`orbit` as a user runs it: a real subprocess (`python -m bot`, the console script's app)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ORBIT = [sys.executable, "-m", "bot"]
MEDIA = tempfile.mkdtemp(prefix="orbit-media-")  # pictures from /map and /report


def orbit(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `orbit ARGS` to the end; wide columns so tables are not cut."""
    return subprocess.run(
        [*ORBIT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ORBIT_MEDIA_DIR": MEDIA, "COLUMNS": "200", **(env or {})},
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite file migrated by `orbit migrate`, as a new user starts (a fixture)."""
    url = f"sqlite:///{tmp_path / 'orbit.db'}"
    result = orbit("migrate", "--db", url)
    assert result.returncode == 0, result.stderr
    return url
