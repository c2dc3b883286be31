"""Cutting a long HTML message into pieces Telegram accepts (4,096 characters each).

Cuts fall at paragraph breaks when they can, else at line breaks, else between words;
only a word longer than a whole message is cut inside. A tag open at a cut (a long
`<pre>` block) is closed at the end of one piece and opened again at the start of the
next, so every piece is valid HTML on its own. Length is measured in UTF-16 code units
on the HTML itself, which is never shorter than the text Telegram counts.
"""

from __future__ import annotations

import re

LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\n\s*\n\s*|\n|[^\S\n]+|[^<&\s]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
PARAGRAPH, LINE, SPACE = 3, 2, 1


def length(text: str) -> int:
    """Characters as Telegram counts them (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int = LIMIT) -> bool:
    """`length(text) <= limit`, without encoding the usual short text (a character is
    at most two UTF-16 code units)."""
    return 2 * len(text) <= limit or length(text) <= limit


def _tokens(text: str, limit: int) -> list[str]:
    piece = max(limit // 4, 1)
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if token.startswith("<") or length(token) <= piece:
            out.append(token)
        else:
            out += [token[i : i + piece] for i in range(0, len(token), piece)]
    return out


def _cut_kind(token: str) -> int:
    if not token.isspace():
        return 0
    newlines = token.count("\n")
    return PARAGRAPH if newlines >= 2 else LINE if newlines else SPACE


def _after(stack: tuple[str, ...], token: str) -> tuple[str, ...]:
    match = _TAG.match(token)
    if not match:
        return stack
    closing, name = match.groups()
    if not closing:
        return (*stack, token)
    for depth in range(len(stack) - 1, -1, -1):
        if _TAG.match(stack[depth]).group(2) == name:  # type: ignore[union-attr]
            return stack[:depth] + stack[depth + 1 :]
    return stack


def _closing(stack: tuple[str, ...]) -> str:
    return "".join(f"</{_TAG.match(t).group(2)}>" for t in reversed(stack))  # type: ignore[union-attr]


def _fill(
    tokens: list[str], start: int, stack: tuple[str, ...], limit: int
) -> tuple[int, tuple[str, ...]]:
    """Where the piece starting at `start` (with `stack` reopened) should end."""
    size = length("".join(stack))
    best: dict[int, tuple[int, tuple[str, ...]]] = {}
    for index in range(start, len(tokens)):
        token = tokens[index]
        kind = _cut_kind(token)
        if kind and index > start:
            best[kind] = (index, stack)
        after = _after(stack, token)
        if index > start and size + length(token) + length(_closing(after)) > limit:
            for kind in (PARAGRAPH, LINE, SPACE):
                if kind in best:
                    return best[kind]
            return index, stack
        size += length(token)
        stack = after
    return len(tokens), stack


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    """`text` in pieces of at most `limit`, each valid HTML; see the module docstring."""
    if fits(text, limit):
        return [text] if text.strip() else []
    tokens = _tokens(text, limit)
    pieces: list[str] = []
    index = 0
    stack: tuple[str, ...] = ()
    while index < len(tokens):
        end, end_stack = _fill(tokens, index, stack, limit)
        piece = "".join(stack) + "".join(tokens[index:end]) + _closing(end_stack)
        if re.sub(r"<[^>]*>", "", piece).strip():
            pieces.append(piece.strip())
        index, stack = end, end_stack
        while index < len(tokens) and tokens[index].isspace():
            index += 1
    return pieces
