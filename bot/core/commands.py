"""Commands a student can send at any time (`/map`, `/add`, `/delete` ...).

The core owns them; adapters only map platform forms (Telegram's `/cmd@bot`,
Slack's `/orbit cmd`) onto `/cmd args`. A command either answers at once and
then repeats the pending question, or starts a short flow (a lesson that is not
listed) on top of the current lesson, which resumes when the flow ends.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.core import (
    alerts,
    preferences,  # noqa: F401  (registers the /language and /timezone flows)
)
from bot.core.mapview import build_map_view
from bot.core.messages import Inbound, default_team
from bot.core.turn import Turn
from bot.store.cohorts import CohortRecord
from bot.support.redact import hashed
from bot.vocab.changes import Audited, GrantRole, JoinCohort, SetOptedOut, SetPaused
from bot.vocab.platforms import PLATFORMS

SIGN_IN_TTL = timedelta(minutes=15)  # a dashboard link works once, this long

log = logging.getLogger(__name__)

# Typed on their own, these stop all nudges and check-ins (as /stop does).
STOP_WORDS = frozenset(
    {"stop", "unsubscribe", "stop all", "stopall", "unsubscribe me", "parar", "ya no me escribas"}
)

Handler = Callable[[Turn, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    before_consent: bool = False  # may run before the student said yes (nothing stored)


COMMANDS: dict[str, Command] = {}
# A command's name in another language ("mapa" -> "map"), from the locales' menus
# (`means:` in prompts/<locale>/command_menu.yaml); every name works for everyone.
ALIASES: dict[str, str] = {}


def learn_aliases(pairs: Iterable[tuple[str, str]]) -> None:
    """Take (name, command) pairs from a locale's menu; a name that is a command of
    its own keeps its meaning."""
    for name, means in pairs:
        if name != means and name not in COMMANDS:
            ALIASES[name] = means


def command(name: str, *, before_consent: bool = False) -> Callable[[Handler], Handler]:
    """Register `/name`; the command menu (prompts/<locale>/command_menu.yaml) lists it."""

    def register(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"command /{name} is registered twice")
        COMMANDS[name] = Command(name, handler, before_consent)
        return handler

    return register


def parse_command(text: str) -> tuple[str, str] | None:
    """`/Edit@OrbitBot  Maria ` -> ("edit", "Maria"), `/mapa` -> ("map", ""); None when
    not a command."""
    text = text.strip()
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].casefold()
    return ALIASES.get(name, name), args.strip()


@command("map")
async def show_map(turn: Turn, _args: str) -> None:
    people = await turn.people()
    turn.say("commands/map", map=build_map_view(people, turn.ctx.catalog.options))
    if turn.ctx.media is not None:
        await turn.ctx.media.attach_map_picture(turn, people)
    await turn.reprompt()


async def start_flow(turn: Turn, lesson: str, args: str) -> None:
    # `/edit Maria` answers the flow's first question at once, without asking it first
    await turn.start(lesson, ask=not args)
    if args:
        turn.inbound = _with_text(turn, args)
        await turn.answer()


def _with_text(turn: Turn, text: str) -> Inbound:
    return replace(turn.inbound, text=text, choice=None)


@command("add")
async def add(turn: Turn, args: str) -> None:
    await start_flow(turn, "add_person", args)


@command("edit")
async def edit(turn: Turn, args: str) -> None:
    await _flow_on_map(turn, "edit_person", args)


@command("remove")
async def remove(turn: Turn, args: str) -> None:
    await _flow_on_map(turn, "remove_person", args)


async def _flow_on_map(turn: Turn, lesson: str, args: str) -> None:
    """A flow about someone on the map; an empty map has no one to pick."""
    if not await turn.people():
        turn.say("commands/map_empty")
        await turn.reprompt()
        return
    await start_flow(turn, lesson, args)


@command("delete")
async def delete(turn: Turn, _args: str) -> None:
    await turn.start("delete_all")


MAP_LESSON = "mapping"  # the lesson whose work is the map itself


@command("lessons")
async def lessons(turn: Turn, _args: str) -> None:
    assert turn.student is not None
    done = await turn.ctx.store.lessons_done(turn.student.id)
    active = {f.lesson for f in turn.frames}
    # a map stopped half-way (/cancel) is "started", not "not started": its people stay
    started = {MAP_LESSON} if await turn.people() else set()
    listed = [
        {
            "id": lesson.name or lesson.id,  # what to type after /lesson
            "title": lesson.title,
            "summary": lesson.summary,
            "status": "done"
            if lesson.id in done
            else "active"
            if lesson.id in active
            else "started"
            if lesson.id in started
            else "new",
        }
        for lesson in turn.ctx.catalog.listed
    ]
    turn.say("commands/lessons", lessons=listed)
    await turn.reprompt()


@command("lesson")
async def lesson(turn: Turn, args: str) -> None:
    wanted = args.casefold().strip()
    for item in turn.ctx.catalog.listed:
        if wanted in (item.id.casefold(), item.title.casefold(), item.name.casefold()):
            await begin_lesson(turn, item.id)
            return
    turn.say(
        "commands/unknown_lesson",
        name=args,
        titles=[lesson.name or lesson.id for lesson in turn.ctx.catalog.listed],
    )


async def begin_lesson(turn: Turn, lesson_id: str) -> None:
    if turn.in_lesson(lesson_id):
        turn.say("commands/already_in_lesson")
        await turn.reprompt()
        return
    await turn.start(lesson_id)


@command("pause")
async def pause(turn: Turn, _args: str) -> None:
    turn.change(SetPaused(True))
    turn.say("commands/paused")


@command("resume")
async def resume(turn: Turn, _args: str) -> None:
    turn.change(SetPaused(False))
    turn.change(SetOptedOut(False))  # /resume is also how nudges come back after /stop
    turn.say("commands/resumed")
    if turn.frame is None:
        turn.say("common/no_lesson")
    await turn.reprompt()


@command("help", before_consent=True)
async def help_(turn: Turn, _args: str) -> None:
    turn.say("commands/help", consented=turn.student is not None)
    await turn.reprompt()


@command("privacy", before_consent=True)
async def privacy(turn: Turn, _args: str) -> None:
    turn.say("commands/privacy", consented=turn.student is not None)
    await turn.reprompt()


@command("cancel")
async def cancel(turn: Turn, _args: str) -> None:
    """Leave what is on top: a flow (/add, /edit ...) with nothing changed, or a lesson
    stopped at this step (what it already saved, such as people on the map, stays), so a
    student always has a way out of any question."""
    frame = turn.frame
    if frame is None:
        turn.say("commands/nothing_to_cancel")
        return
    lesson = turn.lesson_of(frame)
    turn.frames.pop()
    if lesson.listed:
        turn.say("commands/lesson_stopped", title=lesson.title, resumes=turn.frame is not None)
    else:
        turn.say("commands/cancelled")
    await turn.reprompt()


@command("done")
async def done(turn: Turn, _args: str) -> None:
    if not await turn.finish_collect():
        turn.say("commands/nothing_to_finish")
        await turn.reprompt()


@command("followup")
async def followup(turn: Turn, _args: str) -> None:
    assert turn.student is not None
    open_asks = [
        a
        for a in await turn.ctx.store.asks(turn.student.id)
        if a.status in ("planned", "waiting", "not_yet")
    ]
    if not open_asks:
        turn.say("commands/no_asks")
        await turn.reprompt()
        return
    ask = open_asks[0]
    data = {"ask": {"id": ask.id, "helper": ask.helper, "what": ask.what, "status": ask.status}}
    await turn.start("ask_followup", data)


@command("start", before_consent=True)
async def start(turn: Turn, args: str) -> None:
    if args:  # a deep link with a cohort's join code
        await join_cohort(turn, args)
    if turn.frame is not None:
        turn.say("commands/welcome_back")
        await turn.reprompt()
    else:
        await lessons(turn, "")


async def join_cohort(turn: Turn, code: str) -> bool:
    """Join the cohort with this code; False (and a kind note) when there is none."""
    assert turn.student is not None
    key, now, limits = turn.inbound.key, turn.ctx.clock(), turn.ctx.join_limits
    wait = limits.wait(key, now)
    if wait is not None:  # too many wrong codes: this one is not even looked up
        log.info("join code not checked for %s: too many wrong codes", hashed(key))
        turn.say("cohorts/too_many_tries", minutes=max(1, math.ceil(wait.total_seconds() / 60)))
        return False
    cohort = await turn.ctx.store.cohort_with_code(code)
    if cohort is not None and not cohort.open_to(key):
        cohort = None  # another workspace's cohort: as if the code did not exist
    if cohort is None and await turn.ctx.store.code_was_rotated(code):
        turn.say("cohorts/code_changed")
        return False
    if cohort is None:
        failures = limits.failed(key, now)  # the code itself stays out of the log
        log.warning("wrong join code from %s (%d within the window)", hashed(key), failures)
        turn.say("cohorts/unknown_code", code=code)
        return False
    mine = await turn.ctx.store.cohorts_of(turn.student.id)
    if any(c.id == cohort.id for c in mine):
        turn.say("cohorts/already_member", cohort=cohort.name)
        return True
    turn.change(JoinCohort(cohort.id))
    turn.say("cohorts/joined", cohort=cohort.name)
    return True


@command("join")
async def join(turn: Turn, args: str) -> None:
    if not args.strip():
        turn.say("cohorts/join_how")
    else:
        await join_cohort(turn, args.strip())
    await turn.reprompt()


@command("stop")
async def stop(turn: Turn, _args: str) -> None:
    turn.change(SetOptedOut(True))
    turn.say("cohorts/stopped")
    await turn.reprompt()


@command("human")
async def human(turn: Turn, args: str) -> None:
    await alerts.human(turn, args)


async def staff_cohort(turn: Turn, args: str, command: str, pick: str) -> CohortRecord | None:
    """The one cohort a coordinator's command is about, or None (and the student told why).

    Anyone without a coordinator or admin role is told plainly, and the attempt is logged.
    """
    mine = await turn.ctx.store.cohorts_for_staff(turn.inbound.key)
    if not mine:
        log.warning(
            "not allowed: %s tried /%s without a coordinator role",
            hashed(turn.inbound.key),
            command,
        )
        turn.say("cohorts/not_allowed")
        await turn.reprompt()
        return None
    wanted = args.strip().casefold()
    picked = [c for c in mine if not wanted or c.name.casefold() == wanted]
    if len(picked) != 1:
        turn.say(pick, names=[c.name for c in mine], asked=args.strip())
        await turn.reprompt()
        return None
    return picked[0]


@command("checkin")
async def checkin(turn: Turn, args: str) -> None:
    cohort = await staff_cohort(turn, args, "checkin", "cohorts/checkin_pick")
    if cohort is not None:
        await turn.start(
            "coordinator_checkin",
            {"cohort": {"id": cohort.id, "name": cohort.name, "timezone": cohort.timezone}},
        )


@command("report")
async def report(turn: Turn, args: str) -> None:
    """The cohort's measures in a few lines, and the chart sheet."""
    cohort = await staff_cohort(turn, args, "report", "cohorts/report_pick")
    if cohort is not None:
        if turn.ctx.media is None:
            raise LookupError("/report needs the Coach's media (bot/app/ passes them)")
        await turn.ctx.media.send_cohort_report(turn, cohort)
        turn.change(Audited("report", f"cohort:{cohort.name}", "read in chat"))
        await turn.reprompt()


@command("grant")
async def grant(turn: Turn, args: str) -> None:
    """Admins only: `/grant coordinator COHORT PLATFORM USER` or `/grant admin PLATFORM USER`.

    The same as `orbit grant`; on Slack the person is in the admin's own workspace.
    """
    roles = await turn.ctx.store.roles_of(turn.inbound.key)
    if not any(role == "admin" for role, _ in roles):
        log.warning("not allowed: %s tried /grant without the admin role", hashed(turn.inbound.key))
        turn.say("cohorts/not_allowed")
        await turn.reprompt()
        return
    words = args.split()
    role = words[0].casefold() if words else ""
    cohort_name = " ".join(words[1:-2]) if role == "coordinator" else ""
    if (
        role not in ("coordinator", "admin")
        or len(words) < (4 if role == "coordinator" else 3)
        or words[-2].casefold() not in PLATFORMS
    ):
        turn.say("cohorts/grant_usage", platforms=list(PLATFORMS))
        await turn.reprompt()
        return
    platform, user = words[-2].casefold(), words[-1]
    cohort_id = ""
    if role == "coordinator":
        found = next(
            (
                c
                for c in await turn.ctx.store.cohorts_for_staff(turn.inbound.key)
                if c.name.casefold() == cohort_name.casefold()
            ),
            None,
        )
        if found is None:
            turn.say("cohorts/grant_no_cohort", name=cohort_name)
            await turn.reprompt()
            return
        cohort_id, cohort_name = found.id, found.name
    team = (
        turn.inbound.key.team if platform == turn.inbound.key.platform else default_team(platform)
    )
    turn.change(
        GrantRole(platform=platform, team=team, user_id=user, role=role, cohort_id=cohort_id)
    )
    log.info(
        "%s granted %s%s to %s",
        hashed(turn.inbound.key),
        role,
        f" of {cohort_name}" if cohort_name else "",
        hashed(f"{platform}:{team}:{user}"),
    )
    turn.say("cohorts/granted", role=role, cohort=cohort_name, platform=platform, user=user)
    await turn.reprompt()


@command("language")
async def language(turn: Turn, args: str) -> None:
    """/language (/idioma): buttons; `/language es` answers at once (preferences.py)."""
    await start_flow(turn, "language", args)


@command("timezone")
async def timezone(turn: Turn, args: str) -> None:
    """/timezone (/zona): a city or zone name, confirmed (preferences.py)."""
    await start_flow(turn, "timezone", args)


@command("dashboard", before_consent=True)
async def dashboard(turn: Turn, _args: str) -> None:
    """Staff only: a one-time sign-in link to the web dashboard, sent to their own DM
    (queued like an alert, so it never shows in a group). Students get a kind no."""
    base = turn.ctx.settings.dashboard_url
    expires = None
    if base:
        now = turn.ctx.clock()
        expires = await turn.ctx.store.sign_in_link(turn.inbound.key, base, now, SIGN_IN_TTL)
    if expires is None:
        log.info("no dashboard link for %s (not staff, or no dashboard)", hashed(turn.inbound.key))
    turn.say("dashboard/link_sent" if expires is not None else "dashboard/no_link")
    if turn.student is not None:
        await turn.reprompt()
