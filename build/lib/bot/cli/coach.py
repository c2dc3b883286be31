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
EMAIL_PURPOSES = (
    "informational", "recommendation", "thank_you", "job_inquiry", "teacher_help", "follow_up"
)  # fmt: skip
EMAIL_AUDIENCES = ("school_staff", "professional", "family_friend")


@coach_app.command("email")
def coach_email(
    source: Annotated[
        str, typer.Argument(help="A file with the draft, or - for standard input.")
    ] = "-",
    as_json: JsonOption = False,
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
    are inferred from the draft unless given; exit 1: not ready yet)."""
    from bot.coaching.email import review_email, review_to_dict
    from bot.core.messages import Markup
    from bot.core.templates import Prompts

    text = _read_draft(source)
    for value, allowed in ((purpose, EMAIL_PURPOSES), (audience, EMAIL_AUDIENCES)):
        if value is not None and value not in allowed:
            raise BadInput(f"{value!r} is not one of: {', '.join(allowed)}")
    review = review_email(text, student_name=name, purpose=purpose, audience=audience)
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
