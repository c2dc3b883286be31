"""`orbit run slack` sends scheduled check-ins itself, into each student's DM.

Students on Slack joined a cohort and a check-in for it is due. The process started by
`orbit run slack` (a real subprocess against the fake Slack) posts it exactly once per
student; with `--no-scheduler` it posts nothing and queues nothing. The sender itself:
Block Kit buttons like a reply, a 429 handed to the dispatcher as `RetryAfter` (not
waited out inside the client), a student who is gone parked at once.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack.delivery import Posted
from bot.adapters.slack.inbound import PLATFORM
from bot.adapters.slack.scheduled import SlackOutboxSender, outbox_client, retry_after
from bot.adapters.slack.serve import RunningSlack
from bot.app.slack import serve_slack
from bot.core.messages import Choice, ConversationKey, Markup, Outbound
from bot.schedule.dispatcher import DispatchSettings
from bot.schedule.policy import pacers_for
from bot.schedule.senders import PermanentSendError, RetryAfter
from bot.store.store import Store
from bot.vocab.records import utcnow
from tests.schedule.live import (
    MESSAGE,
    QUESTION,
    orbit_run,
    orbit_worker,
    outbox_status,
    seed_checkin,
    stop,
    until,
)
from tests.slack.fake_slack import GOOD_BOT_TOKEN, TEAM, FakeSlack
from tests.slack.harness import Student, secrets
from tests.slack.payloads import SIGNING_SECRET
from tests.support.coach import make_coach

ANA = ConversationKey(PLATFORM, TEAM, "U0ANA")
BEN = ConversationKey(PLATFORM, TEAM, "U0BEN")
FAST = DispatchSettings(idle_seconds=0.05)


def _env(fake: FakeSlack, db: str) -> dict[str, str]:
    return {
        "ORBIT_SLACK_BOT_TOKEN": GOOD_BOT_TOKEN,
        "ORBIT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ORBIT_SLACK_API_URL": fake.api_url,
        "ORBIT_DATABASE_URL": db,
    }


def _texts(fake: FakeSlack, channel: str) -> list[str]:
    return [post["text"] for post in fake.posts_to(channel)]


# --- the real `orbit run slack` process ----------------------------------------------------


async def test_orbit_run_slack_delivers_a_due_check_in_once(
    fake: FakeSlack, sqlite_url: str
) -> None:
    await seed_checkin(sqlite_url, [ANA, BEN], Markup.MRKDWN)
    args = ("--http", "--listen", "127.0.0.1", "--port", "0")
    process = orbit_run("slack", *args, env=_env(fake, sqlite_url))
    try:
        await until(lambda: len(fake.called("chat.postMessage")) >= 4, timeout=15)
        await asyncio.sleep(1.5)  # more dispatcher rounds: nothing is posted again
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "Traceback" not in err, err
    for channel in ("D0ANA", "D0BEN"):
        texts = _texts(fake, channel)
        assert len(texts) == 2, texts
        assert "Ms. Rivera" in texts[0] and QUESTION in texts[1]
    assert len(fake.called("chat.postMessage")) == 4
    assert (await outbox_status(sqlite_url))["checkin"] == {"sent": 2}


async def test_orbit_run_slack_no_scheduler_posts_nothing(fake: FakeSlack, sqlite_url: str) -> None:
    await seed_checkin(sqlite_url, [ANA], Markup.MRKDWN)
    args = ("--http", "--listen", "127.0.0.1", "--port", "0", "--no-scheduler")
    process = orbit_run("slack", *args, env=_env(fake, sqlite_url))
    try:
        await until(lambda: bool(fake.called("auth.test")), timeout=15)  # it did start
        await asyncio.sleep(2.5)  # with a scheduler, it would have posted by now
        assert process.poll() is None, "orbit run slack --no-scheduler ended early"
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert fake.called("chat.postMessage") == []
    assert await outbox_status(sqlite_url) == {}  # no clock ran: nothing was even queued


async def test_orbit_worker_posts_with_the_platform_sender(
    fake: FakeSlack, sqlite_url: str
) -> None:
    await seed_checkin(sqlite_url, [ANA], Markup.MRKDWN)
    args = ("--sender", "platform", "--platforms", "slack", "--db", sqlite_url)
    process = orbit_worker(*args, env=_env(fake, sqlite_url))
    try:
        await until(lambda: len(fake.called("chat.postMessage")) >= 2, timeout=15)
        await asyncio.sleep(1.5)
    finally:
        code, err = await stop(process)
    assert code == 0, err
    assert "Traceback" not in err and "Unclosed" not in err, err
    texts = _texts(fake, "D0ANA")
    assert len(texts) == 2 and QUESTION in texts[1]
    assert (await outbox_status(sqlite_url))["checkin"] == {"sent": 1}


# --- the same code path in process ----------------------------------------------------------


async def test_serve_posts_the_check_in_once_and_stops_cleanly(
    fake: FakeSlack, sqlite_url: str
) -> None:
    await seed_checkin(sqlite_url, [ANA], Markup.MRKDWN)
    fake.limit["chat.postMessage"] = 1  # Slack says "slow down" once
    fake.retry_after = 1
    store = await Store(sqlite_url).open()
    coach = make_coach(store, clock=utcnow)
    halt = asyncio.Event()
    task = asyncio.create_task(
        serve_slack(
            coach,
            secrets(fake),
            stop=halt,
            http=True,
            host="127.0.0.1",
            port=0,
            dispatch=FAST,
        )
    )
    try:
        await until(lambda: len(_texts(fake, "D0ANA")) >= 2, timeout=10)
        await asyncio.sleep(0.5)
    finally:
        halt.set()
        await asyncio.wait_for(task, 10)
        await store.close()
    texts = _texts(fake, "D0ANA")
    assert len(texts) == 2 and MESSAGE in texts[0] and QUESTION in texts[1]
    limited = [c for c in fake.calls if c.method == "chat.postMessage" and c.limited]
    assert len(limited) == 1  # the 429 came back later through the outbox, not a loop
    assert (await outbox_status(sqlite_url))["checkin"] == {"sent": 1}


# --- the sender ----------------------------------------------------------------------------


class GoneSlack(FakeSlack):
    """A workspace where some users left (deactivated) or never existed."""

    errors = {"U0GONE": "account_inactive", "U0NONE": "user_not_found", "U0ODD": "fatal_error"}

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "chat.postMessage" and args.get("channel") in self.errors:
            return {"ok": False, "error": self.errors[args["channel"]]}
        return super()._answer(method, args, token)


@pytest.fixture
async def session() -> Any:
    async with aiohttp.ClientSession() as opened:
        yield opened


def _sender(fake: FakeSlack, session: aiohttp.ClientSession, **kw: Any) -> SlackOutboxSender:
    client = outbox_client(GOOD_BOT_TOKEN, fake.api_url, session)
    return SlackOutboxSender(client, done_label="Done", **kw)


async def test_buttons_go_out_like_a_reply_and_the_question_is_remembered(
    fake: FakeSlack, session: aiohttp.ClientSession
) -> None:
    asked: list[tuple[ConversationKey, Posted]] = []
    sender = _sender(fake, session, on_question=lambda key, posted: asked.append((key, posted)))
    question = Outbound(
        text="Want to add someone to your map?",
        choices=(Choice("yes", "Yes"), Choice("later", "Later")),
    )
    await sender.send(ANA, question)
    [post] = fake.posts_to("D0ANA")
    assert post["channel"] == "U0ANA"  # the user id: Slack puts it in the app's DM
    actions = [b for b in post["blocks"] if b["type"] == "actions"]
    assert [e["text"]["text"] for e in actions[0]["elements"]] == ["Yes", "Later"]
    assert [(key, p.channel) for key, p in asked] == [(ANA, "D0ANA")]
    assert "slack" in pacers_for({"slack": sender})  # the send policy paces Slack's sends


async def test_a_429_is_the_schedules_retry_after_with_slacks_seconds(
    fake: FakeSlack, session: aiohttp.ClientSession
) -> None:
    fake.limit["chat.postMessage"] = 1
    fake.retry_after = 7
    with pytest.raises(RetryAfter) as waited:
        await _sender(fake, session).send(ANA, Outbound(text="Hi"))
    assert waited.value.seconds == 7.0
    assert len([c for c in fake.calls if c.method == "chat.postMessage"]) == 1  # no waiting here
    assert retry_after({}) == 1.0 and retry_after({"retry-after": "3"}) == 3.0


async def test_a_student_who_is_gone_is_permanent_and_other_errors_are_retried(
    schema_checker: Any,
) -> None:
    gone = await GoneSlack().start()
    try:
        async with aiohttp.ClientSession() as opened:
            sender = _sender(gone, opened)
            for user in ("U0GONE", "U0NONE"):
                with pytest.raises(PermanentSendError, match="account_inactive|user_not_found"):
                    await sender.send(ConversationKey(PLATFORM, TEAM, user), Outbound(text="Hi"))
            with pytest.raises(Exception) as other:  # noqa: PT011 - any retryable error
                await sender.send(ConversationKey(PLATFORM, TEAM, "U0ODD"), Outbound(text="Hi"))
            assert not isinstance(other.value, PermanentSendError | RetryAfter)
    finally:
        await gone.stop()


async def test_a_scheduled_question_loses_its_buttons_when_answered_by_typing(
    running: RunningSlack, ana: Student, fake: FakeSlack
) -> None:
    """`orbit run slack` tells the adapter what it posted, as it does for a reply."""
    question = Outbound(
        text="Want to add someone to your map?",
        choices=(Choice("yes", "Yes"), Choice("later", "Later")),
    )
    await running.outbox.send(ANA, question)
    [posted] = fake.posts_to("D0ANA")
    assert any(b["type"] == "actions" for b in posted["blocks"])
    await ana.types("hi")
    updates = [u for u in fake.called("chat.update") if u["channel"] == "D0ANA"]
    assert updates, "the scheduled question kept its buttons"
    assert not any(b["type"] == "actions" for b in updates[-1]["blocks"])
