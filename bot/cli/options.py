"""The options every command shares, and the settings they resolve to."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.errors import BadInput

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.messages import ConversationKey

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///path.db or postgresql://...); "
        "default from config or ORBIT_DATABASE_URL.",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="A TOML settings file (or ORBIT_CONFIG).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
CohortOption = Annotated[str, typer.Option("--cohort", help="The cohort's name.")]
PlatformOption = Annotated[str, typer.Option("--platform", help="console, telegram or slack.")]
UserOption = Annotated[str, typer.Option("--user", help="The person's user id on the platform.")]
TeamOption = Annotated[
    str | None, typer.Option("--team", help="Workspace id (Slack); console: local.")
]
NoSchedulerOption = Annotated[
    bool,
    typer.Option(
        "--no-scheduler",
        help="Only answer students: run the schedule (nudges, check-ins) elsewhere, "
        "with `orbit worker`.",
    ),
]
MetricsPortOption = Annotated[
    int | None,
    typer.Option(
        "--metrics-port",
        envvar="ORBIT_METRICS_PORT",
        help="Serve /healthz, /readyz and Prometheus /metrics on this port (or "
        "ORBIT_METRICS_PORT); off when unset.",
    ),
]
SenderOption = Annotated[
    str, typer.Option(help="log, an http(s) endpoint, or 'platform' (registered senders).")
]


def load(config: Path | None, db: str | None = None) -> Settings:
    """Settings from --config and --db over the files and ORBIT_* variables."""
    from pydantic import ValidationError

    from bot.config import load_settings

    try:
        return load_settings(config, database_url=db)
    except FileNotFoundError as problem:
        raise BadInput(str(problem)) from problem
    except tomllib.TOMLDecodeError as problem:
        raise BadInput(f"The settings file is not valid TOML: {problem}") from problem
    except ValidationError as problem:
        wrong = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in problem.errors()
        )
        raise BadInput(f"Settings are not valid: {wrong}") from problem


def student_key(platform: str, team: str | None, user: str) -> ConversationKey:
    """A person's key from --platform/--team/--user (the team defaults per platform)."""
    from bot.core.messages import ConversationKey, default_team

    return ConversationKey(platform, team if team is not None else default_team(platform), user)
