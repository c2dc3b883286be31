"""The package declares what it imports, and the lock file pins all of it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from bot.config import ROOT

OURS = {"bot", "tests"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_name(d) for d in project["dependencies"]}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _imported_top_levels() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - OURS - set(sys.stdlib_module_names)


def test_every_direct_import_is_a_declared_dependency() -> None:
    owners = packages_distributions()
    declared = _declared()
    missing = {
        module: owners.get(module)
        for module in _imported_top_levels()
        if not {_name(d) for d in owners.get(module, [module])} & declared
    }
    assert missing == {}
    assert {"numpy", "tzdata", "prometheus-client"} <= declared


def test_the_constraints_file_pins_every_dependency() -> None:
    pinned = {
        _name(line)
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert _declared() <= pinned
    assert all(
        "==" in line
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )


def test_the_container_files_say_what_ci_tests() -> None:
    """The Dockerfile cannot be built here; what it runs is what test_wheel.py runs."""
    import yaml

    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nUSER orbit\n" in dockerfile and "HEALTHCHECK" in dockerfile
    assert "orbit migrate" in dockerfile and 'CMD ["run", "telegram"]' in dockerfile
    assert "--constraint /tmp/constraints.txt" in dockerfile
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert set(compose["services"]) == {"db", "migrate", "bot", "worker"}
    env = compose["services"]["bot"]["environment"]
    assert env["ORBIT_TELEGRAM_TOKEN"].startswith("${ORBIT_TELEGRAM_TOKEN:?")  # never a value
    assert compose["services"]["migrate"]["entrypoint"] == ["orbit", "migrate"]
