"""Clean text at the door: what a student sends, made safe once, before the core sees it.

Every adapter passes typed text, pressed values and display names through here when it
builds an `Inbound`, so nothing later (templates, frames JSON, SQLite, PostgreSQL, a
terminal, Telegram's reply splitting) meets text it cannot handle:

- lone UTF-16 surrogates (from a broken client or undecodable bytes) become U+FFFD;
- terminal escape sequences (OSC such as `ESC ]0;title BEL`, CSI such as `ESC [31m`)
  are removed with what they carry, so a stored name can never retitle or recolour a
  coordinator's terminal;
- NUL and every other control character except newline and tab are removed (PostgreSQL
  refuses NUL in text and JSON), and line endings become `\\n`;
- the text is put in Unicode NFC, so "é" typed two ways is one name.

Everything else (emoji, right-to-left scripts, markup, `{{ }}`) is kept as typed: escaping
for a platform happens on the way out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from bot.core.escaping import strip_invisible
from bot.core.messages import Inbound

MAX_DISPLAY_NAME_CHARS = 80

# OSC (ESC ]) up to BEL or ST (ESC \), or to the line's end when never closed; CSI
# (ESC [) with its parameters and final byte; DCS, SOS, PM and APC strings (ESC P/X/^/_)
# up to ST; any other two-character escape (ESC 7, ESC c). The 8-bit forms (0x9b, 0x9d)
# are C1 controls: removed below, which leaves only harmless text behind.
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
)
# C0 and C1 controls and DEL, except tab and newline (line endings are folded first).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LONE_SURROGATES = re.compile(
    "[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]"
)
_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _without_lone_surrogates(text: str) -> str:
    """Lone halves become U+FFFD; pairs written as two code points become the character."""
    text = _LONE_SURROGATES.sub("\ufffd", text)
    if _SURROGATES.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return text


def clean_inbound(text: str) -> str:
    """The text a student sent, safe to store, render and print (see the module docstring)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, nothing to do
    if _SURROGATES.search(text):
        text = _without_lone_surrogates(text)
    text = _LINE_ENDS.sub("\n", text)
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_display_name(name: str) -> str:
    """A platform's display name: clean, on one line, invisible characters out, bounded."""
    if name.isascii() and name.isprintable():  # the common case: nothing to take out
        return " ".join(name.split())[:MAX_DISPLAY_NAME_CHARS]
    name = " ".join(strip_invisible(clean_inbound(name)).split())
    return name[:MAX_DISPLAY_NAME_CHARS]


def clean_choice(value: str | None) -> str | None:
    """A pressed button's value: it comes back from the client, so it is student input too."""
    return None if value is None else clean_inbound(value)


def clean_message(inbound: Inbound) -> Inbound:
    """The same Inbound with its text, pressed value and display name clean (itself when
    they already are): the core's net under the adapters, for any caller that skips them."""
    text = clean_inbound(inbound.text) if isinstance(inbound.text, str) else inbound.text
    choice = clean_choice(inbound.choice) if isinstance(inbound.choice, str) else inbound.choice
    name = inbound.display_name
    name = clean_display_name(name) if isinstance(name, str) else name
    if text == inbound.text and choice == inbound.choice and name == inbound.display_name:
        return inbound
    return replace(inbound, text=text, choice=choice, display_name=name)
