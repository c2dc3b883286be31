"""Escaping student text for each markup, so typed text always arrives as typed.

A student's `<b>` or `<!channel>` must never become markup or a mention. Every
value a template prints is escaped by `finalize`; only what our own filters mark
`Safe` (bold, code blocks) passes through.
"""

from __future__ import annotations

import html
import re

from bot.core.messages import Markup


class Safe(str):
    """Text already in the target markup; printed without escaping."""

    __slots__ = ()


def _mrkdwn(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str, markup: Markup) -> str:
    if markup is Markup.HTML:
        return html.escape(text, quote=False)
    if markup is Markup.MRKDWN:
        return _mrkdwn(text)
    return text


def bold(text: str, markup: Markup) -> Safe:
    inner = escape(text, markup)
    if markup is Markup.HTML:
        return Safe(f"<b>{inner}</b>")
    if markup is Markup.MRKDWN:
        return Safe(f"*{inner}*")
    return Safe(inner)


def code_block(text: str, markup: Markup) -> Safe:
    inner = escape(text, markup)
    if markup is Markup.HTML:
        return Safe(f"<pre>{inner}</pre>")
    if markup is Markup.MRKDWN:
        return Safe(f"```{inner}```")
    return Safe(inner)


_INVISIBLE = re.compile("[\u200b\u200c\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def strip_invisible(text: str) -> str:
    """Drop zero-width and direction-override characters (keep the emoji joiner U+200D)."""
    return _INVISIBLE.sub("", text)
