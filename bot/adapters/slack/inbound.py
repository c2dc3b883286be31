"""Slack payloads in, `Job`s out: who did what, and where the answer goes.

Pure functions over the documented payload shapes (Events API envelopes, block_actions,
slash commands), so they are tested with recorded payloads and no network. Each
returns None for what Orbit deliberately ignores: its own messages, edits and other
message subtypes, channels it was not asked in, checkbox ticks before "Done".

Event ids make Slack's redeliveries harmless: an event keeps its `event_id` across
retries, and every press on one question message shares one id, so a double click
or a late second press is a no-op in the core rather than a second answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.adapters.slack.text import from_slack
from bot.core.inbound_text import clean_inbound
from bot.core.messages import ConversationKey, Inbound, Markup

PLATFORM = "slack"
ACTION_PREFIX = "orbit-"
PICK = "orbit-pick"  # the checkboxes of a several-answer question
DONE = "orbit-done"  # the button that sends the ticked boxes
HOME = "orbit-home"  # App Home buttons (start a lesson)
JOIN = "orbit-join"  # a roster invitation's Join button; its value is the join code


@dataclass(frozen=True, slots=True)
class Target:
    """Where a turn's replies go: a conversation (DM, channel, or a user id for the
    app's DM), or a `response_url` for answers only the student sees."""

    channel: str | None = None
    response_url: str | None = None
    thread_ts: str | None = None


@dataclass(frozen=True, slots=True)
class Pressed:
    """The message whose button was pressed: shown with the pick and without buttons."""

    channel: str
    ts: str
    picked: tuple[str, ...]  # the labels the student chose, as Slack showed them
    blocks: tuple[dict[str, Any], ...] | None  # None when Slack does not send them back
    response_url: str | None  # set for ephemeral messages, which only it can change


@dataclass(frozen=True, slots=True)
class Job:
    """One piece of work queued after the ack: a turn, or an App Home to publish."""

    inbound: Inbound | None
    target: Target
    pressed: Pressed | None = None
    home_only: bool = False
    token: str | None = None  # many workspaces: the bot token Bolt authorized it with


def _key(team: str, user: str) -> ConversationKey:
    return ConversationKey(platform=PLATFORM, team=team, user=user)


def _inbound(key: ConversationKey, event_id: str, **fields: Any) -> Inbound:
    """Every Slack Inbound is built here, so its text and pressed value are cleaned once."""
    for name in ("text", "choice"):
        if isinstance(fields.get(name), str):
            fields[name] = clean_inbound(fields[name])
    return Inbound(key=key, event_id=f"{key.team}:{event_id}", markup=Markup.MRKDWN, **fields)


def _typed(event: dict[str, Any]) -> bool:
    """A person's own new message: not ours, not a bot's, not an edit or a join."""
    return bool(event.get("user")) and not event.get("bot_id") and not event.get("subtype")


def message_job(body: dict[str, Any]) -> Job | None:
    """`message.im`: the coaching conversation itself."""
    event = body.get("event") or {}
    if event.get("channel_type") != "im" or not _typed(event):
        return None
    key = _key(body.get("team_id") or event.get("team", ""), event["user"])
    inbound = _inbound(
        key, body.get("event_id") or event["ts"], text=from_slack(event.get("text", ""))
    )
    return Job(inbound=inbound, target=Target(channel=event["channel"]))


def mention_job(body: dict[str, Any]) -> Job | None:
    """`app_mention` in a channel: a public invite to a DM, and never anyone's data."""
    event = body.get("event") or {}
    if not _typed(event) or event.get("channel", "").startswith("D"):
        return None  # in a DM the message itself is the turn (message.im)
    key = _key(body.get("team_id") or event.get("team", ""), event["user"])
    inbound = _inbound(
        key,
        body.get("event_id") or event["ts"],
        text=from_slack(event.get("text", "")),
        private=False,
    )
    thread = event.get("thread_ts") or event["ts"]
    return Job(inbound=inbound, target=Target(channel=event["channel"], thread_ts=thread))


def home_job(body: dict[str, Any]) -> Job | None:
    """`app_home_opened` on the Home tab: publish the student's Home (no turn)."""
    event = body.get("event") or {}
    if event.get("tab") != "home" or not event.get("user"):
        return None
    inbound = _inbound(_key(body.get("team_id", ""), event["user"]), body.get("event_id", ""))
    return Job(inbound=inbound, target=Target(channel=event["user"]), home_only=True)


def command_job(body: dict[str, Any]) -> Job:
    """`/orbit map` -> the core's `/map`; a bare `/orbit` asks for help. Answers are
    ephemeral through the `response_url`, so they are private in any channel."""
    words = from_slack(body.get("text", "")).strip().lstrip("/")
    key = _key(body["team_id"], body["user_id"])
    inbound = _inbound(key, f"command:{body['trigger_id']}", text=f"/{words or 'help'}")
    return Job(inbound=inbound, target=Target(response_url=body["response_url"]))


def _ticked(body: dict[str, Any], block_id: str) -> list[dict[str, Any]]:
    values = (body.get("state") or {}).get("values") or {}
    box = (values.get(block_id) or {}).get(PICK) or {}
    return list(box.get("selected_options") or [])


def _answer(body: dict[str, Any], action: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The Inbound fields and shown labels for a press: one value, or the ticked boxes."""
    if action["action_id"] != DONE:
        return {"choice": action["value"]}, (action["text"]["text"],)
    ticked = _ticked(body, action["block_id"])
    labels = tuple(o["text"]["text"] for o in ticked)
    values = [o["value"] for o in ticked]
    if len(values) == 1:
        return {"choice": values[0]}, labels
    # `Inbound.choice` holds one value, so several travel as the words the core reads for
    # a several-answer question ("emotional, advice"; option values are single words).
    return {"text": ", ".join(values)}, labels


def press_job(body: dict[str, Any]) -> Job | None:
    """A press in a message (buttons, or "Done" after ticking) or on the App Home."""
    action = (body.get("actions") or [{}])[0]
    action_id = str(action.get("action_id", ""))
    if not action_id.startswith(ACTION_PREFIX) or action_id == PICK:
        return None  # a tick is only a step towards "Done"
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
    key = _key(team, body["user"]["id"])
    container = body.get("container") or {}
    if action_id == JOIN:  # as if they typed `/join CODE`: consent still comes first
        channel = container.get("channel_id") or key.user
        event = f"press:{channel}:{container.get('message_ts') or action['action_ts']}"
        inbound = _inbound(key, event, text=f"/join {action.get('value', '')}")
        return Job(inbound=inbound, target=Target(channel=channel))
    fields, labels = _answer(body, action)
    if container.get("type") != "message":  # the App Home: replies go to the app's DM
        inbound = _inbound(key, f"home:{action['action_ts']}", **fields)
        return Job(inbound=inbound, target=Target(channel=key.user))
    channel, ts = container["channel_id"], container["message_ts"]
    ephemeral = bool(container.get("is_ephemeral"))
    message = body.get("message") or {}
    pressed = Pressed(
        channel=channel,
        ts=ts,
        picked=labels,
        blocks=tuple(message["blocks"]) if message.get("blocks") else None,
        response_url=body.get("response_url") if ephemeral else None,
    )
    target = Target(response_url=body["response_url"]) if ephemeral else Target(channel=channel)
    inbound = _inbound(key, f"press:{channel}:{ts}", **fields)
    return Job(inbound=inbound, target=target, pressed=pressed)
