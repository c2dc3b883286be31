"""Who a conversation belongs to."""

from __future__ import annotations

from dataclasses import dataclass


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
