"""One mapping from what went wrong to the exit code `orbit` ends with.

A command raises `Failed` or `BadInput` with one sentence for the person at the
terminal; `OrbitGroup`, the root of the command tree, prints that sentence on stderr
and exits with the code below. The few commands that end with a code themselves
(`orbit coach email` ready or not, like a linter; `orbit lessons check`; a second
Ctrl-C in `orbit run telegram`) use these same constants.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

DONE = 0
FAILED = 1
BAD_INPUT = 2
INTERRUPTED = 130

EXIT_CODES: dict[int, str] = {
    DONE: "done (`orbit coach email`: the email is ready to send).",
    FAILED: "it could not be done or found a problem: nothing by that name (student, "
    "cohort, check-in), problems in lessons, an email not ready yet, a database that "
    "needs `orbit migrate`, or a platform that refused the token or could not be reached.",
    BAD_INPUT: "the command was not given what it needs: a bad option or argument, a "
    "settings file that is missing or wrong, a token variable that is not set.",
    INTERRUPTED: "stopped with Ctrl-C.",
}

EPILOG = "Exit codes:\n\n" + "\n\n".join(
    f"{code}  {meaning}" for code, meaning in EXIT_CODES.items()
)


class CommandError(Exception):
    """A sentence for the person at the terminal; the class says which exit code."""

    exit_code = FAILED


class Failed(CommandError):
    """The command ran and could not do what was asked (exit 1)."""

    exit_code = FAILED


class BadInput(CommandError):
    """The command was not given what it needs: options, settings, tokens (exit 2)."""

    exit_code = BAD_INPUT


def exit_code_for(error: BaseException) -> int | None:
    """The exit code for an error a person can fix, or None for a bug (a traceback)."""
    from bot.store.db import NotMigratedError

    if isinstance(error, CommandError):
        return error.exit_code
    if isinstance(error, NotMigratedError):
        return FAILED
    return None


class OrbitGroup(TyperGroup):
    """The root command: every subcommand runs inside `invoke`, so errors meet one map."""

    def invoke(self, ctx: Any) -> Any:
        from bot.cli.output import problem

        try:
            return super().invoke(ctx)
        except Exception as error:
            code = exit_code_for(error)
            if code is None:
                raise
            problem(str(error))
            raise typer.Exit(code) from error
