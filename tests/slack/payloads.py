"""Slack's request payloads, shaped like the documented examples, and how Slack signs them.

Events API envelopes: https://docs.slack.dev/apis/events-api/#callback-field
block_actions: https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
Slash commands: https://docs.slack.dev/interactivity/implementing-slash-commands
Signing: https://docs.slack.dev/authentication/verifying-requests-from-slack
"""

from __future__ import annotations

import json
import time
from itertools import count
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import BOT_USER, TEAM

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
APP_ID = "A0ORBIT"
_numbers = count(1)


def slack_escaped(text: str) -> str:
    """What Slack sends for typed text: `&`, `<` and `>` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def next_ts() -> str:
    return f"{int(time.time())}.{next(_numbers):06d}"


def signed_headers(
    body: str, content_type: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or "",
    }


def envelope(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
        "team_id": TEAM,
        "context_team_id": TEAM,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev0{next(_numbers):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUME9SQklUIn0-{next(_numbers)}",
    }


def dm(text: str, *, user: str, channel: str, **extra: Any) -> dict[str, Any]:
    """A `message.im` event: someone typed `text` in their DM with the app."""
    ts = next_ts()
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": slack_escaped(text),
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        "client_msg_id": f"5c2b1e0a-0000-4000-8000-{next(_numbers):012d}",
        "team": TEAM,
        **extra,
    }


def mention(text: str, *, user: str, channel: str) -> dict[str, Any]:
    ts = next_ts()
    return {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {slack_escaped(text)}",
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "team": TEAM,
        "client_msg_id": f"7d1a0b2c-0000-4000-8000-{next(_numbers):012d}",
    }


def home_opened(*, user: str, channel: str) -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": "home",
        "event_ts": next_ts(),
    }


def _user(user: str) -> dict[str, Any]:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM}


def block_actions(
    *,
    user: str,
    action: dict[str, Any],
    container: dict[str, Any],
    response_url: str,
    message: dict[str, Any] | None = None,
    channel: str | None = None,
    state: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user),
        "api_app_id": APP_ID,
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
        "container": container,
        "trigger_id": f"{next(_numbers)}.{next(_numbers)}.a1b2c3d4e5",
        "team": {"id": TEAM, "domain": "orbit-school"},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": state or {}},
        "response_url": response_url,
        "actions": [{**action, "action_ts": next_ts()}],
    }
    if channel:
        payload["channel"] = {"id": channel, "name": "directmessage"}
    if message is not None:
        payload["message"] = message
    if view is not None:
        payload["view"] = view
    return payload


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def slash_command(text: str, *, user: str, channel: str, response_url: str) -> str:
    return urlencode(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": TEAM,
            "team_domain": "orbit-school",
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/orbit",
            "text": slack_escaped(text),
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"{next(_numbers)}.{next(_numbers)}.b2c3d4e5f6",
        }
    )
