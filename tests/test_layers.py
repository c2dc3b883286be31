"""The house keeps its layers: an import only goes down, and no two packages import each
other (the contracts are `[tool.importlinter]` in pyproject.toml; ARCHITECTURE.md draws them).

The same `lint-imports` a developer runs, on this checkout; and, to show the check can
fail, on a copy of `bot/` with one import up a layer (or round a cycle) written into it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` in `root`, on the `bot` package found there (not the installed one)."""
    env = {**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_layer_imports_only_those_below_it() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the store reaching up into the core (as records.py once did for ConversationKey)
        ("bot/store/queries.py", "from bot.core import engine", "layers"),
        # the schedule building a platform's sender itself
        ("bot/schedule/worker.py", "from bot.adapters.telegram import outbox", "layers"),
        # the vocabulary importing anything of ours
        ("bot/vocab/keys.py", "from bot.support import redact", "layers"),
        # coaching importing the store
        ("bot/coaching/helpers.py", "from bot.store import cache", "layers"),
        # one platform's adapter using another's
        ("bot/adapters/slack/text.py", "from bot.adapters.telegram import splitting", "platforms"),
        # the core importing a platform's library
        ("bot/core/escaping.py", "import telegram", "no-platform-below-adapters"),
        # a cycle inside one layer: the outbox sender importing the app that imports it
        ("bot/adapters/telegram/outbox.py", "from bot.adapters.telegram import app", "acyclic"),
    ],
)
def test_an_import_that_breaks_the_rule_fails(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    house = tmp_path / "house"
    shutil.copytree(ROOT / "bot", house / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", house / "pyproject.toml")
    with (house / module).open("a") as source:
        source.write(f"\n{line}  # noqa\n")
    result = lint_imports(house)
    assert result.returncode == 1, result.stdout
    assert f"{CONTRACTS[broken]} BROKEN" in result.stdout, result.stdout


def _contract_names() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        contracts = tomllib.load(handle)["tool"]["importlinter"]["contracts"]
    return {c["id"]: c["name"] for c in contracts}


CONTRACTS = _contract_names()
