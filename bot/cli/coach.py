"""`orbit coach`: the coach's checks from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli import options, output
from bot.cli.errors import DONE, FAILED, BadInput
from bot.cli.options import JsonOption

coach_app = typer.Typer(help="Try the coach's checks from the command line.", no_args_is_help=True)


@coach_app.command("email")
def coach_email(
    source: Annotated[
        str, typer.Argument(help="A file with the draft, or - for standard input.")
    ] = "-",
    as_json: JsonOption = False,
    name: Annotated[
        str | None, typer.Option("--name", help="The student's full name, to check the sign-off.")
    ] = None,
) -> None:
    """Review an outreach email with the same rubric the coach uses (exit 1: not ready yet)."""
    from bot.coaching.email_rubric import review_email, review_to_dict
    from bot.core.messages import Markup
    from bot.core.templates import Prompts

    review = review_email(_read_draft(source), student_name=name)
    result = review_to_dict(review)
    if as_json:
        output.emit_json(result)
    else:
        settings = options.load(None)
        prompts = Prompts(settings.prompts_dir, settings.locale)
        output.say(
            prompts.render(
                "cli/email_review", Markup.PLAIN, result=result, language_ok=review.language_ok
            )
        )
    raise typer.Exit(DONE if review.ready else FAILED)


def _read_draft(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise BadInput(f"No such file: {source} (use - to read standard input)")
    return path.read_text(encoding="utf-8", errors="replace")
