"""Where everything goes on the map picture: pure geometry in px, relative to the
target's centre (no drawing here).

Sectors and rings are sized to what they hold (plus an even base, so small maps look
even); labels go in by a greedy search over candidate spots, calmly from the middle of
each cell, or packed row by row when the cell is crowded, with long names shortened with
"…". When a cell still overflows, it gets more room and the layout is tried again; what
cannot fit after that is summed up as "+N more".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from bot.core.lessons import Option
from bot.core.messages import Markup
from bot.core.templates import Prompts
from bot.insights import labels
from bot.insights.map_fonts import Measure, drawable
from bot.insights.map_style import (
    BASE_SHARE,
    BOOST,
    CAPTION_LINE,
    CAPTION_PX,
    CENTRE_RADIUS,
    EMPTY_BAND,
    LABEL_H,
    MARK,
    MAX_NAME_PX,
    MIN_NAME_PX,
    PACKING,
    PAD,
    RADIUS,
    SECTOR_INKS,
    SECTOR_TINTS,
    SHORTEN_STEP,
    SMALL_PT,
    STEP,
    TRIES,
    TRIES_FOR_NAMES,
)
from bot.vocab.records import PersonRecord

if TYPE_CHECKING:
    import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True, slots=True)
class Sector:
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
class Label:
    """A placed label; `person` is None for a "+N more" note."""

    person: PersonRecord | None
    text: str
    new: bool
    marks: tuple[int, ...]
    width: float
    x: float  # centre
    y: float


@dataclass(frozen=True, slots=True)
class Arrangement:
    sectors: list[Sector]
    captions: list[tuple[float, float]]  # centre of each sector's caption
    labels: list[Label]
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
    cell: _Cell, members: list[_Pending], measure: Measure, more: Callable[[int], str]
) -> tuple[list[Label], int, int]:
    """Place a cell's labels, calmly if all fit at full length, else packed densely.

    Returns the labels, how many people are hidden and how many names were shortened
    beyond MAX_NAME_PX. New people go first, then the widest labels (they are the hard
    ones to fit; narrow ones fill the gaps).
    """
    order = sorted(members, key=lambda m: (not m.new, -m.width))
    fixed = list(cell.boxes)
    best: tuple[list[Label], int, int, list[Box]] | None = None
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
    measure: Measure,
    more: Callable[[int], str],
    dense: bool,
) -> tuple[list[Label], int, int]:
    placed: list[Label] = []
    hidden = shortened = 0
    too_wide: float = math.inf  # boxes are only ever added, so a width that failed fails again
    for m in members:
        limit: float = MAX_NAME_PX
        while True:
            text = measure.fit(m.name, limit, bold=m.new)
            width = _label_width(measure.width(text, bold=m.new), len(m.marks), m.new)
            spot = _place(cell, width, dense) if width < too_wide else None
            if spot:
                placed.append(Label(m.person, text, m.new, m.marks, width, *spot))
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
            placed.append(Label(None, text, False, (), width, *spot))
            break
        if not placed:
            break
        cell.boxes.pop()
        placed.pop()
        hidden += 1
    return placed, hidden, shortened


def _angles(sectors: list[Sector], demand: dict[tuple[int, int], float], rings: int) -> list[float]:
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
    sector: Sector,
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
    sectors: list[Sector],
    demand: dict[tuple[int, int], float],
    min_widths: dict[tuple[int, int], float],
    rings: int,
) -> list[Sector]:
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


def _inside_wedge(x: float, y: float, w: float, h: float, sector: Sector, outer: float) -> bool:
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


def _caption_spot(sector: Sector, outer: float) -> tuple[float, float]:
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
    sectors: list[Sector],
    members: dict[tuple[int, int], list[_Pending]],
    demand: dict[tuple[int, int], float],
    rings: int,
    measure: Measure,
    more: Callable[[int], str],
) -> Arrangement:
    """Lay out sectors and rings, place every label; give crowded cells more room and
    try again (up to TRIES layouts), keeping the one that hides the fewest people, then
    shortens the fewest names."""
    min_widths = {key: min(m.width for m in group) for key, group in members.items()}
    boost: dict[tuple[int, int], float] = {}
    best: Arrangement | None = None
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
        placed: list[Label] = []
        overflowing, cramped = [], []
        for key, group in members.items():
            labels_, missing, cut = _fill_cell(cells[key], group, measure, more)
            placed += labels_
            overflowing += [key] * missing
            cramped += [key] * cut
        score = (len(overflowing), len(cramped))
        if best is None or score < (best.hidden, best.shortened):
            best = Arrangement(laid, captions, placed, *score)
        crowded = set(overflowing or cramped)  # make room for everyone first
        if not crowded or (not overflowing and attempt + 1 >= TRIES_FOR_NAMES):
            break
        for key in crowded:
            boost[key] = boost.get(key, 1.0) * BOOST
    assert best is not None
    return best


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


def layout_for(
    people: Sequence[PersonRecord],
    domains: Sequence[Option],
    supports: Sequence[Option],
    closeness: Sequence[Option],
    new_ids: set[str],
    measure: Measure,
    prompts: Prompts,
) -> Arrangement:
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
    sectors: list[Sector] = []
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
        sectors.append(Sector(option.value, tuple(lines), w, h, tint, ink, empty, floor))
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
