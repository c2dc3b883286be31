"""One exit code for each kind of trouble, whichever command meets it (`orbit --help`
lists them): a coordinator's script can tell "fix the command" (2) from "it could not be
done" (1), and no mistake a person can fix ends in a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.errors import BAD_INPUT, EXIT_CODES, FAILED, INTERRUPTED, exit_code_for
from bot.store.db import NotMigratedError
from tests.support.cli import ORBIT, orbit


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """`orbit ARGS` in this process; (exit code, what it said on stderr)."""
    result = CliRunner().invoke(app, list(args), env=env)
    assert not isinstance(result.exception, AssertionError), result.exception
    return result.exit_code, result.stderr


@pytest.fixture
def unmigrated(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'new.db'}"


def test_help_lists_every_exit_code() -> None:
    result = orbit("--help")
    assert result.returncode == 0
    said = " ".join(result.stdout.replace("│", " ").split())
    assert "Exit codes:" in said
    for code, meaning in EXIT_CODES.items():
        assert f"{code} {meaning.split(':')[0].split('(')[0].strip()}" in said


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--user", "ana"],
        ["cohort", "list"],
        ["report", "--cohort", "Room 12"],
        ["checkin", "pause", "abc"],
    ],
)
def test_a_database_that_needs_migrate_is_failed_everywhere(
    command: list[str], unmigrated: str
) -> None:
    code, said = invoke(*command, "--db", unmigrated)
    assert code == FAILED
    assert "Run `orbit migrate`" in said and "Traceback" not in said


def test_slack_on_an_unmigrated_database_says_so_with_the_same_code(
    unmigrated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It exited 2 while everything else exited 1."""
    monkeypatch.setenv("ORBIT_SLACK_BOT_TOKEN", "xoxb-not-used")
    monkeypatch.setenv("ORBIT_SLACK_APP_TOKEN", "xapp-not-used")
    monkeypatch.setenv("ORBIT_SLACK_API_URL", "http://127.0.0.1:9/api/")
    code, said = invoke("run", "slack", "--db", unmigrated)
    assert code == FAILED and "Run `orbit migrate`" in said


def test_a_missing_settings_file_is_bad_input(tmp_path: Path) -> None:
    code, said = invoke("lessons", "check", "--config", str(tmp_path / "nope.toml"))
    assert code == BAD_INPUT and "nope.toml does not exist" in said


def test_a_settings_file_that_is_not_toml_is_bad_input(tmp_path: Path) -> None:
    config = tmp_path / "orbit.toml"
    config.write_text("locale = en\n")  # unquoted
    code, said = invoke("lessons", "check", "--config", str(config))
    assert code == BAD_INPUT and "not valid TOML" in said


def test_a_setting_of_the_wrong_kind_is_bad_input_and_named(tmp_path: Path) -> None:
    config = tmp_path / "orbit.toml"
    config.write_text('max_message_chars = "lots"\n')
    result = orbit("cohort", "list", "--config", str(config))
    assert result.returncode == BAD_INPUT
    assert "max_message_chars" in result.stderr and "Traceback" not in result.stderr


def test_a_value_the_command_cannot_use_is_bad_input(db: str) -> None:
    code, said = invoke("cohort", "create", "Room 12", "--timezone", "Mars/Olympus", "--db", db)
    assert code == BAD_INPUT and "Unknown time zone 'Mars/Olympus'" in said
    code, said = invoke("worker", "--platforms", "console", "--db", db)
    assert code == BAD_INPUT and "workers do not send to the console" in said


def test_a_usage_mistake_is_bad_input_too(db: str) -> None:
    code, said = invoke("cohort", "create", "Room 12", "--db", db)
    assert code == BAD_INPUT and "Missing option '--timezone'" in said
    code, _ = invoke("cohort", "create", "X", "--timezone", "UTC", "--weekly-cap", "a lot")
    assert code == BAD_INPUT


def test_a_name_that_is_not_there_is_failed(db: str) -> None:
    code, said = invoke("report", "--cohort", "Room 99", "--db", db)
    assert code == FAILED and "No cohort called 'Room 99'" in said
    code, said = invoke("checkin", "delete", "nope", "--db", db)
    assert code == FAILED and "No check-in 'nope'" in said
    code, said = invoke("cohort", "create", "Room 12", "--timezone", "UTC", "--db", db)
    assert code == 0, said
    code, said = invoke("cohort", "create", "Room 12", "--timezone", "UTC", "--db", db)
    assert code == FAILED and "exists already" in said


def test_ctrl_c_in_a_chat_is_interrupted(db: str) -> None:
    process = subprocess.Popen(
        [*ORBIT, "chat", "--user", "ana", "--db", db],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("hi\n")
    process.stdin.flush()
    assert "Orbit" in process.stdout.readline()  # it is chatting
    process.send_signal(signal.SIGINT)
    _, said = process.communicate(timeout=30)
    assert process.returncode == INTERRUPTED
    assert "Traceback" not in said


def test_the_map_is_the_only_place_a_code_is_chosen() -> None:
    assert exit_code_for(NotMigratedError("run orbit migrate")) == FAILED
    assert exit_code_for(ValueError("a bug")) is None  # a bug keeps its traceback
    assert sys.modules["bot.cli.errors"].EXIT_CODES.keys() == {0, FAILED, BAD_INPUT, INTERRUPTED}
