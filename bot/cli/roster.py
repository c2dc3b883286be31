"""`orbit cohort import | invite | rotate-code`: rosters in, invitations out.

Registered on `orbit cohort` (bot/cli/cohort.py's app) when the CLI is built.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import options, output
from bot.cli.cohort import cohort_app, find
from bot.cli.errors import BadInput, Failed
from bot.cli.options import ConfigOption, DbOption, JsonOption
from bot.cli.transactions import in_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.app.roster import RosterOutcome
    from bot.config import Settings
    from bot.insights.invitation import Invitation
    from bot.store.cohorts import CohortRecord
    from bot.store.transactions import Transactions
    from bot.support.roster_csv import Roster

BOT_ENV = "ORBIT_TELEGRAM_BOT_USERNAME"


@cohort_app.command("import")
def cohort_import(
    name: Annotated[str, typer.Argument(help="The cohort to invite them to.")],
    roster: Annotated[
        Path,
        typer.Argument(
            help="A CSV with a header row: name, and any of slack email, slack user id, "
            "telegram username (UTF-8 or Excel's CSV; commas or semicolons)."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Look everyone up, invite nobody.")
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Invite a class list: Slack students get a DM with a Join button (consent first)."""
    import asyncio

    from bot.support.roster_csv import RosterError, parse

    try:
        parsed = parse(roster.read_bytes())
    except OSError as problem:
        raise BadInput(f"Cannot read {roster}: {problem.strerror}") from problem
    except RosterError as problem:
        raise BadInput(f"{roster}: {problem}") from problem
    total = len(parsed.rows) + len(parsed.bad) + len(parsed.duplicates)
    settings = options.load(config, db)
    with output.progress("looking up" if dry_run else "inviting", total) as advance:
        outcome = asyncio.run(_import(settings, name, parsed, dry_run, advance))
    _summary(outcome, as_json)


async def _import(
    settings: Settings, name: str, parsed: Roster, dry_run: bool, advance: Callable[[int], None]
) -> RosterOutcome:
    from bot.adapters.slack.roster import RosterSlackError
    from bot.app.roster import import_roster

    try:
        return await import_roster(settings, name, parsed, dry_run=dry_run, advance=advance)
    except LookupError as problem:
        raise Failed(str(problem)) from problem
    except RosterSlackError as problem:
        raise Failed(str(problem)) from problem


def _summary(outcome: RosterOutcome, as_json: bool) -> None:
    if as_json:
        output.emit_json(
            {
                "dry_run": outcome.dry_run,
                "counts": outcome.counts(),
                "not_found_lines": outcome.not_found,
                "bad_rows": [{"line": line, "why": why} for line, why in outcome.bad],
                "duplicates": [{"line": a, "same_as": b} for a, b in outcome.duplicates],
            }
        )
        return
    if outcome.dry_run:
        output.say("Dry run: nobody was invited.")
    for label, count in outcome.counts().items():
        output.say(f"{label}: {count}")
    if outcome.not_found:
        output.say("not found on lines " + ", ".join(map(str, outcome.not_found)))
    for line, why in outcome.bad:
        output.say(f"line {line}: {why}")
    for line, first in outcome.duplicates:
        output.say(f"line {line}: the same student as line {first}")


@cohort_app.command("invite")
def cohort_invite(
    name: Annotated[str, typer.Argument(help="The cohort.")],
    qr: Annotated[
        Path | None, typer.Option("--qr", help="Write the invitation as a PNG picture.")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write it as a one-page PDF.")] = None,
    bot_name: Annotated[
        str | None,
        typer.Option("--bot", help=f"The Telegram bot's username (or {BOT_ENV})."),
    ] = None,
    program: Annotated[str, typer.Option(help="The program's name, as a heading.")] = "Orbit",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """A printable invitation: the program, the Telegram deep link and its QR code."""
    from bot.insights.invitation import deep_link, write_pdf, write_png

    if (qr is None) == (pdf is None):
        raise BadInput("Give one of --qr FILE.png or --pdf FILE.pdf.")
    username = (bot_name or os.environ.get(BOT_ENV, "")).strip().removeprefix("@")
    if not username:
        raise BadInput(f"Give the Telegram bot's username with --bot (or set {BOT_ENV}).")
    cohort = in_store(options.load(config, db), lambda tx: find(tx, name))
    if cohort.team:
        raise Failed(
            f"{cohort.name!r} belongs to Slack workspace {cohort.team}: Telegram students "
            "cannot join it. Invite its students with `orbit cohort import`."
        )
    try:
        link = deep_link(username, cohort.join_code)
    except ValueError as problem:
        raise BadInput(str(problem)) from problem
    invitation = _invitation(options.load(config, db), program, cohort.name, link)
    target = qr or pdf
    assert target is not None
    (write_png if qr is not None else write_pdf)(invitation, target)
    output.wrote(target)
    output.say(link)


@cohort_app.command("rotate-code")
def cohort_rotate_code(name: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Give a cohort a new join code; the old one then says it has changed."""
    from bot.store.join_codes import rotate_code
    from bot.vocab.records import utcnow

    async def work(tx: Transactions) -> tuple[CohortRecord, str]:
        cohort = await find(tx, name)
        return cohort, await tx.run(rotate_code, cohort.id, utcnow())

    cohort, code = in_store(options.load(config, db), work)
    output.say(f"{cohort.name}'s new join code: ", bold=code)
    output.say(f"The old code {cohort.join_code} now tells students to ask you for the new one.")


def _invitation(settings: Settings, program: str, cohort: str, link: str) -> Invitation:
    """The page's words, from templates (so a program's locale prints its own)."""
    from bot.core.messages import Markup
    from bot.core.templates import Prompts
    from bot.insights.invitation import Invitation

    prompts = Prompts(settings.prompts_dir, settings.locale)
    about = prompts.render("cli/invitation_about", Markup.PLAIN)
    return Invitation(
        program=program,
        join=prompts.render("cli/invitation_join", Markup.PLAIN, cohort=cohort),
        link=link,
        scan=prompts.render("cli/invitation_scan", Markup.PLAIN),
        about=tuple(line for line in about.splitlines() if line.strip()),
    )
