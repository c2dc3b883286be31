"""An in-memory student for conversation tests: say something, read the replies."""

from __future__ import annotations

from itertools import count

from bot.core.engine import Coach
from bot.core.messages import ConversationKey, Inbound, Markup, Outbound

_ids = count(1)


class Chat:
    def __init__(
        self,
        coach: Coach,
        *,
        user: str,
        platform: str = "test",
        markup: Markup = Markup.PLAIN,
        line_by_line: bool = False,
    ) -> None:
        self.coach = coach
        self.line_by_line = line_by_line  # a terminal: one message per typed line
        self.key = ConversationKey(platform=platform, team="t1", user=user)
        self.user = user
        self.markup = markup
        self.replies: list[Outbound] = []

    def inbound(
        self, text: str = "", *, choice: str | None = None, event_id: str | None = None
    ) -> Inbound:
        return Inbound(
            key=self.key,
            event_id=event_id or f"e{next(_ids)}",
            text=text,
            choice=choice,
            display_name=self.user.title(),
            markup=self.markup,
            line_by_line=self.line_by_line,
        )

    async def say(
        self, text: str = "", *, choice: str | None = None, event_id: str | None = None
    ) -> str:
        """Send one message; return all reply texts joined, for easy assertions."""
        inbound = self.inbound(text, choice=choice, event_id=event_id)
        self.replies = await self.coach.handle(inbound)
        self.coach.sent(inbound)  # as an adapter does once the replies are out
        return "\n".join(r.text for r in self.replies)

    async def walk(self, *messages: str) -> str:
        out = ""
        for message in messages:
            out = await self.say(message)
        return out

    @property
    def choices(self) -> list[str]:
        return [c.label for r in self.replies for c in r.choices]


# A whole mapping lesson: consent, seven parts of life (two with people), reflection.
MAPPING_WALK = [
    "hi",
    "yes",
    "Mom",
    "1, 2",
    "close",
    "Tío Beto",
    "practical",
    "3",
    "done",  # family
    "skip",  # peers
    "Ms. Rivera",
    "advice and feedback",
    "in between",
    "done",  # school
    "skip",
    "skip",
    "skip",
    "skip",  # activities..online
    "nursing",
    "Ms. Rivera",
    "Coach Dee",
]
