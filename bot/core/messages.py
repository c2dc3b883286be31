"""What flows between adapters and the core.

Adapters translate platform events into `Inbound` and `Outbound` into platform
calls; the core never sees a platform payload and adapters never decide anything.
The key and the reply types belong to the shared vocabulary (`bot/vocab/`), which the
store and the schedule read too; they are named here as well so the core and the
adapters find every message type in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.vocab.keys import ConversationKey, default_team
from bot.vocab.messages import Choice, Markup, Outbound

__all__ = ["Choice", "ConversationKey", "Inbound", "Markup", "Outbound", "default_team"]


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
    # a terminal sends each typed line as its own message (a blank one is a paragraph break);
    # chat apps send a paragraph or more per message, so a draft's messages are paragraphs
    line_by_line: bool = False
