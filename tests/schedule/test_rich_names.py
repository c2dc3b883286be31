"""Student text that looks like Rich markup (`[/]`, `[bold]`) is printed as typed by
`orbit cohort members` and `orbit checkin report`, never read as markup (which crashed)."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner

from bot.cli import app
from bot.schedule import checkins
from bot.store import cohorts
from tests.support.chat import Chat
from tests.support.schedule import join, make_cohort

NAME = "[/]"  # Chat names a student after their user id
ANSWER = "[bold]Coach Dee[/] helped [/red] me"


def _orbit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output + (repr(result.exception) if result.exception else "")


async def test_markup_in_names_and_answers_is_printed_as_typed(
    tx, scoach, dispatcher, clock, database_url: str
) -> None:
    cohort = await make_cohort(tx, clock, name="Room [12]")
    (student,) = await join(scoach, cohort, NAME)
    assert isinstance(student, Chat)
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn,
            cohort_id=cohort.id,
            message="Quick check-in.",
            question="Who helped you?",
            cron="",
            at=clock(),
            timezone=cohort.timezone,
            now=clock(),
        )
    )
    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    assert "saved for your coordinator" in await student.say(ANSWER)

    code, members = await asyncio.to_thread(
        _orbit, "cohort", "members", cohort.name, "--db", database_url
    )
    assert code == 0, members
    assert NAME in members

    code, report = await asyncio.to_thread(
        _orbit, "checkin", "report", checkin.id, "--db", database_url
    )
    assert code == 0, report
    assert NAME in report and "[bold]Coach" in report and "[/red]" in report

    code, shown = await asyncio.to_thread(
        _orbit, "cohort", "show", cohort.name, "--db", database_url
    )
    assert code == 0, shown
    assert "Room [12]" in shown
