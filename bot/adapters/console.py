"""The terminal adapter: one line in is one student message; replies are printed.

With a terminal it shows a prompt; with piped input it reads one message per line,
so whole sessions can be scripted. Choices are printed as numbered options.
Bytes that are not valid in the terminal's encoding are read as U+FFFD whatever
PYTHONIOENCODING says, and every line is cleaned at the door (`clean_inbound`).
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO
from uuid import uuid4

from bot.core.engine import Coach
from bot.core.inbound_text import clean_display_name, clean_inbound
from bot.core.messages import ConversationKey, Inbound, Markup, Outbound

PLATFORM = "console"
TEAM = "local"


def console_key(user: str) -> ConversationKey:
    return ConversationKey(platform=PLATFORM, team=TEAM, user=user)


def format_outbound(message: Outbound) -> str:
    lines = [message.text]
    if message.document:
        lines += ["", message.document]
    if message.image_path:
        lines.append(f"[picture: {message.image_path}]")
    lines += [f"  {n}. {choice.label}" for n, choice in enumerate(message.choices, start=1)]
    return "\n".join(lines)


class ConsoleSender:
    """The terminal's way out for scheduled messages (a `schedule.Sender`): printed like
    any reply. Used by `orbit chat` as it starts; a terminal has no push."""

    markup = Markup.PLAIN

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        self.stdout.write(format_outbound(outbound) + "\n\n")
        self.stdout.flush()


class ConsoleAdapter:
    def __init__(
        self,
        coach: Coach,
        *,
        user: str,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        interactive: bool | None = None,
        on_start: Callable[[ConsoleSender], Awaitable[object]] | None = None,
    ) -> None:
        self.coach = coach
        self.key = console_key(user)
        self.user = user
        self.stdin = _forgiving(stdin)
        self.stdout = _forgiving(stdout)
        self.interactive = stdin.isatty() if interactive is None else interactive
        self.on_start = on_start  # shows what was queued for the student (orbit chat)

    def inbound(self, text: str) -> Inbound:
        return Inbound(
            key=self.key,
            event_id=uuid4().hex,
            text=clean_inbound(text),
            display_name=clean_display_name(self.user),
            markup=Markup.PLAIN,
            line_by_line=True,
        )

    async def send(self, text: str) -> None:
        inbound = self.inbound(text)
        self._print(await self.coach.handle(inbound))
        self.coach.sent(inbound)

    def _print(self, replies: list[Outbound]) -> None:
        for message in replies:
            self.stdout.write(format_outbound(message) + "\n\n")
        self.stdout.flush()

    async def resend_unsent(self) -> None:
        """What this student's last session committed but never printed (it was killed)."""
        for unsent in await self.coach.unsent(PLATFORM, team=TEAM, user=self.user):
            self._print(unsent.replies)
            self.coach.sent_event(unsent.key, unsent.event_id)

    async def run(self) -> None:
        if self.interactive:
            self.stdout.write(self.coach.render("console/banner", Markup.PLAIN) + "\n\n")
        await self.resend_unsent()  # replies a killed session committed but never printed
        if self.on_start is not None:
            await self.on_start(ConsoleSender(self.stdout))
        while True:
            line = await asyncio.to_thread(self._read_line)
            if line is None:
                return
            await self.send(line.rstrip("\r\n"))

    def _read_line(self) -> str | None:
        try:
            if self.interactive:
                return input("you> ")
            line = self.stdin.readline()
            return line if line else None
        except EOFError:
            return None


def _forgiving(stream: TextIO) -> TextIO:
    """A terminal stream that replaces undecodable bytes instead of raising (a piped
    `\\x80` must not end the chat, nor become a lone surrogate that no database takes)."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors != "replace":
        stream.reconfigure(errors="replace")
    return stream
