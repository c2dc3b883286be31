"""What reaches the HTTP endpoint and what Orbit does with it: signatures, retries, noise.

Slack signs every request and retries what it thinks was lost; Orbit must refuse
forgeries and stale replays with 401, and answer a student once however often
Slack delivers their message.
"""

from __future__ import annotations

import json
import time

from bot.core.messages import ConversationKey
from bot.store.store import Store
from tests.slack import payloads
from tests.slack.fake_slack import BOT_ID, BOT_USER, TEAM, FakeSlack
from tests.slack.harness import JSON, SignedSlack, Student


async def test_badly_signed_and_stale_requests_get_401_and_do_nothing(
    slack: SignedSlack, fake: FakeSlack
) -> None:
    event = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
    forged = await slack.event(event, secret="not-the-signing-secret")
    stale = await slack.event(event, timestamp=int(time.time()) - 6 * 60)
    body = json.dumps(event)
    unsigned = await slack.send(body, JSON, headers={"X-Slack-Signature": ""})
    assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
    await slack.settled()
    assert fake.called("chat.postMessage") == []


async def test_a_replayed_request_is_acknowledged_but_answered_once(
    ana: Student, slack: SignedSlack, fake: FakeSlack
) -> None:
    event = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
    first = await slack.event(event)
    again = await slack.event(event)  # the same signed bytes, within the 5 minutes
    assert first.status == again.status == 200
    await slack.settled()
    assert len(fake.called("chat.postMessage")) == 2  # the welcome and the consent question


async def test_slack_retries_never_cause_a_second_answer(
    ana: Student, slack: SignedSlack, fake: FakeSlack, store: Store
) -> None:
    await ana.types("hi")
    await ana.presses("Yes, let's start")
    posted = len(fake.called("chat.postMessage"))
    event = payloads.envelope(payloads.dm("Mom", user="U0ANA", channel="D0ANA"))
    answers = [await slack.event(event, retry=n) for n in (None, 1, 2, 3)]
    assert {a.status for a in answers} == {200}
    await slack.settled()
    assert len(fake.called("chat.postMessage")) == posted + 1  # "What does Mom give you?"
    exported = await store.export(ConversationKey("slack", TEAM, ana.user))
    assert exported is not None
    assert [e["version"] for e in [exported["conversation"]]] == [2]  # consent, then "Mom" once


async def test_two_quick_presses_on_one_question_answer_once(
    ana: Student, slack: SignedSlack, fake: FakeSlack, store: Store
) -> None:
    await ana.types("hi")
    ts, message = ana.question()
    block = message["blocks"][1]
    yes, no = ({**e, "block_id": block["block_id"]} for e in block["elements"])
    first = await slack.interaction(ana.press_payload(ts, message, yes, {}))
    second = await slack.interaction(ana.press_payload(ts, message, no, {}))
    assert first.status == second.status == 200
    await slack.settled()
    assert [p for p in fake.called("chat.postMessage") if "Thank you" in p["text"]]
    assert not [p for p in fake.called("chat.postMessage") if "nothing about you" in p["text"]]
    assert await store.export(ConversationKey("slack", TEAM, ana.user)) is not None


async def test_the_bots_own_messages_and_edits_are_ignored(
    slack: SignedSlack, fake: FakeSlack
) -> None:
    own = payloads.dm("Hi Ana!", user=BOT_USER, channel="D0ANA", bot_id=BOT_ID)
    edited = payloads.dm("hi", user="U0ANA", channel="D0ANA", subtype="message_changed")
    bot = payloads.dm("beep", user="U0OTHERBOT", channel="D0ANA", subtype="bot_message")
    for event in (own, edited, bot):
        assert (await slack.event(payloads.envelope(event))).status == 200
    await slack.settled()
    assert fake.called("chat.postMessage") == []


async def test_the_url_check_slack_makes_when_the_app_is_set_up(slack: SignedSlack) -> None:
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3g", "type": "url_verification"}
    )
    answer = await slack.send(body, JSON)
    assert answer.status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3g" in answer.body


async def test_every_request_is_acknowledged_before_the_turn_runs(
    ana: Student, slack: SignedSlack, fake: FakeSlack
) -> None:
    fake.limit["users.info"] = 1  # the turn now waits ~1 s on a 429 before it can start
    fake.retry_after = 1
    event = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
    answer = await slack.event(event)
    assert answer.status == 200 and answer.seconds < 0.5
    assert fake.called("chat.postMessage") == []  # acknowledged, not yet answered
    await slack.settled()
    assert len(fake.called("chat.postMessage")) == 2
