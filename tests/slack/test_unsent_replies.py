"""`orbit run slack` sends, at start-up, the replies a killed process committed but never sent."""

from __future__ import annotations

import asyncio

from bot.adapters.slack.serve import running_slack
from bot.core.messages import ConversationKey, Inbound, Markup
from bot.store.store import Store
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.harness import secrets
from tests.support.coach import make_coach


async def test_a_start_posts_the_replies_a_crash_left_into_the_dm(
    fake: FakeSlack, store: Store
) -> None:
    before = make_coach(store)
    ana = ConversationKey("slack", TEAM, "U0ANA")
    other_workspace = ConversationKey("slack", "T0OTHER", "U0ZED")
    for key in (ana, other_workspace):
        for n, text in enumerate(("hi", "yes")):
            inbound = Inbound(key, f"{key.team}-{n}", text, markup=Markup.MRKDWN)
            await before.handle(inbound)
            if text == "hi":
                before.sent(inbound)
    # Both "yes" turns were committed, then the process died before posting their replies.
    coach = make_coach(store)
    async with running_slack(coach, secrets(fake), http=True, host="127.0.0.1", port=0):
        posted = fake.posts_to("D0ANA")
        assert any("Thank you" in p["text"] for p in posted)  # before any event came in
        assert fake.posts_to("D0ZED") == []  # another workspace's: not this app's to send
    for _ in range(100):  # the sent mark is written in a batch a moment later
        if [u.key for u in await coach.unsent("slack")] == [other_workspace]:
            break
        await asyncio.sleep(0.02)
    assert [u.key for u in await coach.unsent("slack")] == [other_workspace]
