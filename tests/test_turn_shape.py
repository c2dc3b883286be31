"""The core's shape holds: a turn reaches only its context, and the core stays small.

Commands, actions, alerts and pictures see `turn.ctx` (a `TurnContext`), never the
Coach; mid-turn reads are `Store` methods, never SQL helpers called from the core.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.config import ROOT

CORE = ROOT / "bot" / "core"
TURN_TIME = [
    *(CORE / f"{name}.py" for name in ("commands", "actions", "alerts", "flow", "answering")),
    *(CORE / f"{name}.py" for name in ("answers", "route", "turn", "consent")),
    ROOT / "bot" / "insights" / "chat_media.py",  # the pictures a turn asks for
]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_what_a_turn_runs_never_reaches_the_coach() -> None:
    for path in TURN_TIME:
        name = path.name
        tree = _tree(path)
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "bot.core.engine" not in imported, name
        reached = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)} | {
            node.id for node in ast.walk(tree) if isinstance(node, ast.Name)
        }
        assert "coach" not in reached, f"{name} reaches the Coach"


def test_the_core_reads_the_store_only_through_its_methods() -> None:
    """No `store.read(some_query)` in the core: each read is a named Store method."""
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                owner_name = owner.attr if isinstance(owner, ast.Attribute) else ""
                owner_name = owner.id if isinstance(owner, ast.Name) else owner_name
                called = f"{owner_name}.{node.func.attr}"
                assert called != "store.read", f"{path.name}:{node.lineno} calls store.read()"
            if isinstance(node, ast.ImportFrom) and node.module in (
                "bot.store.cohorts",
                "bot.store.queries",
            ):
                names = {alias.name for alias in node.names}
                assert names <= {"CohortRecord", "Staff"}, f"{path.name} imports {names}"


def test_core_files_and_functions_stay_small() -> None:
    """One screen per function, one job per file (the issue's limits: 500 and 60 lines)."""
    for path in sorted(CORE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 500, f"{path} has {len(text.splitlines())} lines"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 60, f"{path.name}: {node.name} has {length} lines"
