"""`orbit lessons`: work with lesson files."""

from __future__ import annotations

import typer

from bot.cli import options, output
from bot.cli.errors import FAILED
from bot.cli.options import ConfigOption

lessons_app = typer.Typer(help="Work with lesson files.", no_args_is_help=True)


@lessons_app.command("check")
def lessons_check(config: ConfigOption = None) -> None:
    """Validate every lesson file and template; problems are printed as file:line."""
    from bot.core.lesson_check import check_all
    from bot.support.resources import package_dir

    settings = options.load(config)
    problems = check_all(settings.lessons_dir, settings.prompts_dir, package_dir(), settings.locale)
    for found in problems:
        output.say(str(found))
    if problems:
        output.problem(f"{len(problems)} problem(s) found.")
        raise typer.Exit(FAILED)
    output.note("All lessons and templates look good.")
