"""`orbit cohort` and `orbit grant`: cohorts, who is in them, who coordinates them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from bot.cli import options, output
from bot.cli.errors import BadInput, Failed
from bot.cli.options import (
    CohortOption,
    ConfigOption,
    DbOption,
    JsonOption,
    PlatformOption,
    TeamOption,
    UserOption,
)
from bot.cli.transactions import in_store

if TYPE_CHECKING:
    from bot.store.cohorts import CheckInRecord, CohortRecord, Recipient
    from bot.store.transactions import Transactions
    from bot.vocab.keys import ConversationKey

cohort_app = typer.Typer(help="Create cohorts and see who is in them.", no_args_is_help=True)
grant_app = typer.Typer(help="Give someone a coordinator or admin role.", no_args_is_help=True)
NameOption = Annotated[str, typer.Option(help="How students will see them named.")]


async def find(tx: Transactions, name: str) -> CohortRecord:
    """The cohort called `name`, or the sentence that says how to find the right one."""
    from bot.store import cohorts

    found = await tx.run(cohorts.find_cohort, name)
    if found is None:
        raise Failed(f"No cohort called {name!r}; `orbit cohort list` shows them.")
    return found


def when(c: CheckInRecord) -> str:
    """When a check-in goes out, as `cohort show` and `checkin list` print it."""
    return f"cron '{c.cron}' ({c.timezone})" if c.cron else f"once at {c.at:%Y-%m-%d %H:%M} UTC"


def check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as problem:
        raise BadInput(
            f"Unknown time zone {name!r}: use Area/City, e.g. America/Chicago."
        ) from problem
    return name


@cohort_app.command("create")
def cohort_create(
    name: Annotated[str, typer.Argument(help="A name coordinators will recognise.")],
    timezone: Annotated[str, typer.Option("--timezone", help="Area/City, e.g. America/Chicago.")],
    quiet_hours: Annotated[
        str, typer.Option("--quiet-hours", help="Local HH:MM-HH:MM with no messages; '' for none.")
    ] = "21:00-07:30",
    weekly_cap: Annotated[int, typer.Option(help="At most this many nudges a week.")] = 3,
    team: Annotated[
        str, typer.Option("--team", help="A Slack workspace id (T...): only its people join.")
    ] = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Create a cohort and print the code students join with."""
    from bot.schedule.policy import QuietHours
    from bot.store import cohorts
    from bot.vocab.records import utcnow

    check_zone(timezone)
    try:
        QuietHours.parse(quiet_hours)
    except ValueError as problem:
        raise BadInput(str(problem)) from problem

    async def work(tx: Transactions) -> CohortRecord:
        if await tx.run(cohorts.find_cohort, name):
            raise Failed(f"A cohort called {name!r} exists already.")
        return await tx.run(
            lambda conn: cohorts.create_cohort(
                conn,
                name=name,
                timezone=timezone,
                quiet_hours=quiet_hours,
                weekly_cap=weekly_cap,
                now=utcnow(),
                team=team,
            )
        )

    cohort = in_store(options.load(config, db), work)
    code = cohort.join_code
    output.say(f"Created {cohort.name}. Join code: ", bold=code)
    output.say(
        f"Students join with /join {code} (console), /start {code} "
        f"(Telegram deep link), /orbit join {code} (Slack)."
    )


@cohort_app.command("list")
def cohort_list(
    as_json: JsonOption = False, db: DbOption = None, config: ConfigOption = None
) -> None:
    """Every cohort with its code, time zone, quiet hours and size."""
    from bot.store import cohorts

    rows = in_store(options.load(config, db), lambda tx: tx.run(cohorts.list_cohorts))
    output.table(
        ("name", "join code", "time zone", "quiet hours", "weekly cap", "students", "workspace"),
        (
            (
                c.name,
                c.join_code,
                c.timezone,
                c.quiet_hours or "none",
                c.weekly_cap,
                members,
                c.team or "any",
            )
            for c, members in rows
        ),
        as_json=as_json,
    )


@cohort_app.command("show")
def cohort_show(name: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """One cohort's settings, coordinators and check-ins."""
    from bot.store import cohorts

    async def work(tx: Transactions) -> tuple[Any, ...]:
        cohort = await find(tx, name)
        members = await tx.run(cohorts.members, cohort.id)
        staff = await tx.run(cohorts.staff_of_cohort, cohort.id)
        checks = [c for c in await tx.run(cohorts.list_checkins) if c.cohort_id == cohort.id]
        return cohort, members, staff, checks

    cohort, members, staff, checks = in_store(options.load(config, db), work)
    output.say("", bold=cohort.name, then=f"  join code {cohort.join_code}")
    output.say(f"time zone {cohort.timezone}, quiet hours {cohort.quiet_hours or 'none'}")
    output.say(f"at most {cohort.weekly_cap} nudges a week; {len(members)} student(s)")
    if cohort.team:
        output.say(f"Slack workspace {cohort.team} only")
    names = ", ".join(f"{s.name or s.key}" for s in staff)
    output.say("coordinators: " + (names or "none yet"))
    for c in checks:
        output.say(f"check-in {c.id} ({c.status}): {when(c)}: {c.message[:60]}")


@cohort_app.command("members")
def cohort_members(
    name: str, as_json: JsonOption = False, db: DbOption = None, config: ConfigOption = None
) -> None:
    """The students in a cohort."""
    from bot.store import cohorts

    async def work(tx: Transactions) -> list[Recipient]:
        return await tx.run(cohorts.members, (await find(tx, name)).id)

    found = in_store(options.load(config, db), work)
    output.table(
        ("name", "platform", "user id"),
        ((m.name, m.key.platform, m.key.user) for m in found),
        as_json=as_json,
    )


@grant_app.command("coordinator")
def grant_coordinator(
    cohort: CohortOption,
    platform: PlatformOption,
    user: UserOption,
    team: TeamOption = None,
    name: NameOption = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Make someone a coordinator of one cohort (alerts, check-ins, reports)."""
    _grant("coordinator", cohort, options.student_key(platform, team, user), name, config, db)
    output.say(f"{name or user} ({platform}) is now a coordinator of {cohort}.")


@grant_app.command("admin")
def grant_admin(
    platform: PlatformOption,
    user: UserOption,
    team: TeamOption = None,
    name: NameOption = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Make someone an admin: alerted about students who have no coordinator."""
    _grant("admin", None, options.student_key(platform, team, user), name, config, db)
    output.say(f"{name or user} ({platform}) is now an admin.")


def _grant(
    role: str,
    cohort: str | None,
    key: ConversationKey,
    name: str,
    config: ConfigOption,
    db: DbOption,
) -> None:
    """Store one role grant: of a cohort (found by name, or an error) or, with none, global."""
    from bot.cli.audit import cli_actor
    from bot.store import audit, cohorts
    from bot.vocab.records import utcnow

    async def work(tx: Transactions) -> None:
        found = await find(tx, cohort) if cohort is not None else None
        person = workspace_key(key, found)
        now = utcnow()
        await tx.run(cohorts.grant, person, role, found.id if found else "", name, now)
        detail = role + (f" of cohort {found.name}" if found is not None else "")
        await tx.run(audit.record, cli_actor(), "grant", audit.staff_ref(person), detail, now)

    in_store(options.load(config, db), work)


def workspace_key(key: ConversationKey, cohort: CohortRecord | None) -> ConversationKey:
    """The grant's key in the cohort's workspace: a Slack person with no --team takes the
    cohort's; a coordinator of another workspace's cohort is refused."""
    if cohort is None or not cohort.team or key.platform != "slack":
        return key
    if not key.team:  # Slack's default team is "": none was given
        return type(key)(key.platform, cohort.team, key.user)
    if key.team != cohort.team:
        raise Failed(
            f"{cohort.name!r} belongs to Slack workspace {cohort.team}, not {key.team}: "
            "a coordinator sees only their own workspace's cohorts."
        )
    return key
