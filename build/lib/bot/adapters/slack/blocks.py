"""`Outbound` out, Slack messages in Block Kit: readable pieces, and choices as buttons.

Pure functions (no I/O), so the exact payloads are unit-tested and validated against
Slack's own argument types. A one-answer question gets a button per option; a
several-answer question gets checkboxes and a "Done" button, because Slack sends a
payload for every tick and only "Done" should count as the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import uuid4

from bot.adapters.slack.inbound import ACTION_PREFIX, DONE, PICK
from bot.adapters.slack.text import FENCE, SECTION_LIMIT, split_text, with_slash_orbit
from bot.core.commands import COMMANDS
from bot.core.escaping import escape
from bot.core.messages import Choice, Markup, Outbound

Block = dict[str, Any]
BUTTON_TEXT_LIMIT = 75
BUTTONS_PER_BLOCK = 25
MAX_CHECKBOXES = 10
MAX_BLOCKS = 50  # in one message


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """`text` is the message (and the notification); `blocks`, when set, is how it shows."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    image_path: str | None = None  # a picture (the student's map) to upload with it

    @property
    def has_choices(self) -> bool:
        return any(_is_ours(b) for b in self.blocks)


def plain(text: str, limit: int = BUTTON_TEXT_LIMIT) -> dict[str, Any]:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return {"type": "plain_text", "text": short, "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def sections(text: str) -> list[Block]:
    return [section(piece) for piece in split_text(text) if piece.strip()]


def button(label: str, value: str, action_id: str, *, primary: bool = False) -> Block:
    block: Block = {"type": "button", "text": plain(label), "value": value, "action_id": action_id}
    if primary:
        block["style"] = "primary"
    return block


def _block_id() -> str:
    """Fresh per message: Slack asks for a new block_id whenever a message changes."""
    return f"{ACTION_PREFIX}q-{uuid4().hex[:12]}"


def _is_ours(block: Block) -> bool:
    return block.get("type") == "actions" and str(block.get("block_id", "")).startswith(
        ACTION_PREFIX
    )


def choice_blocks(choices: Sequence[Choice], *, multi: bool, done_label: str) -> list[Block]:
    """Buttons (25 to a row block), or checkboxes and "Done" for several answers."""
    if multi and len(choices) <= MAX_CHECKBOXES:
        boxes = {
            "type": "checkboxes",
            "action_id": PICK,
            "options": [{"text": plain(c.label), "value": c.value} for c in choices],
        }
        done = button(done_label, "done", DONE, primary=True)
        return [{"type": "actions", "block_id": _block_id(), "elements": [boxes, done]}]
    buttons = [
        button(c.label, c.value, f"{ACTION_PREFIX}choice-{n}") for n, c in enumerate(choices)
    ]
    return [
        {"type": "actions", "block_id": _block_id(), "elements": buttons[i : i + BUTTONS_PER_BLOCK]}
        for i in range(0, len(buttons), BUTTONS_PER_BLOCK)
    ]


def slack_messages(replies: Iterable[Outbound], *, done_label: str) -> list[SlackMessage]:
    """Replies (a turn's, or a scheduled message) as Slack messages, in order: command
    names as `/orbit map` (see `with_slash_orbit`), then `to_messages` each."""
    messages = []
    for reply in replies:
        text = with_slash_orbit(reply.text, COMMANDS)
        messages += to_messages(replace(reply, text=text), done_label=done_label)
    return messages


def to_messages(out: Outbound, *, done_label: str) -> list[SlackMessage]:
    """One Outbound as Slack messages: text cut at paragraphs, choices on the last piece,
    a document (a student's draft, raw text) as its own copyable code block."""
    pieces = split_text(out.text)
    messages = [SlackMessage(text=p) for p in pieces[:-1]]
    last = pieces[-1]
    if out.choices:
        blocks = [section(last)] if last.strip() else []
        blocks += choice_blocks(out.choices, multi=out.multi, done_label=done_label)
        text = last if last.strip() else " / ".join(c.label for c in out.choices)
        messages.append(SlackMessage(text=text, blocks=blocks))
    elif last.strip():
        messages.append(SlackMessage(text=last))
    if out.image_path:  # the picture goes with the last piece of the text, or alone
        if messages:
            messages[-1] = replace(messages[-1], image_path=out.image_path)
        else:
            messages.append(SlackMessage(text="", image_path=out.image_path))
    if out.document:
        inner = escape(out.document.replace(FENCE, "'''"), Markup.MRKDWN)
        messages += [SlackMessage(text=p) for p in split_text(f"{FENCE}{inner}{FENCE}")]
    return messages


def as_one(messages: Sequence[SlackMessage]) -> SlackMessage:
    """A turn's messages as one (for a `response_url`, which may be used only 5 times)."""
    blocks: list[Block] = []
    for message in messages:
        blocks += message.blocks or sections(message.text)
    text = "\n\n".join(m.text for m in messages if m.text)
    image = next((m.image_path for m in messages if m.image_path), None)
    return SlackMessage(text=split_text(text)[0], blocks=blocks[:MAX_BLOCKS], image_path=image)


def without_choices(blocks: Sequence[Block], note: str | None = None) -> list[Block]:
    """A question after it was answered: buttons gone, and what was picked, if known."""
    kept = [b for b in blocks if not _is_ours(b)]
    if note:
        kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    return kept


def answered(blocks: Sequence[Block], note: str | None = None, *, text: str = "") -> SlackMessage:
    """The question message as it stays once answered (`without_choices`), with the
    text an update must carry: its sections', else `note`, else `text`."""
    kept = without_choices(blocks, note)
    return SlackMessage(message_text(kept, fallback=note or text), kept)


def message_text(blocks: Sequence[Block], fallback: str = "") -> str:
    """The text of a message's sections (the fallback `text` an update must carry)."""
    texts = [b["text"]["text"] for b in blocks if b.get("type") == "section" and b.get("text")]
    return "\n\n".join(texts)[:SECTION_LIMIT] or fallback
