"""Ana walks the whole mapping lesson in her Slack DM, typing and pressing buttons.

The real Bolt app runs in HTTP mode on a loopback port and gets correctly signed
Events API and block_actions requests; its Web API calls go to the fake Slack.
"""

from __future__ import annotations

from sqlalchemy import text

from bot.adapters.slack.serve import RunningSlack
from bot.core.messages import ConversationKey
from bot.store.store import Store
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.harness import Student, texts

ANA = ConversationKey("slack", TEAM, "U0ANA")


def _buttons(post: dict) -> list[str]:
    return [
        e["text"]["text"]
        for b in post.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    ]


def _boxes(post: dict) -> list[str]:
    return [
        o["text"]["text"]
        for b in post.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "checkboxes"
        for o in e["options"]
    ]


async def test_ana_maps_her_network_in_a_dm(
    ana: Student, fake: FakeSlack, store: Store, running: RunningSlack
) -> None:
    welcome = await ana.types("hi")
    assert "Hi Ana! I'm Orbit" in texts(welcome)
    assert _buttons(welcome[-1]) == ["Yes, let's start", "No thanks"]
    assert await store.export(ANA) is None  # nothing before consent

    first = await ana.presses("Yes, let's start")
    consent_message = fake.called("chat.update")[-1]
    assert not [b for b in consent_message["blocks"] if b["type"] == "actions"]
    assert "You picked *Yes, let's start*" in consent_message["blocks"][-1]["elements"][0]["text"]
    assert "Family" in texts(first)

    supports = await ana.types("Mom")
    assert "What does Mom give you?" in texts(supports)
    assert _boxes(supports[-1])[0] == "Emotional support" and "Done" in _buttons(supports[-1])
    closeness = await ana.ticks("Emotional support", "Advice and information")
    assert "How close are you and Mom?" in texts(closeness)
    picked = fake.called("chat.update")[-1]["blocks"][-1]["elements"][0]["text"]
    assert picked == "You picked *Emotional support and Advice and information*"
    assert "Anyone else in family?" in texts(await ana.presses("Close"))

    await ana.types("Tío Beto")
    await ana.types("practical")  # typing answers a question with buttons too
    retired = fake.called("chat.update")[-1]
    assert not [b for b in retired["blocks"] if b["type"] == "actions"]
    await ana.types("3")
    assert "Friends and peers" in texts(await ana.types("done"))
    assert "School staff" in texts(await ana.types("skip"))
    await ana.types("Ms. Rivera")
    await ana.ticks("Advice and information", "Feedback on how I'm doing")
    await ana.presses("In between")
    for answer in ("done", "skip", "skip", "skip"):
        await ana.types(answer)
    reflection = texts(await ana.types("skip"))
    assert "3 people on your map" in reflection
    assert 'curious about "nursing"' in texts(await ana.types("nursing"))
    await ana.types("Ms. Rivera")
    summary = texts(await ana.types("Coach Dee"))
    assert "Mom (close; emotional support and advice and information)" in summary

    exported = await store.export(ANA)
    assert exported is not None and exported["student"]["display_name"] == "Ana"
    people = {p["name"]: p for p in exported["map"]}
    assert people["Mom"]["supports"] == ["emotional", "advice"]
    assert people["Mom"]["closeness"] == "close"
    assert people["Tío Beto"]["supports"] == ["practical"]
    assert people["Tío Beto"]["closeness"] == "distant"
    assert people["Ms. Rivera"]["supports"] == ["advice", "feedback"]
    assert people["Ms. Rivera"]["closeness"] == "between"
    [done] = exported["lessons"]
    assert done["lesson"] == "mapping" and done["answers"]["know_better"] == "Coach Dee"

    every_post = fake.called("chat.postMessage")
    assert {p["channel"] for p in every_post} == {"D0ANA"}
    assert all(len(p["text"]) <= 3000 for p in every_post)
    assert all("/map" not in p["text"] or "/orbit map" in p["text"] for p in every_post)
    assert not [c for c in fake.calls if c.limited]

    home = fake.called("views.publish")[-1]
    assert home["user_id"] == "U0ANA"
    home_text = str(home["view"]["blocks"])
    assert "Mom" in home_text and "Ms. Rivera" in home_text and "Relationship mapping" in home_text
    assert len(fake.called("views.publish")) < len(every_post)  # only when it changed
    # the name (and the locale and zone, the hints) are asked once
    assert fake.called("users.info") == [{"user": "U0ANA", "include_locale": True}]
    async with store.engine.connect() as conn:  # one turn per message or press, ticks none
        events = "SELECT count(*) FROM processed_event WHERE platform = 'slack'"
        assert (await conn.execute(text(events))).scalar() == 20  # 'hi' came before consent
