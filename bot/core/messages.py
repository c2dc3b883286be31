"""What flows between adapters and the core.

Adapters translate platform events into `Inbound` and `Outbound` into platform
calls; the core never sees a platform payload and adapters never decide anything.
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
class ConversationKey:
    """Who a conversation belongs to: one student on one platform (and workspace)."""

    platform: str
    team: str
    user: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.team}:{self.user}"


def default_team(platform: str) -> str:
    """The team of a key when none is given: the console's is "local", Telegram has none
    (Slack needs the workspace id)."""
    return "local" if platform == "console" else ""


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a student did: typed `text` or pressed the button with `choice`."""

    key: ConversationKey
    event_id: str
    text: str = ""
    choice: str | None = None
    display_name: str = ""
    markup: Markup = Markup.PLAIN
    private: bool = True  # a direct message, not a group or channel
    addressed: bool = True  # in a group: a command or mention for us (else only overheard)


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
