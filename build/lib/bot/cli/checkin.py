"""`orbit checkin`: coordinators' check-ins to a cohort, and who answered them."""

from __future__ import annotations

import asyncio
import csv
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from bot.cli import options, output
from bot.cli.cohort import find, when
from bot.cli.errors import BadInput, Failed
from bot.cli.options import CohortOption, ConfigOption, DbOption, JsonOption, SenderOption
from bot.cli.senders import Senders, build_senders
from bot.cli.transactions import in_store

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.cohorts import CheckInRecord
    from bot.store.transactions import Transactions

checkin_app = typer.Typer(help="Coordinators' check-ins to a cohort.", no_args_is_help=True)


def _parse_at(at: str, tz: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError as problem:
        raise BadInput(f"--at must look like 2026-12-01T15:30, not {at!r}") from problem
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed.astimezone(UTC)


def _check_cron(cron: str, timezone: str) -> None:
    from bot.schedule.checkins import cron_trigger

    try:
        cron_trigger(cron, timezone)
    except ValueError as problem:
        raise BadInput(f"Not a valid cron expression: {problem}") from problem


@checkin_app.command("create")
def checkin_create(
    cohort: CohortOption,
    message: Annotated[str, typer.Option("--message", help="What students receive.")],
    cron: Annotated[
        str | None, typer.Option("--cron", help='5-field crontab, e.g. "0 15 * * MON".')
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Once, local to the cohort: 2026-12-01T15:30.")
    ] = None,
    question: Annotated[
        str, typer.Option("--question", help="A question; replies are kept for the report.")
    ] = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Schedule a check-in (times are in the cohort's time zone)."""
    from bot.store import cohorts
    from bot.vocab.records import utcnow

    if (cron is None) == (at is None):
        raise BadInput("Give exactly one of --cron or --at.")
    if not message.strip():
        raise BadInput("The --message must not be empty.")

    async def work(tx: Transactions) -> CheckInRecord:
        found = await find(tx, cohort)
        if cron is not None:
            _check_cron(cron, found.timezone)
        moment = _parse_at(at, found.timezone) if at is not None else None
        return await tx.run(
            lambda conn: cohorts.create_checkin(
                conn,
                cohort_id=found.id,
                message=message.strip(),
                question=question.strip(),
                cron=cron or "",
                at=moment,
                timezone=found.timezone,
                now=utcnow(),
            )
        )

    created = in_store(options.load(config, db), work)
    output.say(f"Check-in {created.id} for {cohort}: {when(created)}.")


@checkin_app.command("list")
def checkin_list(
    as_json: JsonOption = False, db: DbOption = None, config: ConfigOption = None
) -> None:
    """Every check-in that is not deleted."""
    from bot.store import cohorts

    async def work(tx: Transactions) -> list[tuple[CheckInRecord, str]]:
        names = {c.id: c.name for c, _ in await tx.run(cohorts.list_cohorts)}
        return [(c, names.get(c.cohort_id, "?")) for c in await tx.run(cohorts.list_checkins)]

    rows = in_store(options.load(config, db), work)
    output.table(
        ("id", "cohort", "when", "status", "message", "question"),
        ((c.id, name, when(c), c.status, c.message[:40], c.question[:40]) for c, name in rows),
        as_json=as_json,
    )


def _set_status(checkin_id: str, status: str, settings: Settings) -> int:
    from bot.store import cohorts, outbox

    async def work(tx: Transactions) -> int:
        if await tx.run(cohorts.get_checkin, checkin_id) is None:
            raise Failed(f"No check-in {checkin_id!r}; `orbit checkin list` shows them.")
        await tx.run(cohorts.set_checkin_status, checkin_id, status)
        if status == "deleted":
            return await tx.run(outbox.cancel_checkin, checkin_id)
        return 0

    return in_store(settings, work)


@checkin_app.command("pause")
def checkin_pause(checkin_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Hold a check-in: nothing more of it is sent until it is resumed."""
    _set_status(checkin_id, "paused", options.load(config, db))
    output.say(f"Check-in {checkin_id} is paused.")


@checkin_app.command("resume")
def checkin_resume(checkin_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Start a paused check-in again."""
    _set_status(checkin_id, "active", options.load(config, db))
    output.say(f"Check-in {checkin_id} is active again.")


@checkin_app.command("delete")
def checkin_delete(checkin_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Delete a check-in; anything of it still queued is not sent. Answers are kept."""
    cancelled = _set_status(checkin_id, "deleted", options.load(config, db))
    output.say(f"Check-in {checkin_id} is deleted; {cancelled} queued message(s) cancelled.")


@checkin_app.command("send-now")
def checkin_send_now(
    checkin_id: str,
    sender: SenderOption = "log",
    platforms: Annotated[
        str, typer.Option(help="Comma-separated platforms to send for (e.g. telegram).")
    ] = "telegram,slack",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Send the check-in to its cohort now (quiet hours still apply).

    A student who still has this check-in waiting (held by quiet hours) gets that one,
    not a second. Console students see it when they next open `orbit chat`.
    """
    from bot.vocab.platforms import PLATFORMS

    settings = options.load(config, db)
    chosen = [p for p in platforms.split(",") if p] or list(PLATFORMS)
    senders = build_senders(settings, sender, chosen)
    queued, waiting, sent = asyncio.run(_send_now(settings, checkin_id, senders))
    output.say(
        f"Queued {queued} message(s); {waiting} already waiting (not queued again); "
        f"sent {sent} now (the rest wait for quiet hours or a student's pause; console "
        "students see theirs when they next open `orbit chat`)."
    )


async def _send_now(settings: Settings, checkin_id: str, senders: Senders) -> tuple[int, int, int]:
    """Queue the check-in for its cohort and send what may go now: (queued, waiting, sent)."""
    from bot.app import open_coach
    from bot.app.worker import close_senders
    from bot.schedule import checkins
    from bot.schedule.dispatcher import Dispatcher, DispatchSettings
    from bot.schedule.worker import default_worker_id
    from bot.store import cohorts
    from bot.store.transactions import Transactions
    from bot.vocab.records import utcnow

    async with open_coach(settings) as coach:
        tx = Transactions(coach.store)
        try:
            checkin = await tx.run(cohorts.get_checkin, checkin_id)
            if checkin is None or checkin.status == "deleted":
                raise Failed(f"No check-in {checkin_id!r}.")
            queued, waiting = await tx.run(checkins.send_now, checkin_id, utcnow())
            dispatcher = Dispatcher(
                tx=tx,
                coach=coach,
                senders=senders,
                worker=default_worker_id(),
                settings=DispatchSettings(),
            )
            with output.progress("sending", (queued + waiting) or None) as advance:
                while claimed := await dispatcher.run_once():
                    advance(claimed)
            return queued, waiting, dispatcher.stats.sent
        finally:
            await tx.close()
            await close_senders(senders)


@checkin_app.command("report")
def checkin_report(
    checkin_id: str,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV for a spreadsheet.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Who answered what, and who did not (the latest answer per student)."""
    from bot.store import cohorts

    async def work(tx: Transactions) -> list[dict[str, Any]]:
        if await tx.run(cohorts.get_checkin, checkin_id) is None:
            raise Failed(f"No check-in {checkin_id!r}.")
        return await tx.run(cohorts.responses, checkin_id)

    rows = in_store(options.load(config, db), work)
    if as_csv:
        writer = csv.DictWriter(
            sys.stdout, fieldnames=["student", "platform", "user", "occurrence", "answer"]
        )
        writer.writeheader()
        writer.writerows(rows)
        return
    if as_json:
        output.emit_json(rows)
        return
    output.table(
        ("student", "platform", "answer"),
        ((r["student"], r["platform"], r["answer"]) for r in rows),
        as_json=False,
        empty="(no answer)",
    )
    answered = sum(1 for r in rows if r["answer"] is not None)
    output.say(f"{answered} of {len(rows)} answered.")
