"""`orbit cohort|grant|checkin|outbox|worker`: cohorts, roles, check-ins and delivery.

Mounted on the main app by `mount_schedule_commands(app)`. Every command opens the
store, does one thing in one transaction where it writes, and prints plainly.
"""

from __future__ import annotations

import asyncio
import csv
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.markup import escape as esc
from rich.progress import Progress
from rich.table import Table

from bot.config import Settings, load_settings
from bot.core.messages import ConversationKey, default_team
from bot.store import cohorts, outbox
from bot.store.db import NotMigratedError
from bot.store.transactions import Transactions
from bot.vocab.records import utcnow

T = TypeVar("T")
out = Console()
err = Console(stderr=True)

cohort_app = typer.Typer(help="Create cohorts and see who is in them.", no_args_is_help=True)
grant_app = typer.Typer(help="Give someone a coordinator or admin role.", no_args_is_help=True)
checkin_app = typer.Typer(help="Coordinators' check-ins to a cohort.", no_args_is_help=True)
outbox_app = typer.Typer(help="What Orbit has queued to send.", no_args_is_help=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL; default from config/ORBIT_DATABASE_URL.")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="A TOML settings file.")]
CohortOption = Annotated[str, typer.Option("--cohort", help="The cohort's name.")]
PlatformOption = Annotated[str, typer.Option("--platform", help="console, telegram or slack.")]
UserOption = Annotated[str, typer.Option("--user", help="The person's user id on the platform.")]
TeamOption = Annotated[
    str | None, typer.Option("--team", help="Workspace id (Slack); console: local.")
]


def mount_schedule_commands(app: typer.Typer) -> None:
    app.add_typer(cohort_app, name="cohort")
    app.add_typer(grant_app, name="grant")
    app.add_typer(checkin_app, name="checkin")
    app.add_typer(outbox_app, name="outbox")
    app.command("worker")(worker)


def _settings(config: Path | None, db: str | None) -> Settings:
    try:
        return load_settings(config, database_url=db)
    except FileNotFoundError as exc:
        err.print(f"[red]{esc(str(exc))}[/red]")
        raise typer.Exit(2) from exc


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]{esc(message)}[/red]")
    return typer.Exit(code)


def _in_store(settings: Settings, work: Callable[[Transactions], Awaitable[T]]) -> T:
    from bot.app import open_store

    async def go() -> T:
        async with open_store(settings) as store:
            tx = Transactions(store)
            try:
                return await work(tx)
            finally:
                await tx.close()

    try:
        return asyncio.run(go())
    except NotMigratedError as exc:
        raise _fail(str(exc)) from exc


def _check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _fail(f"Unknown time zone {name!r}: use Area/City, e.g. America/Chicago.", 2) from exc
    return name


def _key(platform: str, team: str | None, user: str) -> ConversationKey:
    return ConversationKey(platform, team if team is not None else default_team(platform), user)


async def _cohort(tx: Transactions, name: str) -> cohorts.CohortRecord:
    found = await tx.run(cohorts.find_cohort, name)
    if found is None:
        raise _fail(f"No cohort called {name!r}; `orbit cohort list` shows them.")
    return found


# --- cohorts ------------------------------------------------------------------------


@cohort_app.command("create")
def cohort_create(
    name: Annotated[str, typer.Argument(help="A name coordinators will recognise.")],
    timezone: Annotated[str, typer.Option("--timezone", help="Area/City, e.g. America/Chicago.")],
    quiet_hours: Annotated[
        str, typer.Option("--quiet-hours", help="Local HH:MM-HH:MM with no messages; '' for none.")
    ] = "21:00-07:30",
    weekly_cap: Annotated[int, typer.Option(help="At most this many nudges a week.")] = 3,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Create a cohort and print the code students join with."""
    from bot.schedule.policy import QuietHours

    _check_zone(timezone)
    try:
        QuietHours.parse(quiet_hours)
    except ValueError as exc:
        raise _fail(str(exc), 2) from exc

    async def work(tx: Transactions) -> cohorts.CohortRecord:
        if await tx.run(cohorts.find_cohort, name):
            raise _fail(f"A cohort called {name!r} exists already.")
        return await tx.run(
            lambda conn: cohorts.create_cohort(
                conn,
                name=name,
                timezone=timezone,
                quiet_hours=quiet_hours,
                weekly_cap=weekly_cap,
                now=utcnow(),
            )
        )

    cohort = _in_store(_settings(config, db), work)
    out.print(f"Created {esc(cohort.name)}. Join code: [bold]{esc(cohort.join_code)}[/bold]")
    out.print(
        esc(
            f"Students join with /join {cohort.join_code} (console), /start {cohort.join_code} "
            f"(Telegram deep link), /orbit join {cohort.join_code} (Slack)."
        )
    )


@cohort_app.command("list")
def cohort_list(db: DbOption = None, config: ConfigOption = None) -> None:
    """Every cohort with its code, time zone, quiet hours and size."""
    rows = _in_store(_settings(config, db), lambda tx: tx.run(cohorts.list_cohorts))
    table = Table("name", "join code", "time zone", "quiet hours", "weekly cap", "students")
    for cohort, members in rows:
        table.add_row(
            esc(cohort.name),
            esc(cohort.join_code),
            cohort.timezone,
            cohort.quiet_hours or "none",
            str(cohort.weekly_cap),
            str(members),
        )
    out.print(table)


@cohort_app.command("show")
def cohort_show(name: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """One cohort's settings, coordinators and check-ins."""

    async def work(tx: Transactions) -> tuple[Any, ...]:
        cohort = await _cohort(tx, name)
        members = await tx.run(cohorts.members, cohort.id)
        staff = await tx.run(cohorts.staff_of_cohort, cohort.id)
        checks = [c for c in await tx.run(cohorts.list_checkins) if c.cohort_id == cohort.id]
        return cohort, members, staff, checks

    cohort, members, staff, checks = _in_store(_settings(config, db), work)
    out.print(f"[bold]{esc(cohort.name)}[/bold]  join code {esc(cohort.join_code)}")
    out.print(f"time zone {cohort.timezone}, quiet hours {cohort.quiet_hours or 'none'}")
    out.print(f"at most {cohort.weekly_cap} nudges a week; {len(members)} student(s)")
    names = ", ".join(esc(f"{s.name or s.key}") for s in staff)
    out.print("coordinators: " + (names or "none yet"))
    for c in checks:
        out.print(esc(f"check-in {c.id} ({c.status}): {_when(c)}: {c.message[:60]}"))


@cohort_app.command("members")
def cohort_members(name: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """The students in a cohort."""

    async def work(tx: Transactions) -> list[cohorts.Recipient]:
        return await tx.run(cohorts.members, (await _cohort(tx, name)).id)

    table = Table("name", "platform", "user id")
    for m in _in_store(_settings(config, db), work):
        table.add_row(esc(m.name), esc(m.key.platform), esc(m.key.user))
    out.print(table)


# --- roles --------------------------------------------------------------------------


@grant_app.command("coordinator")
def grant_coordinator(
    cohort: CohortOption,
    platform: PlatformOption,
    user: UserOption,
    team: TeamOption = None,
    name: Annotated[str, typer.Option(help="How students will see them named.")] = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Make someone a coordinator of one cohort (alerts, check-ins, reports)."""

    async def work(tx: Transactions) -> None:
        found = await _cohort(tx, cohort)
        key = _key(platform, team, user)
        await tx.run(cohorts.grant, key, "coordinator", found.id, name, utcnow())

    _in_store(_settings(config, db), work)
    out.print(esc(f"{name or user} ({platform}) is now a coordinator of {cohort}."))


@grant_app.command("admin")
def grant_admin(
    platform: PlatformOption,
    user: UserOption,
    team: TeamOption = None,
    name: Annotated[str, typer.Option(help="How students will see them named.")] = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Make someone an admin: alerted about students who have no coordinator."""

    async def work(tx: Transactions) -> None:
        await tx.run(cohorts.grant, _key(platform, team, user), "admin", "", name, utcnow())

    _in_store(_settings(config, db), work)
    out.print(esc(f"{name or user} ({platform}) is now an admin."))


# --- check-ins ----------------------------------------------------------------------


def _when(c: cohorts.CheckInRecord) -> str:
    return f"cron '{c.cron}' ({c.timezone})" if c.cron else f"once at {c.at:%Y-%m-%d %H:%M} UTC"


def _parse_at(at: str, tz: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError as exc:
        raise _fail(f"--at must look like 2026-12-01T15:30, not {at!r}", 2) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed.astimezone(UTC)


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
    from bot.schedule.checkins import cron_trigger

    if (cron is None) == (at is None):
        raise _fail("Give exactly one of --cron or --at.", 2)
    if not message.strip():
        raise _fail("The --message must not be empty.", 2)

    async def work(tx: Transactions) -> cohorts.CheckInRecord:
        found = await _cohort(tx, cohort)
        if cron is not None:
            try:
                cron_trigger(cron, found.timezone)
            except ValueError as exc:
                raise _fail(f"Not a valid cron expression: {exc}", 2) from exc
        when = _parse_at(at, found.timezone) if at is not None else None
        return await tx.run(
            lambda conn: cohorts.create_checkin(
                conn,
                cohort_id=found.id,
                message=message.strip(),
                question=question.strip(),
                cron=cron or "",
                at=when,
                timezone=found.timezone,
                now=utcnow(),
            )
        )

    created = _in_store(_settings(config, db), work)
    out.print(esc(f"Check-in {created.id} for {cohort}: {_when(created)}."))


@checkin_app.command("list")
def checkin_list(db: DbOption = None, config: ConfigOption = None) -> None:
    """Every check-in that is not deleted."""

    async def work(tx: Transactions) -> list[tuple[cohorts.CheckInRecord, str]]:
        names = {c.id: c.name for c, _ in await tx.run(cohorts.list_cohorts)}
        return [(c, names.get(c.cohort_id, "?")) for c in await tx.run(cohorts.list_checkins)]

    table = Table("id", "cohort", "when", "status", "message", "question")
    for c, name in _in_store(_settings(config, db), work):
        table.add_row(
            *(esc(v) for v in (c.id, name, _when(c), c.status, c.message[:40], c.question[:40]))
        )
    out.print(table)


def _set_status(checkin_id: str, status: str, settings: Settings) -> int:
    async def work(tx: Transactions) -> int:
        if await tx.run(cohorts.get_checkin, checkin_id) is None:
            raise _fail(f"No check-in {checkin_id!r}; `orbit checkin list` shows them.")
        await tx.run(cohorts.set_checkin_status, checkin_id, status)
        if status == "deleted":
            return await tx.run(outbox.cancel_checkin, checkin_id)
        return 0

    return _in_store(settings, work)


@checkin_app.command("pause")
def checkin_pause(checkin_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Hold a check-in: nothing more of it is sent until it is resumed."""
    _set_status(checkin_id, "paused", _settings(config, db))
    out.print(f"Check-in {checkin_id} is paused.")


@checkin_app.command("resume")
def checkin_resume(checkin_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Start a paused check-in again."""
    _set_status(checkin_id, "active", _settings(config, db))
    out.print(f"Check-in {checkin_id} is active again.")


@checkin_app.command("delete")
def checkin_delete(checkin_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """Delete a check-in; anything of it still queued is not sent. Answers are kept."""
    cancelled = _set_status(checkin_id, "deleted", _settings(config, db))
    out.print(f"Check-in {checkin_id} is deleted; {cancelled} queued message(s) cancelled.")


@checkin_app.command("send-now")
def checkin_send_now(
    checkin_id: str,
    sender: Annotated[
        str, typer.Option(help="log, an http(s) endpoint, or 'platform' (registered senders).")
    ] = "log",
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
    from bot.app import open_coach
    from bot.app.worker import build_senders
    from bot.schedule import checkins
    from bot.schedule.dispatcher import Dispatcher, DispatchSettings
    from bot.schedule.worker import default_worker_id
    from bot.vocab.platforms import PLATFORMS

    settings = _settings(config, db)
    platform_list = [p for p in platforms.split(",") if p] or list(PLATFORMS)
    try:
        senders = build_senders(settings, sender, platform_list)
    except ValueError as exc:
        raise _fail(str(exc), 2) from exc

    async def go() -> tuple[int, int, int]:
        async with open_coach(settings) as coach:
            tx = Transactions(coach.store)
            try:
                checkin = await tx.run(cohorts.get_checkin, checkin_id)
                if checkin is None or checkin.status == "deleted":
                    raise _fail(f"No check-in {checkin_id!r}.")
                now = utcnow()
                queued, waiting = await tx.run(checkins.send_now, checkin_id, now)
                dispatcher = Dispatcher(
                    tx=tx,
                    coach=coach,
                    senders=senders,
                    worker=default_worker_id(),
                    settings=DispatchSettings(),
                )
                with Progress(console=err) as progress:
                    task = progress.add_task("sending", total=(queued + waiting) or None)
                    while claimed := await dispatcher.run_once():
                        progress.update(task, advance=claimed)
                return queued, waiting, dispatcher.stats.sent
            finally:
                await tx.close()
                for one in {id(s): s for s in senders.values()}.values():
                    close = getattr(one, "close", None)
                    if close is not None:
                        await close()

    try:
        queued, waiting, sent = asyncio.run(go())
    except NotMigratedError as exc:
        raise _fail(str(exc)) from exc
    out.print(
        f"Queued {queued} message(s); {waiting} already waiting (not queued again); "
        f"sent {sent} now (the rest wait for quiet hours or a student's pause; console "
        "students see theirs when they next open `orbit chat`)."
    )


@checkin_app.command("report")
def checkin_report(
    checkin_id: str,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV for a spreadsheet.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Who answered what, and who did not (the latest answer per student)."""

    async def work(tx: Transactions) -> list[dict[str, Any]]:
        if await tx.run(cohorts.get_checkin, checkin_id) is None:
            raise _fail(f"No check-in {checkin_id!r}.")
        return await tx.run(cohorts.responses, checkin_id)

    rows = _in_store(_settings(config, db), work)
    if as_csv:
        writer = csv.DictWriter(
            sys.stdout, fieldnames=["student", "platform", "user", "occurrence", "answer"]
        )
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table("student", "platform", "answer")
    for r in rows:
        answer = esc(r["answer"]) if r["answer"] is not None else "[dim](no answer)[/dim]"
        table.add_row(esc(r["student"]), esc(r["platform"]), answer)
    answered = sum(1 for r in rows if r["answer"] is not None)
    out.print(table)
    out.print(f"{answered} of {len(rows)} answered.")


# --- outbox and worker --------------------------------------------------------------


@outbox_app.command("status")
def outbox_status(db: DbOption = None, config: ConfigOption = None) -> None:
    """Counts by kind and status, and the rows parked as failed."""

    async def work(tx: Transactions) -> tuple[Any, Any]:
        return await tx.run(outbox.status_counts), await tx.run(outbox.failed_rows)

    counts, failed = _in_store(_settings(config, db), work)
    statuses = ["pending", "sent", "failed", "cancelled"]
    table = Table("kind", *statuses)
    for kind in sorted(counts):
        table.add_row(kind, *(str(counts[kind].get(s, 0)) for s in statuses))
    out.print(table)
    for row in failed:
        out.print(
            esc(f"failed {row['dedupe_key']} after {row['attempts']} tries: {row['last_error']}")
        )


def worker(
    worker_id: Annotated[
        str | None, typer.Option("--id", help="Name in leases (default host:pid).")
    ] = None,
    sender: Annotated[
        str, typer.Option(help="log, an http(s) endpoint, or 'platform' (registered senders).")
    ] = "log",
    platforms: Annotated[
        str, typer.Option(help="Comma-separated platforms this worker sends for.")
    ] = "telegram,slack",
    no_scheduler: Annotated[
        bool, typer.Option("--no-scheduler", help="Only send; another process runs the clock.")
    ] = False,
    batch: Annotated[int, typer.Option(help="Rows claimed at a time.")] = 50,
    in_flight: Annotated[
        int,
        typer.Option(help="Messages sent at once; a killed worker may double at most these."),
    ] = 4,
    lease: Annotated[float, typer.Option(help="Seconds a claim lasts.")] = 120.0,
    unpaced: Annotated[
        bool, typer.Option("--unpaced", help="No rate limits (local endpoints only).")
    ] = False,
    share: Annotated[
        int, typer.Option(help="Workers sending through one bot: each takes 1/N of the rate.")
    ] = 1,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Send what is due (and run the scheduler's clock unless --no-scheduler)."""
    from bot.adapters.library_logs import quiet_libraries
    from bot.app.worker import build_senders, run_worker
    from bot.schedule.dispatcher import DispatchSettings
    from bot.schedule.worker import default_worker_id

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    quiet_libraries()  # no message texts, no bot token in URLs from the platforms' libraries
    settings = _settings(config, db)
    try:
        senders = build_senders(settings, sender, [p for p in platforms.split(",") if p])
    except ValueError as exc:
        raise _fail(str(exc), 2) from exc
    try:
        asyncio.run(
            run_worker(
                settings,
                senders=senders,
                worker_id=worker_id or default_worker_id(),
                dispatch=DispatchSettings(
                    batch=batch, lease_seconds=lease, in_flight=max(in_flight, 1)
                ),
                scheduler=not no_scheduler,
                pacers={} if unpaced else None,
                share=max(share, 1),
            )
        )
    except NotMigratedError as exc:
        raise _fail(str(exc)) from exc


def main() -> None:  # pragma: no cover - `python -m bot.cli_schedule`, before it is mounted
    app = typer.Typer(no_args_is_help=True)
    mount_schedule_commands(app)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
