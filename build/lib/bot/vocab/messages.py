"""What the core says back: a reply (`Outbound`), its options and the markup it is in.

The store keeps replies until they are sent (`pending_reply`), the schedule hands them to
a sender, adapters turn them into platform calls; all of them read these types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Markup(StrEnum):
    """The text dialect an adapter can show; the core escapes student text for it."""

    PLAIN = "plain"
    HTML = "html"  # Telegram's HTML parse mode
    MRKDWN = "mrkdwn"  # Slack


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a question; `value` comes back in `Inbound.choice` when pressed."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Outbound:
    """One reply: text (already escaped for the adapter's markup) and optional choices."""

    text: str
    choices: tuple[Choice, ...] = ()
    multi: bool = False
    image_path: str | None = None
    document: str | None = None  # text to present as a copyable block

    # To this student privately (their DM with the bot), not where their message came
    # from: the crisis resources answering a message in a group or channel.
    private: bool = False
