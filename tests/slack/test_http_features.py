"""Slack's own features, as a student meets them: /orbit, mentions, App Home, 429s."""

from __future__ import annotations

import time

from bot.core.messages import ConversationKey
from bot.store.store import Store
from tests.slack import payloads
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.harness import SignedSlack, Student, texts
from tests.support.chat import MAPPING_WALK

ANA = ConversationKey("slack", TEAM, "U0ANA")


async def _consented(ana: Student) -> None:
    await ana.types("hi")
    await ana.presses("Yes, let's start")


async def test_a_mention_in_a_channel_gets_a_public_invite_and_no_data(
    ana: Student, slack: SignedSlack, fake: FakeSlack, store: Store
) -> None:
    await _consented(ana)
    await ana.types("Mom")
    publishes = len(fake.called("views.publish"))
    event = payloads.mention("show my map", user="U0ANA", channel="C0GENERAL")
    assert (await slack.event(payloads.envelope(event))).status == 200
    await slack.settled()
    [invite] = fake.posts_to("C0GENERAL")
    assert "Send me a direct message" in invite["text"] and "Mom" not in invite["text"]
    assert invite["thread_ts"] == event["ts"]
    assert len(fake.called("views.publish")) == publishes  # nothing of hers was read
    exported = await store.export(ANA)
    assert exported is not None and exported["map"] == []


async def test_orbit_commands_are_answered_only_to_the_student(
    ana: Student, fake: FakeSlack
) -> None:
    await _consented(ana)
    for text in MAPPING_WALK[2:5]:  # Mom, with two supports, close
        await ana.types(text)
    posts = len(fake.called("chat.postMessage"))

    in_channel = await ana.command("map", channel="C0GENERAL")
    assert in_channel["response_type"] == "ephemeral"
    assert "Mom (close; emotional support and advice and information)" in in_channel["text"]
    helped = await ana.command("")
    assert "/orbit map" in helped["text"] and "/orbit add" in helped["text"]
    joined = await ana.command("join K7Q2")
    assert joined["response_type"] == "ephemeral" and "/orbit" in joined["text"]
    assert len(fake.called("chat.postMessage")) == posts  # nothing public, nothing in the DM


async def test_buttons_in_an_ephemeral_answer_work_through_the_response_url(
    ana: Student, slack: SignedSlack, fake: FakeSlack, store: Store
) -> None:
    await _consented(ana)
    answer = await ana.command("add Sam", channel="C0GENERAL")
    actions = [b for b in answer["blocks"] if b["type"] == "actions"]
    assert actions, answer  # "Which part of life?" with a button per part
    button = next(e for e in actions[0]["elements"] if e["text"]["text"] == "Friends and peers")
    press = payloads.block_actions(
        user="U0ANA",
        action={**button, "block_id": actions[0]["block_id"], "type": "button"},
        container={
            "type": "message",
            "message_ts": "1700000999.000100",
            "channel_id": "C0GENERAL",
            "is_ephemeral": True,
        },
        channel="C0GENERAL",
        response_url=fake.response_url("press-ephemeral"),
    )
    assert (await slack.interaction(press)).status == 200
    await slack.settled()
    replaced, follow_up = [r.args for r in fake.responses if r.method == "press-ephemeral"]
    assert replaced["replace_original"] is True
    assert "You picked *Friends and peers*" in str(replaced["blocks"])
    assert follow_up["response_type"] == "ephemeral" and "Sam" in follow_up["text"]


async def test_student_text_is_escaped_so_it_pings_no_one(ana: Student, fake: FakeSlack) -> None:
    await _consented(ana)
    for text in ("skip",) * 7:
        await ana.types(text)
    echo = texts(await ana.types("<!channel> & <@U0BEN> <b>nursing</b>"))
    shown = "&lt;!channel&gt; &amp; &lt;@U0BEN&gt; &lt;b&gt;nursing&lt;/b&gt;"
    assert f'curious about "{shown}"' in echo
    assert "<!channel>" not in echo and "<@U0BEN>" not in echo and "<b>" not in echo


async def test_app_home_shows_the_map_and_starts_lessons(
    ana: Student, slack: SignedSlack, fake: FakeSlack
) -> None:
    opened = payloads.envelope(payloads.home_opened(user="U0ANA", channel="D0ANA"))
    assert (await slack.event(opened)).status == 200
    await slack.settled()
    [welcome] = fake.called("views.publish")
    start = welcome["view"]["blocks"][-1]["elements"][0]
    assert start["value"] == "lesson:mapping"
    press = payloads.block_actions(
        user="U0ANA",
        action={**start, "block_id": "home-start", "type": "button"},
        container={"type": "view", "view_id": "V0HOME"},
        view={"id": "V0HOME", "type": "home", **welcome["view"]},
        response_url=fake.response_url("unused"),
    )
    assert (await slack.interaction(press)).status == 200
    await slack.settled()
    assert "I'm Orbit" in texts(fake.posts_to("D0ANA"))  # the DM starts with the welcome
    await ana.presses("Yes, let's start")
    await ana.types("Mom")
    await ana.ticks("Emotional support")
    await ana.presses("Close")
    home = str(fake.called("views.publish")[-1]["view"])
    assert "Mom (close; emotional support)" in home and "Continue" in home


async def test_a_429_is_waited_out_and_the_message_still_goes(
    ana: Student, fake: FakeSlack
) -> None:
    fake.limit["chat.postMessage"] = 1
    fake.retry_after = 1
    started = time.monotonic()
    posts = await ana.types("hi")
    assert len(posts) == 2 and "I'm Orbit" in posts[0]["text"]
    limited, retried = [c for c in fake.calls if c.method == "chat.postMessage"][:2]
    assert limited.limited and not retried.limited
    assert retried.at - limited.at >= 1.0 and time.monotonic() - started < 5


async def test_distress_in_a_channel_goes_to_the_students_dm_and_the_channel_sees_an_invite(
    ana: Student, slack: SignedSlack, fake: FakeSlack, store: Store
) -> None:
    await _consented(ana)
    event = payloads.mention("honestly i wanna die", user="U0ANA", channel="C0GENERAL")
    assert (await slack.event(payloads.envelope(event))).status == 200
    await slack.settled()
    [invite] = fake.posts_to("C0GENERAL")
    assert "Send me a direct message" in invite["text"]
    assert not any(w in texts([invite]) for w in ("988", "die", "adults", "paused"))
    care = fake.posts_to("D0ANA")[-1]
    assert "988" in texts([care]) and "paused" in texts([care])
    exported = await store.export(ANA)
    assert exported is not None and exported["student"]["paused"] is True
