"""Every command's help renders, and the list commands give JSON to a script (--json)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.cli import orbit

GROUPS = {
    "lessons": ["check"],
    "coach": ["email"],
    "run": ["telegram", "slack"],
    "cohort": ["create", "list", "show", "members"],
    "grant": ["coordinator", "admin"],
    "checkin": ["create", "list", "pause", "resume", "delete", "send-now", "report"],
    "outbox": ["status"],
}
COMMANDS = ["chat", "migrate", "export", "report", "worker"]


def test_the_installed_help_names_every_command_and_group() -> None:
    result = orbit("--help")
    assert result.returncode == 0, result.stderr
    for name in [*COMMANDS, *GROUPS]:
        assert re.search(rf"│ {name}\b", result.stdout), name


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_lists_its_commands(group: str) -> None:
    result = CliRunner().invoke(app, [group, "--help"])
    assert result.exit_code == 0, result.output
    for command in GROUPS[group]:
        assert command in result.stdout
        shown = CliRunner().invoke(app, [group, command, "--help"])
        assert shown.exit_code == 0 and "Usage:" in shown.stdout, (group, command)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_the_shared_options_read_the_same_everywhere() -> None:
    for args in (["chat"], ["cohort", "list"], ["run", "slack"], ["worker"]):
        shown = " ".join(CliRunner().invoke(app, [*args, "--help"]).stdout.split())
        assert "--db" in shown and "--config" in shown, args
        assert "A TOML settings file (or ORBIT_CONFIG)" in shown.replace("│", "")


def test_lists_as_json_for_a_script(db: str) -> None:
    made = orbit("cohort", "create", "Room [12]", "--timezone", "America/Chicago", "--db", db)
    assert made.returncode == 0, made.stderr
    code = re.search(r"Join code: (\w+)", made.stdout).group(1)  # type: ignore[union-attr]
    created = orbit(
        "checkin", "create", "--cohort", "Room [12]", "--at", "2026-12-01T15:30",
        "--message", "How was your week?", "--db", db,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr

    [cohort] = json.loads(orbit("cohort", "list", "--json", "--db", db).stdout)
    assert cohort == {
        "name": "Room [12]",
        "join code": code,
        "time zone": "America/Chicago",
        "quiet hours": "21:00-07:30",
        "weekly cap": 3,
        "students": 0,
        "workspace": "any",
    }
    assert json.loads(orbit("cohort", "members", "Room [12]", "--json", "--db", db).stdout) == []
    [checkin] = json.loads(orbit("checkin", "list", "--json", "--db", db).stdout)
    assert checkin["cohort"] == "Room [12]" and checkin["when"] == "once at 2026-12-01 21:30 UTC"
    status = json.loads(orbit("outbox", "status", "--json", "--db", db).stdout)
    assert status == {"counts": {}, "failed": []}
