"""A printable invitation to a cohort: the program's name, the Telegram deep link and
its QR code, and two lines on what Orbit is and what it keeps.

One A4 page drawn with matplotlib (the map picture's renderer, so names in any script
the installed fonts cover print correctly), saved as a PNG or a PDF. The QR code is
made by segno and drawn module by module (no smoothing), with the quiet zone QR
readers need around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PAGE = (8.27, 11.69)  # A4, inches
PNG_DPI = 150
BOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ABOUT = (
    "Orbit is a coach in chat: short lessons on who you know and how to ask them for help.",
    "It keeps your first name, the first names you add to your map and your answers —"
    " nothing until you say yes, and /delete removes it all.",
)


@dataclass(frozen=True, slots=True)
class Invitation:
    program: str
    cohort: str
    link: str


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
    figure.text(0.5, 0.875, f"Join {invitation.cohort}", ha="center", fontsize=16)
    qr = segno.make(invitation.link, error="m")
    matrix = [[0 if dark else 1 for dark in row] for row in qr.matrix_iter(scale=1, border=4)]
    side = 0.62 * PAGE[0] / PAGE[1]  # a square on the page, in figure coordinates
    axes = figure.add_axes((0.5 - 0.31, 0.80 - side - 0.02, 0.62, side))
    axes.imshow(matrix, cmap="gray", interpolation="nearest", vmin=0, vmax=1)
    axes.set_axis_off()
    figure.text(0.5, 0.30, "Scan with your phone's camera, or open:", ha="center", fontsize=13)
    figure.text(0.5, 0.27, invitation.link, ha="center", fontsize=14, family="monospace")
    for n, line in enumerate(ABOUT):
        figure.text(0.5, 0.19 - n * 0.035, line, ha="center", fontsize=10, wrap=True)
    return figure


def write_png(invitation: Invitation, path: Path) -> None:
    _figure(invitation).savefig(path, format="png", dpi=PNG_DPI)


def write_pdf(invitation: Invitation, path: Path) -> None:
    _figure(invitation).savefig(path, format="pdf")
