"""The `orbit` command: one typer app, one module per command group.

`options` holds what every command shares (--db, --config, --json), `errors` the one
map from what went wrong to an exit code (shown in `orbit --help`), `output` the one
way to print. Commands import the rest of Orbit inside their functions, so
`orbit --help` stays quick.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot import __version__
from bot.cli.audit import audit
from bot.cli.chat import chat
from bot.cli.checkin import checkin_app
from bot.cli.coach import coach_app
from bot.cli.cohort import cohort_app, grant_app
from bot.cli.dashboard import dashboard_app
from bot.cli.database import migrate
from bot.cli.errors import EPILOG, OrbitGroup
from bot.cli.lessons import lessons_app
from bot.cli.outbox import outbox_app
from bot.cli.report import report
from bot.cli.roster import cohort_import  # registers cohort import / invite / rotate-code
from bot.cli.run import run_app
from bot.cli.students import delete, export
from bot.cli.worker import worker

app = typer.Typer(
    cls=OrbitGroup,
    help="Orbit: a coach for students' networking skills, in the terminal, Slack or Telegram.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"orbit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Orbit: a coach for students' networking skills."""


app.command()(chat)
app.command()(migrate)
app.command()(export)
app.command()(delete)
app.command()(report)
app.command()(worker)
app.command()(audit)
app.add_typer(lessons_app, name="lessons")
app.add_typer(coach_app, name="coach")
app.add_typer(run_app, name="run")
app.add_typer(cohort_app, name="cohort")
app.add_typer(grant_app, name="grant")
app.add_typer(checkin_app, name="checkin")
app.add_typer(outbox_app, name="outbox")
app.add_typer(dashboard_app, name="dashboard")

__all__ = ["app", "cohort_import"]
