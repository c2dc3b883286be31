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


def same_workspace(staff: ConversationKey, student: ConversationKey) -> bool:
    """Whether a member of staff may hear about a student: Slack staff only about
    students of their own workspace (a district's schools stay apart); staff on another
    platform run the deployment and hear about everyone, as before workspaces."""
    if staff.platform == "slack" and student.platform == "slack":
        return staff.team == student.team
    return True
