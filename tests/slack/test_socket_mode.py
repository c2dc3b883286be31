"""Socket Mode: slack_sdk's real client against a local WebSocket server, and startup checks.

The server hands the client envelopes shaped like Slack's
(https://docs.slack.dev/apis/events-api/using-socket-mode) and expects each one
acknowledged by its `envelope_id`; the answers then go out through the Web API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import pytest

from bot.adapters.slack.serve import RunningSlack, StartupError, running_slack
from bot.core.engine import Coach
from bot.store.store import Store
from tests.slack import payloads
from tests.slack.fake_slack import GOOD_APP_TOKEN, FakeSlack
from tests.slack.harness import secrets
from tests.support.coach import make_coach


@pytest.fixture
def coach(store: Store) -> Coach:
    return make_coach(store)


@pytest.fixture
async def socket_slack(fake: FakeSlack, coach: Coach) -> AsyncIterator[RunningSlack]:
    options = secrets(fake, app_token=GOOD_APP_TOKEN, signing_secret="")
    async with running_slack(coach, options, http=False, workers=2) as running:
        yield running


async def test_an_event_over_the_socket_is_acked_then_answered(
    socket_slack: RunningSlack, fake: FakeSlack
) -> None:
    event = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
    ack = await fake.envelope(
        {
            "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
            "payload": event,
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
    )
    assert ack == {"envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf"}
    await socket_slack.turns.drain()
    welcome, question = fake.posts_to("D0ANA")
    assert "I'm Orbit" in welcome["text"] and question["blocks"][-1]["type"] == "actions"


async def test_a_slash_command_over_the_socket_is_acked_and_answered_privately(
    socket_slack: RunningSlack, fake: FakeSlack
) -> None:
    form = payloads.slash_command(
        "help", user="U0ANA", channel="C0GENERAL", response_url=fake.response_url("socket-cmd")
    )
    ack = await fake.envelope(
        {
            "envelope_id": "b1b2c3d4-0000-4000-8000-000000000001",
            "payload": dict(parse_qsl(form)),
            "type": "slash_commands",
            "accepts_response_payload": True,
        }
    )
    assert ack["envelope_id"] == "b1b2c3d4-0000-4000-8000-000000000001"
    await socket_slack.turns.drain()
    [answer] = [r.args for r in fake.responses if r.method == "socket-cmd"]
    assert answer["response_type"] == "ephemeral" and "Orbit" in answer["text"]


async def test_a_rejected_bot_token_stops_with_a_clear_message(
    fake: FakeSlack, coach: Coach
) -> None:
    with pytest.raises(StartupError, match="rejected ORBIT_SLACK_BOT_TOKEN \\(invalid_auth\\)"):
        async with running_slack(coach, secrets(fake, bot_token="xoxb-revoked"), http=True):
            pass


async def test_a_rejected_app_token_stops_with_a_clear_message(
    fake: FakeSlack, coach: Coach
) -> None:
    options = secrets(fake, app_token="xapp-revoked")
    with pytest.raises(StartupError, match="rejected ORBIT_SLACK_APP_TOKEN \\(invalid_auth\\)"):
        async with running_slack(coach, options, http=False):
            pass


async def test_missing_tokens_are_named(fake: FakeSlack, coach: Coach) -> None:
    with pytest.raises(StartupError, match="ORBIT_SLACK_APP_TOKEN"):
        async with running_slack(coach, secrets(fake), http=False):
            pass
    with pytest.raises(StartupError, match="ORBIT_SLACK_SIGNING_SECRET"):
        async with running_slack(coach, secrets(fake, signing_secret=""), http=True):
            pass
