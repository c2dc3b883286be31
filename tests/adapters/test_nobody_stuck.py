"""Nobody stuck: thousands of hostile messages through every adapter's door, then a way out.

Students on the console, Telegram and Slack send a seeded mix of hostile input (lone
surrogates, invalid bytes, NUL, terminal escapes, 5,000-digit numbers, huge text,
markup, Jinja, SQL, emoji, right-to-left text, commands in the wrong order, random
button values) mixed with real answers that move them through the lessons, and
now and then a scheduled nudge opens its flow mid-conversation. Each
message enters the way the platform's adapter builds it (`ConsoleAdapter.inbound`,
Telegram's `message_inbound`/`press_inbound`, Slack's `message_job`/`press_job`) and
goes through the real Coach on a real database.

A student is **stuck** when, after the fuzz, this does not work: `/cancel` (sent again
while it still leaves something, at most five times), `/resume`, then `/lesson mapping`
(or "yes" when they have not consented, or consent again after /delete), then the name
"Quinn", which must be answered with the next question ("What does Quinn give you?"),
with no reply along the way being the internal-error message.

`ORBIT_FUZZ_SEED`, `ORBIT_FUZZ_STUDENTS` and `ORBIT_FUZZ_MESSAGES` change the run; the
figures are printed (`pytest -s`) for RELIABILITY.md.
"""

from __future__ import annotations

import asyncio
import io
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from sqlalchemy import text
from telegram import CallbackQuery, Update

from bot.adapters.console import ConsoleAdapter
from bot.adapters.slack.inbound import message_job, press_job
from bot.adapters.telegram.incoming import message_inbound, press_inbound
from bot.core.engine import Coach
from bot.core.inbound_text import clean_inbound
from bot.core.messages import ConversationKey, Inbound, Markup, Outbound
from bot.core.turn import MAX_FRAMES
from bot.store.store import Store
from tests.slack.payloads import block_actions, dm, envelope
from tests.support.coach import make_coach
from tests.telegram.botapi import press_update, text_update

SEED = int(os.environ.get("ORBIT_FUZZ_SEED", "20261130"))
STUDENTS = int(os.environ.get("ORBIT_FUZZ_STUDENTS", "60"))
MESSAGES = int(os.environ.get("ORBIT_FUZZ_MESSAGES", "3600"))

BAD_BYTES = b"Ana\x80\xff\xfe caf\xc3".decode("utf-8", "surrogateescape")  # as a C locale reads
HOSTILE: list[str] = [
    "\ud800",
    "Tom\ud800",
    "\udcff\udc80",
    BAD_BYTES,
    "a\x00b",
    "\x00",
    "Mom\x00",
    "\x1b]0;pwned\x07Tom",
    "\x1b[31mRed\x1b[0m",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x9b31mX\x9d0;t\x07",
    "\x07\x08\x0b\x0c\x7f",
    "9" * 5000,
    "1" * 4301,
    "1, " + "2" * 5000,
    "in " + "9" * 5000 + " days",
    "x" * 20_000,
    "word " * 3000,
    "<b>bold</b> <i>x",
    "<!channel> <@U123> <#C1|general> &amp; &lt;",
    "*bold* _it_ ~st~ `code` ```block",
    "{{ 7*7 }}",
    "{% for x in range(10**9) %}{{ x }}{% endfor %}",
    "{{ student.name }}{{ config }}",
    "'); DROP TABLE person;--",
    "1' OR '1'='1",
    "👨‍👩‍👧‍👦" * 50,
    "🏳️‍🌈🧑🏽‍🦱",
    "نور",
    "\u202eevil\u202c",
    "\u200b\u200f\ufeff",
    "e\u0301",
    "\r\n\r\n",
    "   ",
    "",
    "\t",
    "/",
    "//",
    "/ map",
    "/lesson " + "x" * 300,
    "/add " + "\ud800",
    "/edit \x00",
    "/join " + "Z" * 500,
    "/start \x1b]0;x\x07",
    "/grant admin telegram 1",
    "DELETE",
]
ANSWERS: list[str] = [
    "hi",
    "yes",
    "no",
    "Mom",
    "Tío Beto",
    "Ms. Rivera",
    "1",
    "2",
    "3",
    "1, 2",
    "close",
    "in between",
    "done",
    "skip",
    "nursing",
    "Friday",
    "in 2 weeks",
    "next tuesday",
    "In person",
    "An informational conversation",
    "Could you read my personal statement by Friday?",
    "Subject: Question about nursing\n\nDear Ms. Lopez,\nI'm Ana from your class. "
    "Could we talk for 15 minutes next week?\nThank you,\nAna",
    "math homework",
    "School work",
]
COMMANDS: list[str] = [
    "/done",
    "/cancel",
    "/followup",
    "/lesson email",
    "/lesson help_seeking",
    "/lesson mapping",
    "/lessons",
    "/add",
    "/add Sam",
    "/edit Mom",
    "/remove Mom",
    "/map",
    "/pause",
    "/resume",
    "/delete",
    "/start",
    "/join XYZ",
    "/stop",
    "/help",
    "/privacy",
    "/human",
    "/report",
    "/checkin",
    "/nonsense",
]
PRESSES: list[str] = [
    "yes",
    "no",
    "close",
    "between",
    "emotional,advice",
    "family",
    "lesson:email",
    "lesson:help_seeking",
    "lesson:mapping",
    "lesson:\x00",
    "\ud800",
    "9" * 5000,
    "",
    "x" * 3000,
]
NAMES = ["\x1b]0;pwned\x07Tom", "Ana\ud800", "Jo\x00e", "نور", "Ana", "<b>Al</b>", "{{ x }}"]


DRAFT = ANSWERS[21]
BY_EXPECT = {
    "new_person": ["Sam", "Tío Beto", "Ms. Rivera", "Jo", "Coach Dee", "Mom"],
    "existing_person": ["Mom", "Sam", "Ms. Rivera"],
    "person_or_new": ["Mom", "Ms. Lopez", "Sam"],
    "future_date": ["Friday", "in 2 weeks", "next tuesday", "12/20"],
    "specific_ask": [ANSWERS[20], "help me with college"],
    "confirm_delete": ["DELETE", "no"],
}


def fitting(coach: Coach, key: ConversationKey, rng: random.Random) -> tuple[str, str | None]:
    """A real answer to the question the student is on, so the fuzz reaches deep steps."""
    state = coach.store.cache.get(key)
    if state is None or state.student is None:
        return "yes", None
    if not state.frames:
        return rng.choice(["/lesson email", "/lesson help_seeking", "/lesson mapping"]), None
    frame = state.frames[-1]
    step = coach.catalog.lessons[frame["lesson"]].step(frame["step"])
    if step.type == "choose":
        options = coach.catalog.options_for(step)
        picked = sorted(rng.sample(range(len(options)), k=min(len(options), 1 + step.multi)))
        if rng.random() < 0.5:
            return "", ",".join(options[i].value for i in picked)
        return ", ".join(str(i + 1) for i in picked), None
    if step.type == "collect":
        return rng.choice([DRAFT, "/done", "/done"]), None
    if step.skip and rng.random() < 0.4:
        return sorted(step.skip)[0], None
    return rng.choice(BY_EXPECT.get(step.expect or "", ANSWERS)), None


def message(coach: Coach, key: ConversationKey, rng: random.Random) -> tuple[str, str | None]:
    """(text, None) for typing, or ("", value) for a button press."""
    roll = rng.random()
    if roll < 0.40:
        return fitting(coach, key, rng)
    if roll < 0.55:
        text, choice = fitting(coach, key, rng)
        bad = rng.choice(HOSTILE[:12])
        if choice is not None:
            return "", choice + bad
        return (text + bad if rng.random() < 0.5 else bad + text), None
    if roll < 0.62:
        return rng.choice(ANSWERS), None
    if roll < 0.82:
        return rng.choice(HOSTILE), None
    if roll < 0.93:
        return rng.choice(COMMANDS), None
    return "", rng.choice(PRESSES)


@dataclass
class Door:
    """One student's adapter: builds each Inbound as that platform's adapter does."""

    build: Callable[[str, str | None], Inbound]
    markup: Markup


_numbers = count(1)


def console_door(coach: Coach, n: int) -> Door:
    adapter = ConsoleAdapter(
        coach, user=f"fuzz{n}", stdin=io.StringIO(), stdout=io.StringIO(), interactive=False
    )

    def build(text: str, choice: str | None) -> Inbound:
        return adapter.inbound(text if choice is None else choice)  # the console only types

    return Door(build, Markup.PLAIN)


def telegram_door(n: int, name: str) -> Door:
    user_id = 90_000 + n

    def build(text: str, choice: str | None) -> Inbound:
        if choice is None:
            update = Update.de_json(
                text_update(user_id, text, message_id=next(_numbers), name=name), None
            )
            built = message_inbound(update, bot_id=4242, username="OrbitTestBot")
            assert built is not None
            return built
        chat = {"id": user_id, "type": "private"}
        raw = press_update(user_id, f"c:{choice}", {"message_id": 1, "date": 0, "chat": chat})
        raw["callback_query"]["from"]["first_name"] = name
        query = CallbackQuery.de_json(raw["callback_query"], None)
        return press_inbound(query, bot_id=4242, choice=choice)

    return Door(build, Markup.HTML)


def slack_door(n: int) -> Door:
    user, channel = f"UFUZZ{n}", f"DFUZZ{n}"

    def build(text: str, choice: str | None) -> Inbound:
        if choice is None:
            job = message_job(envelope(dm(text, user=user, channel=channel)))
        else:
            number = next(_numbers)
            action = {
                "action_id": "orbit-choice",
                "block_id": "q",
                "value": choice,
                "text": {"type": "plain_text", "text": choice[:20] or "?"},
                "type": "button",
            }
            container = {"type": "message", "channel_id": channel, "message_ts": f"1.{number}"}
            job = press_job(
                block_actions(
                    user=user, action=action, container=container, response_url="http://x"
                )
            )
        assert job is not None and job.inbound is not None
        return job.inbound

    return Door(build, Markup.MRKDWN)


@dataclass
class Tally:
    messages: int = 0
    internal: int = 0
    resets: int = 0
    stuck: list[str] = field(default_factory=list)
    broken: int = 0  # of the stuck: the way out itself got the internal-error reply
    states: set[str] = field(default_factory=set)  # lesson/step a hostile message met
    deepest: int = 0  # the most frames a student had: /cancel leaves one at a time


def _is(replies: list[Outbound], coach: Coach, template: str, markup: Markup) -> bool:
    wanted = coach.render(template, markup)
    return any(reply.text == wanted for reply in replies)


NUDGES = [
    ("nudge_revisit", {"nudge": {"people": ["Mom", "Sam"], "count": 2}}),
    ("nudge_reengage", {"nudge": {"people": ["Mom"], "count": 1}}),
    ("nudge_grow", {"nudge": {"kind": "domain", "domain": "school", "label": "School"}}),
    ("nudge_grow", {"nudge": {"kind": "career", "domain": "", "label": ""}}),
]


async def _nudge(coach: Coach, key: ConversationKey, rng: random.Random) -> None:
    """A scheduled nudge arrives mid-conversation, as the dispatcher delivers it."""
    flow, data = rng.choice(NUDGES)
    await coach.deliver(key, event_id=f"nudge:{next(_numbers)}", lesson=flow, data=data)


async def _fuzz_one(coach: Coach, door: Door, rng: random.Random, n: int, tally: Tally) -> None:
    key = door.build("hi", None).key
    for _ in range(n):
        if rng.random() < 0.03:
            await _nudge(coach, key, rng)
        inbound = door.build(*message(coach, key, rng))
        state = coach.store.cache.get(inbound.key)
        if state is not None and state.frames:
            tally.states.add(f"{state.frames[-1]['lesson']}/{state.frames[-1]['step']}")
            tally.deepest = max(tally.deepest, len(state.frames))
        replies = await coach.handle(inbound)
        tally.messages += 1
        tally.internal += _is(replies, coach, "errors/internal", door.markup)
        tally.resets += _is(replies, coach, "errors/reset", door.markup)


@dataclass
class WayOut:
    ok: bool
    broken: bool = False  # a reply on the way was the internal error
    transcript: list[str] = field(default_factory=list)


async def _way_out(coach: Coach, door: Door) -> WayOut:
    """Whether the student gets out and answers the first question (see the docstring)."""
    transcript: list[str] = []

    async def say(text: str) -> tuple[list[Outbound], str]:
        replies = await coach.handle(door.build(text, None))
        said = "\n".join(r.text for r in replies)
        transcript.append(f"> {text}\n{said}")
        if _is(replies, coach, "errors/internal", door.markup):
            raise AssertionError("internal error")
        return replies, said

    try:
        key = door.build("", None).key
        consented = (await coach.store.load_turn(key, "")).student is not None
        for _ in range(5):  # a flow can sit on a flow (/add during /edit): leave them all
            _, text = await say("/cancel")
            if not consented or "nothing to cancel" in text:
                break
        if consented:
            await say("/resume")
            await say("/lesson mapping")
        else:
            await say("yes")
        _, answered = await say("Quinn")
        return WayOut("What does Quinn give you?" in answered, transcript=transcript)
    except AssertionError:
        return WayOut(False, broken=True, transcript=transcript)


async def run_fuzz(store: Store, label: str) -> Tally:
    coach = make_coach(store)
    rng = random.Random(f"{SEED}:{label}")
    doors: list[Door] = []
    for n in range(STUDENTS):
        kind = n % 3
        if kind == 0:
            doors.append(console_door(coach, n))
        elif kind == 1:
            doors.append(telegram_door(n, rng.choice(NAMES)))
        else:
            doors.append(slack_door(n))
    per_student = -(-MESSAGES // STUDENTS)
    tally = Tally()
    seeds = [rng.random() for _ in doors]
    await asyncio.gather(
        *(
            _fuzz_one(coach, door, random.Random(seed), per_student, tally)
            for door, seed in zip(doors, seeds, strict=True)
        )
    )
    outcomes = await asyncio.gather(*(_way_out(coach, door) for door in doors))
    tally.stuck = [
        f"student {n}:\n" + "\n".join(way.transcript)
        for n, way in enumerate(outcomes)
        if not way.ok
    ]
    tally.broken = sum(way.broken for way in outcomes)
    return tally


def _clean(value: Any) -> bool:
    """Every string stored anywhere in an export is already clean text."""
    if isinstance(value, str):
        return clean_inbound(value) == value
    if isinstance(value, dict):
        return all(_clean(v) for v in value.values())
    if isinstance(value, list):
        return all(_clean(v) for v in value)
    return True


async def test_nobody_is_stuck_after_thousands_of_hostile_messages(
    store: Store, database_url: str
) -> None:
    label = database_url.split(":", 1)[0]
    started = time.monotonic()
    tally = await run_fuzz(store, label)
    seconds = time.monotonic() - started
    print(
        f"\nnobody stuck [{label}] seed={SEED}: {tally.messages} messages, {STUDENTS} students, "
        f"stuck={len(tally.stuck)} (internal error on the way out: {tally.broken}), "
        f"internal-error replies={tally.internal}, "
        f"resets={tally.resets}, {len(tally.states)} lesson steps met, "
        f"deepest stack {tally.deepest}, {seconds:.1f}s"
    )
    print("steps met:", " ".join(sorted(tally.states)))
    if "ORBIT_FUZZ_MESSAGES" not in os.environ and "ORBIT_FUZZ_STUDENTS" not in os.environ:
        assert tally.messages >= 2000 and STUDENTS >= 50
    assert not tally.stuck, "\n\n".join(tally.stuck)
    assert tally.deepest <= MAX_FRAMES + 1  # a full stack, and a lesson's `call` on top
    assert tally.internal == 0  # nothing hostile should even fail a turn
    async with store.engine.connect() as conn:
        keys = (await conn.execute(text("SELECT platform, team, user_id FROM student"))).all()
    assert len(keys) >= STUDENTS * 3 // 4
    for platform, team, user in keys:
        exported = await store.export(ConversationKey(platform, team, user))
        assert exported is not None and _clean(exported), (platform, user)
