from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import orbit


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite file migrated by `orbit migrate`, as a new user starts."""
    url = f"sqlite:///{tmp_path / 'orbit.db'}"
    result = orbit("migrate", "--db", url)
    assert result.returncode == 0, result.stderr
    return url
