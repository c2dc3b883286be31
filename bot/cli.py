"""The `orbit` command: chat in the terminal, migrate, check lessons, export data."""

from __future__ import annotations

import asyncio
import getpass
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape as esc

from bot import __version__
from bot.adapters.slack.command import slack
from bot.adapters.telegram.command import telegram
from bot.cli_schedule import mount_schedule_commands
from bot.config import ROOT, Settings, load_settings
from bot.store.db import NotMigratedError

app = typer.Typer(
    help="Orbit: a coach for students' networking skills, in the terminal, Slack or Telegram.",
    no_args_is_help=True,
    add_completion=False,
)
lessons_app = typer.Typer(help="Work with lesson files.", no_args_is_help=True)
app.add_typer(lessons_app, name="lessons")
coach_app = typer.Typer(help="Try the coach's checks from the command line.", no_args_is_help=True)
app.add_typer(coach_app, name="coach")
run_app = typer.Typer(help="Run Orbit on a chat platform.", no_args_is_help=True)
app.add_typer(run_app, name="run")
run_app.command("telegram")(telegram)
run_app.command("slack")(slack)
mount_schedule_commands(app)
err = Console(stderr=True)

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


def _settings(config: Path | None, db: str | None) -> Settings:
    try:
        return load_settings(config, database_url=db)
    except FileNotFoundError as exc:
        err.print(f"[red]{esc(str(exc))}[/red]")
        raise typer.Exit(2) from exc


def _run(coro: object) -> None:
    try:
        asyncio.run(coro)  # type: ignore[arg-type]
    except NotMigratedError as exc:
        err.print(f"[red]{esc(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


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


@app.command()
def chat(
    user: Annotated[
        str | None, typer.Option("--user", help="Who is chatting (default: your login name).")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Chat with the coach in this terminal (piped input: one message per line)."""
    from bot.adapters.console import ConsoleAdapter, ConsoleSender, console_key
    from bot.app import open_coach
    from bot.schedule.waiting import deliver_waiting

    settings = _settings(config, db)
    name = user or getpass.getuser() or "student"

    async def go() -> None:
        async with open_coach(settings) as coach:
            key = console_key(name)

            async def waiting(sender: ConsoleSender) -> int:  # nudges, check-ins queued
                return await deliver_waiting(coach, key, sender)

            await ConsoleAdapter(coach, user=name, on_start=waiting).run()

    _run(go())


@app.command()
def migrate(db: DbOption = None, config: ConfigOption = None) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from bot.store.migrate import upgrade

    settings = _settings(config, db)
    upgrade(settings.database_url)
    err.print(f"Database is up to date: {esc(_safe_url(settings.database_url))}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def export(
    user: Annotated[str, typer.Option("--user", help="The student's user id on the platform.")],
    platform: Annotated[str, typer.Option(help="console, telegram or slack.")] = "console",
    team: Annotated[str | None, typer.Option(help="Workspace/team id (console: local).")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Print everything stored about one student, as JSON."""
    from bot.app import open_store
    from bot.core.messages import ConversationKey, default_team

    settings = _settings(config, db)
    key = ConversationKey(
        platform=platform,
        team=team if team is not None else default_team(platform),
        user=user,
    )

    async def go() -> None:
        async with open_store(settings) as store:
            data = await store.export(key)
        if data is None:
            err.print(esc(f"No student {user!r} on {platform}: nothing is stored about them."))
            raise typer.Exit(1)
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")

    _run(go())


EMAIL_PURPOSES = (
    "informational", "recommendation", "thank_you", "job_inquiry", "teacher_help", "follow_up"
)  # fmt: skip
EMAIL_AUDIENCES = ("school_staff", "professional", "family_friend")


@coach_app.command("email")
def coach_email(
    source: Annotated[
        str, typer.Argument(help="A file with the draft, or - for standard input.")
    ] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    name: Annotated[
        str | None, typer.Option("--name", help="The student's full name, to check the sign-off.")
    ] = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help=f"One of: {', '.join(EMAIL_PURPOSES)}.")
    ] = None,
    audience: Annotated[
        str | None, typer.Option("--audience", help=f"One of: {', '.join(EMAIL_AUDIENCES)}.")
    ] = None,
) -> None:
    """Review an outreach email with the same rubric the coach uses (purpose and audience
    are inferred from the draft unless given)."""
    from bot.coaching.email import review_email, review_to_dict
    from bot.core.messages import Markup
    from bot.core.templates import Prompts

    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            err.print(f"[red]No such file: {esc(source)}[/red] (use - to read standard input)")
            raise typer.Exit(2)
        text = path.read_text(encoding="utf-8", errors="replace")
    for value, allowed in ((purpose, EMAIL_PURPOSES), (audience, EMAIL_AUDIENCES)):
        if value is not None and value not in allowed:
            err.print(f"[red]{esc(value)!r} is not one of: {', '.join(allowed)}[/red]")
            raise typer.Exit(2)
    review = review_email(text, student_name=name, purpose=purpose, audience=audience)
    result = review_to_dict(review)
    if as_json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        settings = _settings(None, None)
        prompts = Prompts(settings.prompts_dir, settings.locale)
        print(
            prompts.render(
                "cli/email_review", Markup.PLAIN, result=result, language_ok=review.language_ok
            )
        )
    raise typer.Exit(0 if review.ready else 1)


@app.command()
def report(
    cohort: Annotated[str, typer.Option("--cohort", help="The cohort's name or join code.")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write one row per student to this CSV file.")
    ] = None,
    png_path: Annotated[
        Path | None,
        typer.Option("--png", help="Also write a one-page chart sheet to this PNG file."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """A cohort's network measures: who grows, and who may be left out."""
    from rich.console import Console

    from bot.app import open_store
    from bot.core.lessons import load_catalog
    from bot.insights.cohort_report import build_cohort_report
    from bot.insights.report import render_chart_sheet, report_group, write_csv
    from bot.store.cohorts import find_cohort
    from bot.vocab.records import utcnow

    settings = _settings(config, db)
    options = load_catalog(settings.lessons_dir).options

    async def go() -> None:
        async with open_store(settings) as store:
            found = await store.read(find_cohort, cohort)
            if found is None:
                err.print(
                    f"[red]No cohort called {esc(repr(cohort))}.[/red] "
                    "`orbit cohort list` shows them."
                )
                raise typer.Exit(1)
            now = utcnow()
            result = await build_cohort_report(store, found.id, options=options, at=now)
        Console().print(report_group(result.summary, result.rows, cohort=found.name, at=now))
        if csv_path is not None:
            write_csv(result.rows, csv_path)
            err.print(f"Wrote {esc(str(csv_path))}")
        if png_path is not None:
            render_chart_sheet(
                result.summary, result.rows, png_path, trend=result.trend, cohort=found.name, at=now
            )
            err.print(f"Wrote {esc(str(png_path))}")

    _run(go())


@lessons_app.command("check")
def lessons_check(config: ConfigOption = None) -> None:
    """Validate every lesson file and template; problems are printed as file:line."""
    from bot.core.lesson_check import check_all

    settings = _settings(config, None)
    problems = check_all(settings.lessons_dir, settings.prompts_dir, ROOT / "bot", settings.locale)
    for problem in problems:
        print(problem)
    if problems:
        err.print(f"[red]{len(problems)} problem(s) found.[/red]")
        raise typer.Exit(1)
    err.print("All lessons and templates look good.")
