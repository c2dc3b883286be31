"""The house's size rules: no file in bot/ over 500 lines, no function over 60 lines.

A file or function may be longer only when it is listed below with the reason. An entry
that is no longer needed fails too, so the lists only shrink.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60

LONG_FILES = {}
LONG_FUNCTIONS = {
    "store/migrations/versions/0001_initial.py:upgrade": "a migration is a frozen record",
    "store/migrations/versions/0003_cohorts_and_outbox.py:upgrade": "a migration is frozen",
    "store/writes.py:_collect": "one flat case per change type, each a row literal; split, "
    "the mapping from a change to its row would be in two places",
}


def _sources() -> Iterator[tuple[str, str]]:
    for path in sorted(BOT.rglob("*.py")):
        yield path.relative_to(BOT).as_posix(), path.read_text(encoding="utf-8")


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualified name, lines from `def` to its last line) of every function, nested too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, (node.end_lineno or node.lineno) - node.lineno + 1
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def _long_files() -> dict[str, int]:
    found = {}
    for name, text in _sources():
        lines = len(text.splitlines())
        if lines > MAX_FILE_LINES:
            found[name] = lines
    return found


def _long_functions() -> dict[str, int]:
    found = {}
    for name, text in _sources():
        for function, lines in _functions(ast.parse(text, filename=name)):
            if lines > MAX_FUNCTION_LINES:
                found[f"{name}:{function}"] = lines
    return found


def _check(long: dict[str, int], allowed: dict[str, str], fix: str, listed: str) -> None:
    unexplained = {name: lines for name, lines in long.items() if name not in allowed}
    assert not unexplained, f"{fix} (lines): {unexplained}"
    stale = sorted(set(allowed) - set(long))
    assert not stale, f"these are short now: take them out of {listed}: {stale}"


def test_no_file_in_bot_is_over_500_lines_without_a_reason() -> None:
    _check(_long_files(), LONG_FILES, "split these files by job", "LONG_FILES")


def test_no_function_in_bot_is_over_60_lines_without_a_reason() -> None:
    _check(_long_functions(), LONG_FUNCTIONS, "shorten these functions", "LONG_FUNCTIONS")


def test_the_rules_can_fail() -> None:
    long_one = "def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES
    class_method = "class C:\n    def g(self):\n        def inner():\n            pass\n"
    assert dict(_functions(ast.parse(long_one))) == {"f": MAX_FUNCTION_LINES + 1}
    assert dict(_functions(ast.parse(class_method))) == {"C.g": 3, "C.g.inner": 2}
    assert all(reason.strip() for reason in [*LONG_FILES.values(), *LONG_FUNCTIONS.values()])
