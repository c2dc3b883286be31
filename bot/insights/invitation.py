"""A printable invitation to a cohort: the program's name, the Telegram deep link and
its QR code, and two lines on what Orbit is and what it keeps.

One A4 page drawn with matplotlib (the map picture's renderer, so names in any script
the installed fonts cover print correctly), saved as a PNG or a PDF. The QR code is
made by segno and drawn module by module (no smoothing), with the quiet zone QR
readers need around it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PAGE = (8.27, 11.69)  # A4, inches
PNG_DPI = 150
BOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the page says; the words come from templates (`prompts/<locale>/cli/`)."""

    program: str
    join: str  # "Join Room 12"
    link: str
    scan: str  # how to open the link
    about: tuple[str, ...]  # what Orbit is and what it keeps


def deep_link(bot: str, code: str) -> str:
    """https://t.me/<bot>?start=CODE — Telegram passes CODE to the bot's /start."""
    if not BOT_NAME.match(bot):
        raise ValueError(f"{bot!r} is not a Telegram bot username (letters, digits, _).")
    if not CODE.match(code):
        raise ValueError(f"{code!r} cannot travel in a Telegram deep link.")
    return f"https://t.me/{bot}?start={code}"


def _figure(invitation: Invitation) -> Figure:
    import segno
    from matplotlib.figure import Figure

    figure = Figure(figsize=PAGE)
    figure.text(0.5, 0.92, invitation.program, ha="center", fontsize=26, weight="bold")
    figure.text(0.5, 0.875, invitation.join, ha="center", fontsize=16)
    qr = segno.make(invitation.link, error="m")
    matrix = [[0 if dark else 1 for dark in row] for row in qr.matrix_iter(scale=1, border=4)]
    side = 0.62 * PAGE[0] / PAGE[1]  # a square on the page, in figure coordinates
    axes = figure.add_axes((0.5 - 0.31, 0.80 - side - 0.02, 0.62, side))
    axes.imshow(matrix, cmap="gray", interpolation="nearest", vmin=0, vmax=1)
    axes.set_axis_off()
    figure.text(0.5, 0.30, invitation.scan, ha="center", fontsize=13)
    figure.text(0.5, 0.27, invitation.link, ha="center", fontsize=14, family="monospace")
    about = "\n".join(textwrap.fill(line, 92) for line in invitation.about)
    figure.text(0.5, 0.20, about, ha="center", va="top", fontsize=10, linespacing=1.6)
    return figure


def write_png(invitation: Invitation, path: Path) -> None:
    _figure(invitation).savefig(path, format="png", dpi=PNG_DPI)


def write_pdf(invitation: Invitation, path: Path) -> None:
    _figure(invitation).savefig(path, format="pdf")
