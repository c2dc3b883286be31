"""Text between Slack's format and the core's: what a student typed, and what fits a message.

Slack delivers typed text with `&`, `<`, `>` escaped and mentions, links and channel
names wrapped in `<...>`. The core must see what the student actually typed (so
`<b>` stays `<b>` and the name checks see a link as a link); it escapes text again
for mrkdwn when it echoes it. Going out, long replies are cut where a reader would
pause, and command names take Slack's `/orbit cmd` form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SECTION_LIMIT = 3000  # a Block Kit section's text; also a readable message
FENCE = "```"

_ANGLED = re.compile(r"<([^<>]*)>")
_ENTITY_TAIL = re.compile(r"&[a-z]{0,4}$")


def _angled(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    if target[:1] in ("@", "#"):  # <@U123|ana>, <#C123|general>
        return target[0] + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>, <!date^..|fallback>
        return label or "@" + target[1:].split("^", 1)[0]
    return label or target.removeprefix("mailto:")  # <http://x.org|x.org>: what was typed


def from_slack(text: str) -> str:
    """The text as the student typed it: mentions as `@name`, links as typed, `&lt;` as `<`."""
    text = _ANGLED.sub(_angled, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def with_slash_orbit(text: str, commands: Iterable[str], slash: str = "/orbit") -> str:
    """`/map` -> `/orbit map`: in Slack a message starting with `/` is a slash command,
    so the only way to reach the core's commands is through Orbit's own one."""
    names = sorted(commands, key=len, reverse=True)
    if not names:
        return text
    pattern = re.compile(r"(?<![\w/:.])/(" + "|".join(map(re.escape, names)) + r")(?![\w/-])")
    return pattern.sub(lambda m: f"{slash} {m.group(1)}", text)


def _cut(text: str, limit: int) -> tuple[str, str]:
    """Cut before `limit` at the last paragraph, line or space; never inside `&amp;`."""
    window = text[:limit]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > limit // 3:
            return text[:at], text[at + len(separator) :]
    head = window
    entity = _ENTITY_TAIL.search(head)
    if entity and entity.start() > 0:
        head = head[: entity.start()]
    return head, text[len(head) :]


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph boundaries when possible.

    A code block cut in two is closed and reopened, so each piece renders on its own.
    """
    budget = limit - 2 * (len(FENCE) + 1)
    pieces: list[str] = []
    rest = text.strip("\n")
    open_fence = False
    while rest:
        head, rest = (rest, "") if len(rest) <= budget else _cut(rest, budget)
        rest = rest.lstrip("\n")
        if open_fence:  # the previous piece closed a code block early: reopen it
            piece = head[len(FENCE) :].lstrip("\n") if head.startswith(FENCE) else FENCE + head
        else:
            piece = head
        open_fence = piece.count(FENCE) % 2 == 1
        if open_fence and rest:
            piece += FENCE
        pieces.append(piece)
    return pieces or [""]
