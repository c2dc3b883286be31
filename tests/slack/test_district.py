"""A district: Orbit installed into two workspaces by Slack's OAuth flow (Bolt's own),
each answered with its own bot token, one uninstalled while the other goes on.

Everything runs for real: Bolt's install page and redirect, `oauth.v2.access` on the
fake Slack, the installations and OAuth states in Orbit's migrated database, the
signed events; every Web API call is checked against Slack's schemas at the end.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack.serve import RunningSlack, running_slack
from bot.store import workspaces
from bot.store.store import Store
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SignedSlack
from tests.slack.payloads import SIGNING_SECRET
from tests.support.coach import make_coach

CLIENT = ("1111.2222", "client-secret-of-orbit")
SCHOOL_A, SCHOOL_B = "T0AAAAA", "T0BBBBB"


@pytest.fixture
async def district(fake: FakeSlack, store: Store) -> AsyncIterator[RunningSlack]:
    from bot.adapters.slack.settings import SlackSecrets

    fake.client = CLIENT
    secrets = SlackSecrets(
        client_id=CLIENT[0],
        client_secret=CLIENT[1],  # type: ignore[arg-type]
        signing_secret=SIGNING_SECRET,  # type: ignore[arg-type]
        api_url=fake.api_url,
        uninstall_grace_days=7,
    )
    async with running_slack(
        make_coach(store), secrets, http=True, host="127.0.0.1", port=0, workers=4
    ) as slack:
        yield slack


@pytest.fixture
async def web(district: RunningSlack) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(f"http://127.0.0.1:{district.port}") as session:
        yield session


async def begin_install(web: aiohttp.ClientSession) -> str:
    """Open "Add to Slack": the `state` Bolt put in Slack's URL and in its cookie."""
    async with web.get("/slack/install") as page:
        assert page.status == 200
        html = await page.text()
        cookie = page.headers["Set-Cookie"]
    state = re.search(r"state=([\w-]+)", html)
    assert state is not None and "slack-app-oauth-state=" + state.group(1) in cookie
    assert "scope=" in html and "read.email" in html
    return state.group(1)


async def come_back(web: aiohttp.ClientSession, code: str, state: str) -> tuple[int, str]:
    """Slack's redirect after the admin approved (the browser sends the cookie back)."""
    async with web.get(
        "/slack/oauth_redirect",
        params={"code": code, "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    ) as answer:
        return answer.status, await answer.text()


async def install(web: aiohttp.ClientSession, fake: FakeSlack, team: str, **kw: Any) -> None:
    fake.install(f"code-{team}", team, **kw)
    status, _ = await come_back(web, f"code-{team}", await begin_install(web))
    assert status == 200


def in_team(envelope: dict[str, Any], team: str) -> dict[str, Any]:
    envelope |= {"team_id": team, "context_team_id": team}
    envelope["authorizations"][0]["team_id"] = team
    envelope["event"]["team"] = team
    return envelope


async def dm(slack: SignedSlack, team: str, user: str, text: str) -> None:
    event = payloads.dm(text, user=user, channel="D" + user[1:])
    answer = await slack.event(in_team(payloads.envelope(event), team))
    assert answer.status == 200, answer
    await slack.settled()


def tokens_used(fake: FakeSlack, channel: str) -> set[str | None]:
    return {
        c.token
        for c in fake.calls
        if c.method == "chat.postMessage" and fake._channel(c.args["channel"]) == channel
    }


async def test_two_workspaces_each_answered_with_its_own_token_and_one_uninstalled(
    district: RunningSlack, web: aiohttp.ClientSession, fake: FakeSlack, store: Store
) -> None:
    await install(web, fake, SCHOOL_A)
    await install(web, fake, SCHOOL_B, rotating=True)
    token_a = next(t for t, team in fake.tokens.items() if team == SCHOOL_A)
    token_b = next(t for t, team in fake.tokens.items() if team == SCHOOL_B)
    saved = await store.read(workspaces.installed_teams)
    assert saved == [SCHOOL_A, SCHOOL_B]
    b = await store.read(workspaces.find_install, None, SCHOOL_B)
    assert b is not None and b.bot_refresh_token and b.bot_token_expires_at is not None

    async with aiohttp.ClientSession() as session:
        slack = SignedSlack(session, district)
        await dm(slack, SCHOOL_A, "U0ANA", "hi")
        await dm(slack, SCHOOL_B, "U0BEN", "hello")
        assert tokens_used(fake, "D0ANA") == {token_a}
        assert tokens_used(fake, "D0BEN") == {token_b}

        uninstalled = payloads.envelope({"type": "app_uninstalled", "event_ts": "1.0"})
        fake.uninstall(SCHOOL_A)
        assert (await slack.event(in_team(uninstalled, SCHOOL_A))).status == 200
        await slack.settled()
        assert await store.read(workspaces.find_install, None, SCHOOL_A) is None
        assert await store.read(workspaces.installed_teams) == [SCHOOL_B]

        before = len(fake.posts_to("D0ANA"))
        await dm(slack, SCHOOL_A, "U0ANA", "anyone there?")
        assert len(fake.posts_to("D0ANA")) == before  # no token: nothing answered
        await dm(slack, SCHOOL_B, "U0BEN", "still here")
        assert len(fake.posts_to("D0BEN")) > 1 and tokens_used(fake, "D0BEN") == {token_b}


async def test_a_forged_or_reused_state_is_refused(
    district: RunningSlack, web: aiohttp.ClientSession, fake: FakeSlack, store: Store
) -> None:
    fake.install("code-x", SCHOOL_A)
    status, _ = await come_back(web, "code-x", "forged-state-never-issued")
    assert status >= 400
    state = await begin_install(web)
    async with web.get(  # a real state, but the cookie of someone else's browser
        "/slack/oauth_redirect",
        params={"code": "code-x", "state": state},
        headers={"Cookie": "slack-app-oauth-state=another"},
    ) as answer:
        assert answer.status >= 400
    assert fake.called("oauth.v2.access") == []
    assert await store.read(workspaces.installed_teams) == []
    status, _ = await come_back(web, "code-x", state)
    assert status == 200
    fake.install("code-y", SCHOOL_B)
    status, _ = await come_back(web, "code-y", state)  # the same state a second time
    assert status >= 400
    assert await store.read(workspaces.installed_teams) == [SCHOOL_A]


async def test_a_token_about_to_expire_is_rotated_before_it_is_used(
    district: RunningSlack, web: aiohttp.ClientSession, fake: FakeSlack, store: Store
) -> None:
    await install(web, fake, SCHOOL_B, rotating=True)
    old = await store.read(workspaces.find_install, None, SCHOOL_B)
    assert old is not None
    soon = datetime.now(UTC) + timedelta(minutes=5)
    await store.writer.run(workspaces.save_install, replace(old, bot_token_expires_at=soon))
    async with aiohttp.ClientSession() as session:
        await dm(SignedSlack(session, district), SCHOOL_B, "U0BEN", "hi")
    new = await store.read(workspaces.find_install, None, SCHOOL_B)
    assert new is not None and new.bot_token != old.bot_token
    assert old.bot_token not in fake.tokens  # Slack revoked it at rotation
    assert tokens_used(fake, "D0BEN") == {new.bot_token}
    assert fake.called("oauth.v2.access")[-1].get("grant_type") == "refresh_token"


async def test_students_of_an_uninstalled_workspace_go_after_the_grace_period(
    district: RunningSlack, web: aiohttp.ClientSession, fake: FakeSlack, store: Store
) -> None:
    await install(web, fake, SCHOOL_A)
    await install(web, fake, SCHOOL_B)
    async with aiohttp.ClientSession() as session:
        slack = SignedSlack(session, district)
        for team, user in ((SCHOOL_A, "U0ANA"), (SCHOOL_B, "U0BEN")):
            await dm(slack, team, user, "hi")
            await slack.interaction(_press_yes(fake, team, user))
            await slack.settled()
        assert await _students(store) == {SCHOOL_A, SCHOOL_B}
        uninstalled = payloads.envelope({"type": "app_uninstalled", "event_ts": "1.0"})
        assert (await slack.event(in_team(uninstalled, SCHOOL_A))).status == 200
        await slack.settled()
    now = datetime.now(UTC)
    assert await workspaces.purge_removed_workspaces(store, now + timedelta(days=6)) == 0
    assert await workspaces.purge_removed_workspaces(store, now + timedelta(days=8)) == 1
    assert await _students(store) == {SCHOOL_B}


async def _students(store: Store) -> set[str]:
    from sqlalchemy import select

    from bot.store.queries import S

    return set(await store.read(lambda conn: conn.execute(select(S.c.team)).scalars().all()))


def _press_yes(fake: FakeSlack, team: str, user: str) -> dict[str, Any]:
    """Press "yes" on the consent question in the student's DM."""
    channel = "D" + user[1:]
    ts, message = [(ts, m) for (c, ts), m in fake.messages.items() if c == channel][-1]
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    yes = actions["elements"][0]
    payload = payloads.block_actions(
        user=user,
        action={
            "action_id": yes["action_id"],
            "block_id": actions["block_id"],
            "text": yes["text"],
            "value": yes["value"],
            "type": "button",
        },
        container={
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        channel=channel,
        message=message,
        state={},
        response_url=fake.response_url(f"press-{ts}"),
    )
    payload["team"] = {"id": team, "domain": "school"}
    payload["user"]["team_id"] = team
    return payload


async def test_a_district_worker_sends_with_each_workspaces_token(
    fake: FakeSlack, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.adapters.slack.district_worker import slack_worker_sender
    from bot.core.messages import ConversationKey, Outbound
    from bot.schedule.senders import PermanentSendError

    for name, value in (("CLIENT_ID", CLIENT[0]), ("CLIENT_SECRET", CLIENT[1])):
        monkeypatch.setenv(f"ORBIT_SLACK_{name}", value)
    monkeypatch.setenv("ORBIT_SLACK_API_URL", fake.api_url)
    fake.tokens["xoxb-school-a"] = SCHOOL_A
    install = workspaces.Install(
        enterprise_id="",
        team_id=SCHOOL_A,
        bot_token="xoxb-school-a",
        installed_at=datetime.now(UTC),
    )
    await store.writer.run(workspaces.save_install, install)
    sender = slack_worker_sender("Done", store.url)
    try:
        await sender.send(
            ConversationKey("slack", SCHOOL_A, "U0ANA"), Outbound(text="Time to grow your map")
        )
        with pytest.raises(PermanentSendError, match="workspace_not_installed"):
            await sender.send(ConversationKey("slack", SCHOOL_B, "U0BEN"), Outbound(text="hi"))
    finally:
        await sender.close()
    assert tokens_used(fake, "D0ANA") == {"xoxb-school-a"}
    assert fake.posts_to("D0BEN") == []
