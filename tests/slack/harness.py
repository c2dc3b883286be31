"""Driving the real Bolt app over HTTP the way Slack does, and a student who uses it.

`SignedSlack` posts signed requests to Orbit's endpoint; `Student` types in their DM,
presses the buttons of the bot's last question, ticks boxes and uses `/orbit`, and
waits until Orbit has finished what it acknowledged before the test looks.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.adapters.slack.serve import EVENTS_PATH, RunningSlack
from bot.adapters.slack.settings import SlackSecrets
from tests.slack import payloads
from tests.slack.fake_slack import GOOD_BOT_TOKEN, FakeSlack
from tests.slack.payloads import SIGNING_SECRET

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Answer:
    status: int
    body: str
    seconds: float


class SignedSlack:
    def __init__(self, session: aiohttp.ClientSession, running: RunningSlack) -> None:
        self.session = session
        self.running = running
        self.url = f"http://127.0.0.1:{running.port}{EVENTS_PATH}"

    async def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = payloads.SIGNING_SECRET,
        retry: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = payloads.signed_headers(body, content_type, timestamp=timestamp, secret=secret)
        if retry is not None:
            sent |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        sent |= headers or {}
        started = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(), headers=sent) as response:
            text = await response.text()
        return Answer(response.status, text, time.perf_counter() - started)

    async def event(self, envelope: dict[str, Any], **options: Any) -> Answer:
        return await self.send(json.dumps(envelope), JSON, **options)

    async def interaction(self, payload: dict[str, Any], **options: Any) -> Answer:
        return await self.send(payloads.interaction_body(payload), FORM, **options)

    async def settled(self) -> None:
        await self.running.turns.drain()


def _actions(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in message.get("blocks") or [] if b.get("type") == "actions"]


class Student:
    """One student in their DM with Orbit (channel `D...`)."""

    def __init__(self, slack: SignedSlack, fake: FakeSlack, *, user: str, channel: str) -> None:
        self.slack = slack
        self.fake = fake
        self.user = user
        self.channel = channel

    def _posts(self) -> list[dict[str, Any]]:
        return self.fake.posts_to(self.channel)

    async def _then(self, answer: Answer, before: int) -> list[dict[str, Any]]:
        assert answer.status == 200, answer
        await self.slack.settled()
        return self._posts()[before:]

    async def types(self, text: str, **options: Any) -> list[dict[str, Any]]:
        """Type a message; the bot's new posts in the DM come back."""
        before = len(self._posts())
        event = payloads.envelope(payloads.dm(text, user=self.user, channel=self.channel))
        return await self._then(await self.slack.event(event, **options), before)

    def question(self) -> tuple[str, dict[str, Any]]:
        """The bot's last message in the DM that still shows buttons (as Slack stores it)."""
        asking = [
            (ts, m)
            for (channel, ts), m in self.fake.messages.items()
            if channel == self.channel and _actions(m)
        ]
        assert asking, "no question with buttons in the DM"
        return asking[-1]

    def press_payload(
        self, ts: str, message: dict[str, Any], action: dict[str, Any], state: dict[str, Any]
    ) -> dict[str, Any]:
        return payloads.block_actions(
            user=self.user,
            action=action,
            container={
                "type": "message",
                "message_ts": ts,
                "channel_id": self.channel,
                "is_ephemeral": False,
            },
            channel=self.channel,
            message=message,
            state=state,
            response_url=self.fake.response_url(f"press-{ts}"),
        )

    async def presses(self, label: str) -> list[dict[str, Any]]:
        """Press the button labelled `label` on the bot's last question."""
        ts, message = self.question()
        element = next(
            e
            for block in _actions(message)
            for e in block["elements"]
            if e["type"] == "button" and e["text"]["text"] == label
        )
        action = {
            "action_id": element["action_id"],
            "block_id": _actions(message)[0]["block_id"],
            "text": element["text"],
            "value": element["value"],
            "type": "button",
        }
        before = len(self._posts())
        payload = self.press_payload(ts, message, action, {})
        return await self._then(await self.slack.interaction(payload), before)

    async def ticks(self, *labels: str) -> list[dict[str, Any]]:
        """Tick the boxes labelled `labels` on the last question, then press its Done."""
        ts, message = self.question()
        [block] = _actions(message)
        boxes, done = block["elements"]
        chosen = [o for o in boxes["options"] if o["text"]["text"] in labels]
        assert len(chosen) == len(labels), f"no boxes {labels} in {boxes['options']}"
        state = {
            block["block_id"]: {
                boxes["action_id"]: {"type": "checkboxes", "selected_options": chosen}
            }
        }
        for option in chosen:  # every tick reaches Orbit too, and must change nothing
            tick = {
                "action_id": boxes["action_id"],
                "block_id": block["block_id"],
                "type": "checkboxes",
                "selected_options": [option],
            }
            answer = await self.slack.interaction(self.press_payload(ts, message, tick, state))
            assert answer.status == 200
        action = {
            "action_id": done["action_id"],
            "block_id": block["block_id"],
            "text": done["text"],
            "value": done["value"],
            "type": "button",
        }
        before = len(self._posts())
        payload = self.press_payload(ts, message, action, state)
        return await self._then(await self.slack.interaction(payload), before)

    async def command(self, text: str, *, channel: str | None = None) -> dict[str, Any]:
        """`/orbit text`; the ephemeral answer Orbit sent to the response_url comes back."""
        name = f"cmd-{len(self.fake.responses)}"
        body = payloads.slash_command(
            text,
            user=self.user,
            channel=channel or self.channel,
            response_url=self.fake.response_url(name),
        )
        answer = await self.slack.send(body, "application/x-www-form-urlencoded")
        assert answer.status == 200, answer
        await self.slack.settled()
        [response] = [r.args for r in self.fake.responses if r.method == name]
        return response


def texts(posts: list[dict[str, Any]]) -> str:
    return "\n".join(p["text"] for p in posts)


def secrets(fake: FakeSlack, **changes: str) -> SlackSecrets:
    values = {
        "bot_token": GOOD_BOT_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "api_url": fake.api_url,
    }
    return SlackSecrets(**(values | changes))  # type: ignore[arg-type]
