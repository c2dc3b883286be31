"""Which characters the picture can draw, and how wide a text is at the picture's scale.

Text is measured by the renderer, so Arabic (shaped by matplotlib's libraqm) and accented
names lay out correctly. Characters no installed font can draw (many emoji; CJK unless a
Noto CJK font is installed) are left out of the picture, never out of the text the bot
sends, so nothing renders as a box and nothing warns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from bot.insights.map_style import NAME_PT
from bot.vocab.bounded import Recent

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase

# Installed fonts tried after DejaVu Sans for scripts it lacks (CJK, Devanagari ...).
FALLBACK_FAMILIES = (
    "Noto Sans",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK KR",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans Hebrew",
    "Noto Sans Arabic",
    "Noto Sans Ethiopic",
    "Noto Sans Symbols2",
)


# About 2 MB of remembered text widths, the least recently used forgotten first.
_WIDTHS: Recent[tuple[str, bool, float, tuple[str, ...]], float] = Recent(20_000)


@dataclass(frozen=True, slots=True)
class _Fonts:
    families: tuple[str, ...]
    regular: frozenset[int]  # code points the regular chain can draw
    bold: frozenset[int]


@cache
def fonts() -> _Fonts:
    from matplotlib import font_manager, ft2font

    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = ("DejaVu Sans", *(f for f in FALLBACK_FAMILIES if f in installed))
    coverage: dict[bool, set[int]] = {False: set(), True: set()}
    for family in families:
        for bold in (False, True):
            entries = [
                f
                for f in font_manager.fontManager.ttflist
                if f.name == family and f.style == "normal" and _is_bold(f.weight) == bold
            ]
            for entry in entries[:1]:
                try:
                    coverage[bold].update(ft2font.FT2Font(entry.fname).get_charmap())
                except (OSError, RuntimeError):  # an unreadable font is simply not used
                    continue
    if not coverage[True]:
        coverage[True] = coverage[False]
    return _Fonts(families, frozenset(coverage[False]), frozenset(coverage[True]))


def _is_bold(weight: int | str) -> bool:
    from matplotlib.font_manager import weight_dict

    return (weight if isinstance(weight, int) else weight_dict.get(weight, 400)) >= 600


def drawable(name: str, *, bold: bool = False) -> str:
    """`name` without the characters no installed font can draw ("" if nothing is left).

    Control and format characters (joiners, marks of direction) go too; libraqm works
    out the direction of Arabic or Hebrew text by itself.
    """
    coverage = fonts().bold if bold else fonts().regular
    kept = [
        ch
        for ch in unicodedata.normalize("NFC", name)
        if ch == " " or (ord(ch) in coverage and unicodedata.category(ch)[0] not in "CZ")
    ]
    text = " ".join("".join(kept).split())
    if not any(ch.isalnum() or unicodedata.category(ch) == "So" for ch in text):
        return ""
    return text


class Measure:
    """Text widths in px at the picture's scale.

    Widths depend only on the text, the font and the size (the DPI is fixed), so they
    are remembered across pictures in a bounded module-level table.
    """

    def __init__(self, renderer: RendererBase, families: tuple[str, ...]) -> None:
        self.renderer = renderer
        self.families = families

    def prop(self, *, bold: bool = False, size: float = NAME_PT, italic: bool = False) -> Any:
        from matplotlib.font_manager import FontProperties

        return FontProperties(
            family=list(self.families),
            weight="bold" if bold else "normal",
            style="italic" if italic else "normal",
            size=size,
        )

    def width(self, text: str, *, bold: bool = False, size: float = NAME_PT) -> float:
        key = (text, bold, size, self.families)
        known = _WIDTHS.get(key)
        if known is None:
            w, _, _ = self.renderer.get_text_width_height_descent(
                text, self.prop(bold=bold, size=size), ismath=False
            )
            known = float(w)
            _WIDTHS.put(key, known)
        return known

    def fit(self, text: str, max_px: float, *, bold: bool = False, size: float = NAME_PT) -> str:
        """`text`, shortened with "…" until it is at most `max_px` wide."""
        if self.width(text, bold=bold, size=size) <= max_px:
            return text
        low, high = 1, len(text)
        while low < high:  # the longest prefix that fits with the ellipsis
            mid = (low + high + 1) // 2
            if self.width(text[:mid].rstrip() + "…", bold=bold, size=size) <= max_px:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…"

    def wrap(self, text: str, max_px: float, *, bold: bool = False) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and self.width(f"{lines[-1]} {word}", bold=bold) <= max_px:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return [self.fit(line, max_px, bold=bold) for line in lines] or [""]
