"""The platforms Orbit talks on, by the name stored in every key (`ConversationKey.platform`).

The one list: the CLI's `--platform` choices, `/grant`'s and `orbit grant`'s, and the
worker's default all read it. An adapter names its own (`PLATFORM = "telegram"`).
"""

from __future__ import annotations

PLATFORMS: tuple[str, ...] = ("console", "telegram", "slack")
