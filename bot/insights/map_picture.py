"""A student's map as a picture (PNG), and the same map as text for screen readers.

The picture is a target: the student in the centre, one ring per closeness level
(closest inside, in the order of the configured closeness options, shaded strongest to
lightest), one sector per part of life (the configured domains in order, clockwise from
12 o'clock). Each sector sizes its own rings to what they hold, so the ring edges step
from one sector to the next; the legend's first row names the rings. Each person is a
label in their ring and sector: a mark per support type (colour *and* shape, so it works
without colour vision), then the name; people new since a date get a gold star and a
bold name. A part of life with nobody in it says "no one yet" — an invitation, not a
failure. A legend sits below the target.

It is drawn for a phone: 1080 px wide, names at 12.5 pt (26 px) and nothing under 12 pt.
Labels never overlap and never leave their ring and sector. Sectors and rings are sized
to what they hold (plus an even base, so small maps look even); labels go in by a greedy
search over candidate spots, calmly from the middle of each cell, or packed row by row
when the cell is crowded, with long names shortened with "…". When a cell still
overflows, it gets more room and the layout is tried again; what cannot fit after that
is summed up as "+N more" (the text summary always names everyone).

Text is measured by the renderer, so Arabic (shaped by matplotlib's libraqm) and accented
names lay out correctly. Characters no installed font can draw (many emoji; CJK unless a
Noto CJK font is installed) are left out of the picture, never out of the text summary,
so nothing renders as a box and nothing warns; a name with nothing drawable left is "?".

matplotlib is imported on first use, through `Figure` and the Agg canvas directly: no
pyplot, no global state, safe to call from a worker thread.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.lessons import Option
from bot.core.messages import Markup
from bot.core.private_files import open_private
from bot.core.templates import Prompts
from bot.insights import default_prompts, labels
from bot.insights.measures import Growth, growth, people_as_of
from bot.store.records import PersonRecord

if TYPE_CHECKING:
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

WIDTH = 1080  # px: a phone screen's width
DPI = 150
NAME_PT = 12.5  # names (26 px); nothing on the picture is smaller than SMALL_PT
SMALL_PT = 12.0
TITLE_PT = 17.0
RADIUS = 515  # px, the outer ring
CENTRE_RADIUS = 72  # px, the student's disc
TOP = 96  # px above the target, for the title
ROW = 40  # px per legend row
LABEL_H = 30  # px, the height of one person's label
MARK = 15  # px per support mark
MAX_NAME_PX = 230  # longer names are shortened with "…"
MIN_NAME_PX = 60  # ... and, in a crowded cell, step by step down to this
SHORTEN_STEP = 16
PAD = 4  # px kept clear around labels and inside ring/sector edges
STEP = 6  # px between candidate spots
CAPTION_LINE = 30  # px per line of a part of life's caption
CAPTION_PX = 210  # a part of life's caption wraps at this width
PACKING = 2.2  # area a cell needs per px² of its labels (wedges do not tile rectangles)
BASE_SHARE = 0.35  # of an even split, what every sector and ring gets before demand
EMPTY_BAND = 40  # px, the narrowest a ring with nobody in it gets
TRIES = 6  # layouts tried, giving overflowing cells more room each time
TRIES_FOR_NAMES = 3  # ... but only this many when everyone fits and names are just shortened
BOOST = 1.3  # how much more room an overflowing cell asks for on the next try

INK = "#1f2430"
MUTED = "#80858f"
RING_LINE = "#b9bdc4"
NEUTRAL_TINT = "#b4bac6"  # the rings' swatches in the legend
CENTRE = "#27304a"
STAR = "#f2b705"
# Sector tints (light) and caption inks (dark) per part of life, cycled if more are configured.
SECTOR_TINTS = ("#f6d5c3", "#cfe3f3", "#d9ecd0", "#f3e3b5", "#e4d5ef", "#cdeae6", "#f2d3de")
SECTOR_INKS = ("#9a4a1f", "#22598a", "#3d6e2b", "#7d6210", "#5f3f86", "#1d6b61", "#8e3458")
# Support marks: colour-blind-safe colours (Okabe-Ito) and distinct shapes.
MARK_COLOURS = ("#d55e00", "#0072b2", "#cc79a7", "#009e73", "#e69f00", "#56b4e9", "#000000")
MARK_SHAPES = ("o", "s", "^", "D", "v", "p", "h", "8")
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


_WIDTHS: dict[tuple[str, bool, float, tuple[str, ...]], float] = {}
_WIDTHS_KEPT = 20_000  # about 2 MB of remembered text widths


# --- fonts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fonts:
    families: tuple[str, ...]
    regular: frozenset[int]  # code points the regular chain can draw
    bold: frozenset[int]


@cache
def _fonts() -> _Fonts:
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
    coverage = _fonts().bold if bold else _fonts().regular
    kept = [
        ch
        for ch in unicodedata.normalize("NFC", name)
        if ch == " " or (ord(ch) in coverage and unicodedata.category(ch)[0] not in "CZ")
    ]
    text = " ".join("".join(kept).split())
    if not any(ch.isalnum() or unicodedata.category(ch) == "So" for ch in text):
        return ""
    return text


class _Measure:
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
            if len(_WIDTHS) >= _WIDTHS_KEPT:
                _WIDTHS.clear()  # crude, but bounded; refilling is cheap
            _WIDTHS[key] = known
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


# --- layout: pure geometry in px, relative to the target's centre ---------------------


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True, slots=True)
class _Sector:
    """One part of life: its caption and the angles it spans (radians, a_from < a_to)."""

    value: str
    caption: tuple[str, ...]  # the label, wrapped
    caption_w: float
    caption_h: float
    tint: str
    ink: str
    empty: bool
    floor: float  # the narrowest angle that still holds its caption (and "no one yet")
    a_from: float = 0.0
    a_to: float = 0.0
    bands: tuple[tuple[float, float], ...] = ()  # (inner, outer) radius of each ring


@dataclass(slots=True)
class _Cell:
    """One ring of one sector, and the boxes already taken in it."""

    r_in: float
    r_out: float
    a_from: float
    a_to: float
    boxes: list[Box] = field(default_factory=list)
    _grid: Any = None

    def grid(self) -> np.ndarray:
        """Candidate centres about every STEP px across the cell (computed once), with
        columns x, y, |x|, |y| and the signed distances to the two sector edges."""
        import numpy as np

        if self._grid is None:
            radii = np.arange(self.r_in + PAD, self.r_out - PAD + 0.1, STEP)
            count = max(2, int(self.r_out * (self.a_to - self.a_from) / STEP))
            angles = np.linspace(self.a_from, self.a_to, count)
            r, a = (m.ravel() for m in np.meshgrid(radii, angles))
            x, y = r * np.cos(a), r * np.sin(a)
            after_from = math.cos(self.a_from) * y - math.sin(self.a_from) * x
            before_to = x * math.sin(self.a_to) - y * math.cos(self.a_to)
            self._grid = np.column_stack((x, y, np.abs(x), np.abs(y), after_from, before_to))
        return self._grid


@dataclass(frozen=True, slots=True)
class _Pending:
    """A person's label before placement."""

    person: PersonRecord
    name: str  # drawable, full length
    new: bool
    marks: tuple[int, ...]  # indexes into the support options
    width: float  # with the name shortened to MAX_NAME_PX


@dataclass(frozen=True, slots=True)
class _Label:
    """A placed label; `person` is None for a "+N more" note."""

    person: PersonRecord | None
    text: str
    new: bool
    marks: tuple[int, ...]
    width: float
    x: float  # centre
    y: float


@dataclass(frozen=True, slots=True)
class _Arrangement:
    sectors: list[_Sector]
    captions: list[tuple[float, float]]  # centre of each sector's caption
    labels: list[_Label]
    hidden: int  # people not on the picture (counted in "+N more" notes)
    shortened: int  # names shortened more than MAX_NAME_PX needs


def _label_width(text_px: float, marks: int, new: bool) -> float:
    return (MARK + 6 if new else 0) + marks * MARK + (6 if marks else 0) + text_px


def _box_area(w: float, h: float) -> float:
    return (w + 3 * PAD) * (h + 3 * PAD)


def _fits(grid: np.ndarray, half_w: float, half_h: float, cell: _Cell) -> np.ndarray:
    """Which candidate centres keep a whole box inside the cell, with PAD to spare.

    The nearest corner to a sector edge is at the centre's distance minus
    |cos|·half_h + |sin|·half_w of the edge's angle, so no corner loop is needed.
    """
    import numpy as np

    ax_, ay_ = grid[:, 2], grid[:, 3]
    ok = np.hypot(ax_ + half_w, ay_ + half_h) <= cell.r_out - PAD
    ok &= np.hypot(np.maximum(ax_ - half_w, 0), np.maximum(ay_ - half_h, 0)) >= cell.r_in + PAD
    reach_from = abs(math.cos(cell.a_from)) * half_h + abs(math.sin(cell.a_from)) * half_w
    reach_to = abs(math.cos(cell.a_to)) * half_h + abs(math.sin(cell.a_to)) * half_w
    after_from = grid[:, 4] >= PAD + reach_from
    before_to = grid[:, 5] >= PAD + reach_to
    convex = cell.a_to - cell.a_from <= math.pi
    ok &= (after_from & before_to) if convex else (after_from | before_to)
    return ok


def _place(cell: _Cell, width: float, dense: bool) -> tuple[float, float] | None:
    """The best free spot for a label of this width, or None; the spot is then taken.

    Calm order: nearest the middle of the cell first. Dense order: the top row first,
    left to right, which fits the most labels into a crowded cell.
    """
    import numpy as np

    half_w, half_h = width / 2 + PAD / 2, LABEL_H / 2
    grid = cell.grid()
    ok = _fits(grid, half_w, half_h, cell)
    if cell.boxes and ok.any():
        b = np.array(cell.boxes)
        xs, ys = grid[ok, 0:1], grid[ok, 1:2]
        clear = (
            (xs + half_w + PAD <= b[:, 0])
            | (xs - half_w - PAD >= b[:, 2])
            | (ys + half_h + PAD <= b[:, 1])
            | (ys - half_h - PAD >= b[:, 3])
        ).all(axis=1)
        ok[ok] = clear
    spots = grid[ok, :2]
    if not len(spots):
        return None
    if dense:
        best = int(np.lexsort((spots[:, 0], -np.round(spots[:, 1] / STEP)))[0])
    else:
        mid_r, mid_a = (cell.r_in + cell.r_out) / 2, (cell.a_from + cell.a_to) / 2
        middle = (mid_r * math.cos(mid_a), mid_r * math.sin(mid_a))
        best = int(np.argmin(np.hypot(spots[:, 0] - middle[0], spots[:, 1] - middle[1])))
    x, y = float(spots[best, 0]), float(spots[best, 1])
    cell.boxes.append((x - half_w, y - half_h, x + half_w, y + half_h))
    return x, y


def _fill_cell(
    cell: _Cell, members: list[_Pending], measure: _Measure, more: Callable[[int], str]
) -> tuple[list[_Label], int, int]:
    """Place a cell's labels, calmly if all fit at full length, else packed densely.

    Returns the labels, how many people are hidden and how many names were shortened
    beyond MAX_NAME_PX. New people go first, then the widest labels (they are the hard
    ones to fit; narrow ones fill the gaps).
    """
    order = sorted(members, key=lambda m: (not m.new, -m.width))
    fixed = list(cell.boxes)
    best: tuple[list[_Label], int, int, list[Box]] | None = None
    for dense in (False, True):
        cell.boxes = list(fixed)
        placed, hidden, shortened = _try_cell(cell, order, measure, more, dense)
        if best is None or (hidden, shortened) < best[1:3]:
            best = (placed, hidden, shortened, list(cell.boxes))
        if not hidden and not shortened:
            break
    assert best is not None
    cell.boxes = best[3]
    return best[0], best[1], best[2]


def _try_cell(
    cell: _Cell,
    members: list[_Pending],
    measure: _Measure,
    more: Callable[[int], str],
    dense: bool,
) -> tuple[list[_Label], int, int]:
    placed: list[_Label] = []
    hidden = shortened = 0
    too_wide: float = math.inf  # boxes are only ever added, so a width that failed fails again
    for m in members:
        limit: float = MAX_NAME_PX
        while True:
            text = measure.fit(m.name, limit, bold=m.new)
            width = _label_width(measure.width(text, bold=m.new), len(m.marks), m.new)
            spot = _place(cell, width, dense) if width < too_wide else None
            if spot:
                placed.append(_Label(m.person, text, m.new, m.marks, width, *spot))
                shortened += width < m.width
                break
            too_wide = min(too_wide, width)
            limit = min(limit, measure.width(text, bold=m.new)) - SHORTEN_STEP
            if limit < MIN_NAME_PX:
                hidden += 1
                break
    while hidden:  # say how many did not fit, making room for the note if need be
        text = more(hidden)
        width = measure.width(text, size=SMALL_PT)
        spot = _place(cell, width, dense)
        if spot:
            placed.append(_Label(None, text, False, (), width, *spot))
            break
        if not placed:
            break
        cell.boxes.pop()
        placed.pop()
        hidden += 1
    return placed, hidden, shortened


def _angles(
    sectors: list[_Sector], demand: dict[tuple[int, int], float], rings: int
) -> list[float]:
    """Each sector's angle: its share of the demand plus an even base, never below its
    floor (what its caption, or its "no one yet", needs)."""
    n = len(sectors)
    disc = math.pi * (RADIUS**2 - CENTRE_RADIUS**2)
    weights = [
        BASE_SHARE * disc / n + PACKING * sum(demand.get((i, r), 0.0) for r in range(rings))
        for i in range(n)
    ]
    angles = [2 * math.pi * w / sum(weights) for w in weights]
    floors = [min(s.floor, 2 * math.pi / n) for s in sectors]
    for _ in range(3):  # lift narrow sectors to their floor, taking from the others
        short = [i for i in range(n) if angles[i] < floors[i] - 1e-9]
        if not short:
            break
        for i in short:
            angles[i] = floors[i]
        rest = [i for i in range(n) if angles[i] > floors[i] + 1e-9]
        room = 2 * math.pi - sum(angles[i] for i in range(n) if i not in rest)
        total = sum(angles[i] for i in rest)
        for i in rest:
            angles[i] *= room / total
    return angles


def _band_floor(min_width: float | None, a_from: float, a_to: float) -> float:
    """How wide a ring must be in this sector for its narrowest label to fit at all.

    A horizontal label spans a ring radially by w·|cos a| + h·|sin a| at angle a, so at
    3 or 9 o'clock a ring must be as wide as the label; an empty ring stays visible.
    """
    if min_width is None:
        return EMPTY_BAND
    samples = [a_from + (a_to - a_from) * k / 8 for k in range(9)]
    reach = min(min_width * abs(math.cos(a)) + LABEL_H * abs(math.sin(a)) for a in samples)
    return reach + 3 * PAD


def _bands(
    i: int,
    sector: _Sector,
    demand: dict[tuple[int, int], float],
    min_widths: dict[tuple[int, int], float],
    rings: int,
) -> tuple[tuple[float, float], ...]:
    """One sector's ring radii: areas in proportion to what each ring holds (plus an
    even base, so a small map looks like even rings), each at least its floor."""
    half = (sector.a_to - sector.a_from) / 2
    even = (RADIUS - CENTRE_RADIUS) / rings
    wants = []
    for r in range(rings):
        r0, r1 = CENTRE_RADIUS + r * even, CENTRE_RADIUS + (r + 1) * even
        wants.append(BASE_SHARE * half * (r1**2 - r0**2) + PACKING * demand.get((i, r), 0.0))
    bounds = [float(CENTRE_RADIUS**2)]
    for w in wants:
        bounds.append(bounds[-1] + (RADIUS**2 - CENTRE_RADIUS**2) * w / sum(wants))
    widths = [math.sqrt(bounds[r + 1]) - math.sqrt(bounds[r]) for r in range(rings)]
    floors = [_band_floor(min_widths.get((i, r)), sector.a_from, sector.a_to) for r in range(rings)]
    total = RADIUS - CENTRE_RADIUS
    if sum(floors) >= total:  # cannot honour every floor: share in proportion to them
        widths = [total * f / sum(floors) for f in floors]
    else:
        for _ in range(3):
            low = [r for r in range(rings) if widths[r] < floors[r]]
            if not low:
                break
            for r in low:
                widths[r] = floors[r]
            rest = [r for r in range(rings) if r not in low]
            room = total - sum(widths[r] for r in low)
            spare = sum(widths[r] for r in rest)
            for r in rest:
                widths[r] *= room / spare
    radii = [float(CENTRE_RADIUS)]
    for w in widths:
        radii.append(radii[-1] + w)
    return tuple((radii[r], radii[r + 1]) for r in range(rings))


def _lay_out(
    sectors: list[_Sector],
    demand: dict[tuple[int, int], float],
    min_widths: dict[tuple[int, int], float],
    rings: int,
) -> list[_Sector]:
    """Sectors with their angles (clockwise from 12 o'clock) and their own ring radii.

    Rings are per sector: a part of life full of close people gets a wide inner ring
    without squeezing another part of life's outer ring. Inside to outside is always
    closest to most distant, and the shading says which ring is which.
    """
    laid = []
    top = math.pi / 2
    for i, (s, angle) in enumerate(zip(sectors, _angles(sectors, demand, rings), strict=True)):
        placed = replace(s, a_from=top - angle, a_to=top)
        laid.append(replace(placed, bands=_bands(i, placed, demand, min_widths, rings)))
        top -= angle
    return laid


def _inside_wedge(x: float, y: float, w: float, h: float, sector: _Sector, outer: float) -> bool:
    corners = [(x + sx * w / 2, y + sy * h / 2) for sx in (-1, 1) for sy in (-1, 1)]
    if any(math.hypot(cx, cy) > outer for cx, cy in corners):
        return False
    if sector.a_to - sector.a_from > math.pi:
        return True
    c_from = (math.cos(sector.a_from), math.sin(sector.a_from))
    c_to = (math.cos(sector.a_to), math.sin(sector.a_to))
    return all(
        c_from[0] * cy - c_from[1] * cx >= PAD and cx * c_to[1] - cy * c_to[0] >= PAD
        for cx, cy in corners
    )


def _caption_spot(sector: _Sector, outer: float) -> tuple[float, float]:
    """The caption's centre: on the sector's middle line, as far out as it fits."""
    mid = (sector.a_from + sector.a_to) / 2
    ux, uy = math.cos(mid), math.sin(mid)
    rho = outer - 8
    while rho > 0 and not _inside_wedge(
        rho * ux, rho * uy, sector.caption_w, sector.caption_h, sector, outer - 8
    ):
        rho -= 2
    return rho * ux, rho * uy


def _arrange(
    sectors: list[_Sector],
    members: dict[tuple[int, int], list[_Pending]],
    demand: dict[tuple[int, int], float],
    rings: int,
    measure: _Measure,
    more: Callable[[int], str],
) -> _Arrangement:
    """Lay out sectors and rings, place every label; give crowded cells more room and
    try again (up to TRIES layouts), keeping the one that hides the fewest people, then
    shortens the fewest names."""
    min_widths = {key: min(m.width for m in group) for key, group in members.items()}
    boost: dict[tuple[int, int], float] = {}
    best: _Arrangement | None = None
    for attempt in range(TRIES):
        weighted = {k: v * boost.get(k, 1.0) for k, v in demand.items()}
        laid = _lay_out(sectors, weighted, min_widths, rings)
        cells = {
            (i, r): _Cell(r0, r1, s.a_from, s.a_to)
            for i, s in enumerate(laid)
            for r, (r0, r1) in enumerate(s.bands)
        }
        captions = []
        for i, s in enumerate(laid):
            x, y = _caption_spot(s, RADIUS)
            captions.append((x, y))
            half_w, half_h = s.caption_w / 2 + 6, s.caption_h / 2 + 2
            for r in range(rings):
                cells[(i, r)].boxes.append((x - half_w, y - half_h, x + half_w, y + half_h))
        placed: list[_Label] = []
        overflowing, cramped = [], []
        for key, group in members.items():
            labels_, missing, cut = _fill_cell(cells[key], group, measure, more)
            placed += labels_
            overflowing += [key] * missing
            cramped += [key] * cut
        score = (len(overflowing), len(cramped))
        if best is None or score < (best.hidden, best.shortened):
            best = _Arrangement(laid, captions, placed, *score)
        crowded = set(overflowing or cramped)  # make room for everyone first
        if not crowded or (not overflowing and attempt + 1 >= TRIES_FOR_NAMES):
            break
        for key in crowded:
            boost[key] = boost.get(key, 1.0) * BOOST
    assert best is not None
    return best


# --- drawing -----------------------------------------------------------------------


def _ring_of(person: PersonRecord, closeness: Sequence[Option]) -> int:
    values = [c.value for c in closeness]
    if person.closeness in values:
        return values.index(person.closeness)
    return len(values) // 2  # an unknown closeness sits in the middle ring


def _domain_options(domains: Sequence[Option], people: Sequence[PersonRecord]) -> list[Option]:
    """The configured domains in order, then any domain a person has that is no longer
    configured (so nobody silently disappears from their own map)."""
    options = list(domains)
    known = {d.value for d in options}
    for p in people:
        if p.domain not in known:
            options.append(Option(p.domain, p.domain))
            known.add(p.domain)
    return options


def _new_ids(people: Sequence[PersonRecord], new_since: datetime | None) -> set[str]:
    if new_since is None:
        return set()
    until = max([new_since, *(p.added_at for p in people)])
    return {p.id for p in growth(people, new_since, until).new_people}


def render_map(
    people: Sequence[PersonRecord],
    *,
    domains: Sequence[Option],
    supports: Sequence[Option],
    closeness: Sequence[Option],
    student_name: str,
    new_since: datetime | None = None,
    path: Path,
    at: datetime | None = None,
    prompts: Prompts | None = None,
) -> Path:
    """Draw the map as a PNG at `path` (1080 px wide) and return `path`.

    `at` leaves out people added after it (a past snapshot); `new_since` stars people
    added after it. `prompts` chooses the locale of the words on the picture (the
    repository's English templates by default).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    prompts = prompts or default_prompts()
    words = labels(prompts)["picture"]
    if at is not None:
        people = people_as_of(people, at)
    new_ids = _new_ids(people, new_since)
    height = TOP + 2 * RADIUS + 24 + _legend_rows(len(supports), bool(new_ids)) * ROW + 24
    fig = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    measure = _Measure(canvas.get_renderer(), _fonts().families)
    centre = (WIDTH / 2, height - TOP - RADIUS)

    arrangement = _arrangement(people, domains, supports, closeness, new_ids, measure, prompts)
    _draw_target(ax, centre, arrangement.sectors)
    for sector, spot in zip(arrangement.sectors, arrangement.captions, strict=True):
        _draw_caption(ax, centre, sector, spot, measure)
        if sector.empty:
            _draw_empty(ax, centre, sector, measure, words["no_one_yet"])
    _draw_labels(ax, centre, arrangement.labels, measure)
    _draw_centre(ax, centre, student_name, measure, words["unknown_name"])
    title = prompts.render("insights/map_title", Markup.PLAIN, count=len(people))
    ax.text(
        WIDTH / 2,
        height - TOP / 2,
        measure.fit(drawable(title, bold=True), WIDTH - 40, bold=True, size=TITLE_PT),
        ha="center",
        va="center",
        color=INK,
        fontproperties=measure.prop(bold=True, size=TITLE_PT),
        parse_math=False,
    )
    new_words = None
    if new_ids and new_since is not None:
        new_words = prompts.render("insights/map_new_since", Markup.PLAIN, since=new_since)
    rings_words = prompts.render(
        "insights/map_rings", Markup.PLAIN, rings=[c.label for c in closeness]
    )
    _draw_legend(
        ax,
        supports,
        rings_words,
        max(1, len(closeness)),
        new_words,
        measure,
        top=centre[1] - RADIUS - 24,
    )
    path = Path(path)
    with open_private(path) as handle:  # a student's name and the people they know
        fig.savefig(
            handle, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 1}
        )
    release_figure(fig, canvas)
    return path


def release_figure(fig: Any, canvas: Any) -> None:
    """Free the figure now rather than at the next cyclic garbage collection: figures,
    artists and the 6 MB pixel buffer refer to each other in cycles, and a bot drawing
    many maps would otherwise hold several of them at once."""
    fig.clear()
    canvas.renderer = None
    canvas.figure = None


def _arrangement(
    people: Sequence[PersonRecord],
    domains: Sequence[Option],
    supports: Sequence[Option],
    closeness: Sequence[Option],
    new_ids: set[str],
    measure: _Measure,
    prompts: Prompts,
) -> _Arrangement:
    """Everyone's label, the captions, and how much room each cell needs."""
    words = labels(prompts)["picture"]
    support_values = [s.value for s in supports]
    ring_count = max(1, len(closeness))
    middle = ring_count // 2
    options = _domain_options(domains, people)
    index = {o.value: i for i, o in enumerate(options)}
    empty_w = measure.width(words["no_one_yet"], size=SMALL_PT)
    middle_radius = CENTRE_RADIUS + (RADIUS - CENTRE_RADIUS) * (middle + 0.5) / ring_count
    filled = {p.domain for p in people}
    sectors: list[_Sector] = []
    demand: dict[tuple[int, int], float] = {}
    for i, option in enumerate(options):
        lines = measure.wrap(drawable(option.label) or option.value, CAPTION_PX, bold=True)
        w = max(measure.width(t, bold=True) for t in lines) + 8
        h = CAPTION_LINE * len(lines)
        empty = option.value not in filled
        floor = (w + 24) / (0.8 * RADIUS)
        if empty:
            floor = max(floor, (empty_w + 24) / middle_radius)
            demand[(i, middle)] = _box_area(empty_w, LABEL_H)
        demand[(i, ring_count - 1)] = demand.get((i, ring_count - 1), 0.0) + _box_area(w, h)
        tint, ink = SECTOR_TINTS[i % len(SECTOR_TINTS)], SECTOR_INKS[i % len(SECTOR_INKS)]
        sectors.append(_Sector(option.value, tuple(lines), w, h, tint, ink, empty, floor))
    members: dict[tuple[int, int], list[_Pending]] = {}
    order = sorted(people, key=lambda p: (p.id not in new_ids, p.added_at, p.name.casefold()))
    for p in order:
        new = p.id in new_ids
        marks = tuple(support_values.index(s) for s in p.supports if s in support_values)
        name = drawable(p.name, bold=new) or words["unknown_name"]
        text = measure.fit(name, MAX_NAME_PX, bold=new)
        width = _label_width(measure.width(text, bold=new), len(marks), new)
        key = (index[p.domain], _ring_of(p, closeness))
        members.setdefault(key, []).append(_Pending(p, name, new, marks, width))
        demand[key] = demand.get(key, 0.0) + _box_area(width, LABEL_H)

    def more(count: int) -> str:
        return prompts.render("insights/map_more", Markup.PLAIN, count=count)

    return _arrange(sectors, members, demand, ring_count, measure, more)


def _shade(colour: str, strength: float) -> tuple[float, float, float]:
    """`colour` mixed with white: 1.0 is the colour itself."""
    from matplotlib.colors import to_rgb

    return tuple(1 - strength * (1 - c) for c in to_rgb(colour))  # type: ignore[return-value]


def _ring_strength(ring: int, rings: int) -> float:
    """Closest rings are shaded strongest, the most distant lightest."""
    return 1.0 if rings == 1 else 1.0 - 0.6 * ring / (rings - 1)


def _draw_target(ax: Axes, centre: tuple[float, float], sectors: list[_Sector]) -> None:
    from matplotlib.patches import Circle, Wedge

    for s in sectors:
        start, end = math.degrees(s.a_from), math.degrees(s.a_to)
        for r, (r0, r1) in enumerate(s.bands):
            ax.add_patch(
                Wedge(
                    centre,
                    r1,
                    start,
                    end,
                    width=r1 - r0,
                    facecolor=_shade(s.tint, _ring_strength(r, len(s.bands))),
                    edgecolor="white",
                    linewidth=2,
                    zorder=0,
                )
            )
        ax.add_patch(
            Wedge(centre, RADIUS, start, end, fill=False, edgecolor="white", linewidth=4, zorder=1)
        )
    ax.add_patch(Circle(centre, RADIUS, fill=False, edgecolor=RING_LINE, linewidth=1.5, zorder=1))


def _draw_caption(ax: Axes, centre, sector: _Sector, spot, measure: _Measure) -> None:
    ax.text(
        centre[0] + spot[0],
        centre[1] + spot[1],
        "\n".join(sector.caption),
        ha="center",
        va="center",
        ma="center",
        linespacing=1.15,
        color=sector.ink,
        fontproperties=measure.prop(bold=True),
        parse_math=False,
        zorder=3,
    )


def _draw_empty(ax: Axes, centre, sector: _Sector, measure: _Measure, words: str) -> None:
    """A light "no one yet" where the middle ring crosses an empty part of life."""
    mid = (sector.a_from + sector.a_to) / 2
    r = sum(sector.bands[len(sector.bands) // 2]) / 2
    ax.text(
        centre[0] + r * math.cos(mid),
        centre[1] + r * math.sin(mid),
        words,
        ha="center",
        va="center",
        color=MUTED,
        fontproperties=measure.prop(size=SMALL_PT, italic=True),
        parse_math=False,
        zorder=3,
    )


def _marker_area(px: float) -> float:
    """scatter's `s` (points squared) for a marker about `px` pixels across."""
    return (px * 72 / DPI) ** 2


def _draw_labels(ax: Axes, centre, placed: list[_Label], measure: _Measure) -> None:
    """Names as text; marks and stars gathered into one scatter per kind (fast)."""
    cx, cy = centre
    marks: dict[int, list[tuple[float, float]]] = {}
    stars: list[tuple[float, float]] = []
    for label in placed:
        left = cx + label.x - label.width / 2
        y = cy + label.y
        if label.new:
            stars.append((left + MARK / 2 + 1, y))
            left += MARK + 6
        for k, index in enumerate(label.marks):
            marks.setdefault(index, []).append((left + k * MARK + MARK / 2, y))
        if label.marks:
            left += len(label.marks) * MARK + 6
        ax.text(
            left,
            y,
            label.text,
            ha="left",
            va="center",
            color=INK if label.person else MUTED,
            fontproperties=measure.prop(bold=label.new, size=NAME_PT if label.person else SMALL_PT),
            parse_math=False,
            zorder=4,
        )
    for index, points in marks.items():
        xs, ys = zip(*points, strict=True)
        ax.scatter(
            xs,
            ys,
            s=_marker_area(12),
            marker=MARK_SHAPES[index % len(MARK_SHAPES)],
            c=MARK_COLOURS[index % len(MARK_COLOURS)],
            edgecolors="white",
            linewidths=0.6,
            zorder=5,
        )
    if stars:
        xs, ys = zip(*stars, strict=True)
        ax.scatter(
            xs, ys, s=_marker_area(16), marker="*", c=STAR, edgecolors=INK, linewidths=0.6, zorder=5
        )


def _draw_centre(ax: Axes, centre, student_name: str, measure: _Measure, unknown: str) -> None:
    from matplotlib.patches import Circle

    ax.add_patch(Circle(centre, CENTRE_RADIUS - 6, facecolor=CENTRE, edgecolor="none", zorder=2))
    name = drawable(student_name, bold=True) or unknown
    ax.text(
        centre[0],
        centre[1],
        measure.fit(name, 2 * CENTRE_RADIUS - 24, bold=True),
        ha="center",
        va="center",
        color="white",
        fontproperties=measure.prop(bold=True),
        parse_math=False,
        zorder=3,
    )


def _draw_legend(
    ax: Axes,
    supports: Sequence[Option],
    rings_words: str,
    rings: int,
    new_words: str | None,
    measure: _Measure,
    *,
    top: float,
) -> None:
    """First row: the rings (shade swatches, closest first); then the support marks and
    the new-person star, two to a row."""
    from matplotlib.patches import Rectangle

    y = top - ROW / 2
    for r in range(rings):
        ax.add_patch(
            Rectangle(
                (40 + r * 16, y - 9),
                16,
                18,
                facecolor=_shade(NEUTRAL_TINT, _ring_strength(r, rings)),
                edgecolor="white",
                linewidth=1,
            )
        )
    ax.text(
        40 + rings * 16 + 10,
        y,
        measure.fit(drawable(rings_words) or "?", WIDTH - 120 - rings * 16),
        ha="left",
        va="center",
        color=INK,
        fontproperties=measure.prop(),
        parse_math=False,
    )
    entries = [
        (MARK_SHAPES[i % len(MARK_SHAPES)], MARK_COLOURS[i % len(MARK_COLOURS)], s.label)
        for i, s in enumerate(supports)
    ]
    if new_words:
        entries.append(("*", STAR, new_words))
    column = (WIDTH - 80) / 2
    for i, (shape, colour, text) in enumerate(entries):
        x = 40 + (i % 2) * column
        y = top - ROW / 2 - (i // 2 + 1) * ROW
        star = shape == "*"
        ax.scatter(
            [x + 8],
            [y],
            s=_marker_area(18 if star else 14),
            marker=shape,
            c=colour,
            edgecolors=INK if star else "white",
            linewidths=0.6,
        )
        ax.text(
            x + 26,
            y,
            measure.fit(drawable(text) or "?", column - 40),
            ha="left",
            va="center",
            color=INK,
            fontproperties=measure.prop(),
            parse_math=False,
        )


def _legend_rows(supports: int, new: bool) -> int:
    return 1 + math.ceil((supports + (1 if new else 0)) / 2)


# --- the same map as text ----------------------------------------------------------


def growth_text(
    change: Growth,
    *,
    domains: Sequence[Option],
    prompts: Prompts | None = None,
    markup: Markup = Markup.PLAIN,
) -> str:
    """One line such as "3 new people since 3 October; your first career tie"."""
    prompts = prompts or default_prompts()
    domain_labels = {d.value: d.label for d in domains}
    return prompts.render(
        "insights/growth",
        markup,
        since=change.since,
        new_count=len(change.new_people),
        new_names=[p.name for p in change.new_people],
        first_career=change.first_career_tie.name if change.first_career_tie else None,
        new_domains=[domain_labels.get(d, d) for d in change.new_domains],
    )
