"""Drawing a laid-out map with matplotlib: the target, captions, labels, the centre and
the legend (see `map_layout` for where things go)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.core.lessons import Option
from bot.insights.map_fonts import Measure, drawable
from bot.insights.map_layout import Label, Sector
from bot.insights.map_style import (
    CENTRE,
    CENTRE_RADIUS,
    DPI,
    INK,
    MARK,
    MARK_COLOURS,
    MARK_SHAPES,
    MUTED,
    NAME_PT,
    NEUTRAL_TINT,
    RADIUS,
    RING_LINE,
    ROW,
    SMALL_PT,
    STAR,
    TITLE_PT,
    WIDTH,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def _shade(colour: str, strength: float) -> tuple[float, float, float]:
    """`colour` mixed with white: 1.0 is the colour itself."""
    from matplotlib.colors import to_rgb

    return tuple(1 - strength * (1 - c) for c in to_rgb(colour))  # type: ignore[return-value]


def _ring_strength(ring: int, rings: int) -> float:
    """Closest rings are shaded strongest, the most distant lightest."""
    return 1.0 if rings == 1 else 1.0 - 0.6 * ring / (rings - 1)


def draw_target(ax: Axes, centre: tuple[float, float], sectors: list[Sector]) -> None:
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


def draw_caption(ax: Axes, centre, sector: Sector, spot, measure: Measure) -> None:
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


def draw_empty(ax: Axes, centre, sector: Sector, measure: Measure, words: str) -> None:
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


def draw_labels(ax: Axes, centre, placed: list[Label], measure: Measure) -> None:
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


def draw_centre(ax: Axes, centre, student_name: str, measure: Measure, unknown: str) -> None:
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


def draw_title(ax: Axes, title: str, measure: Measure, *, y: float) -> None:
    ax.text(
        WIDTH / 2,
        y,
        measure.fit(drawable(title, bold=True), WIDTH - 40, bold=True, size=TITLE_PT),
        ha="center",
        va="center",
        color=INK,
        fontproperties=measure.prop(bold=True, size=TITLE_PT),
        parse_math=False,
    )


def draw_legend(
    ax: Axes,
    supports: Sequence[Option],
    rings_words: str,
    rings: int,
    new_words: str | None,
    measure: Measure,
    *,
    top: float,
) -> None:
    """First row: the rings (shade swatches, closest first); then the support marks and
    the new-person star, two to a row."""
    _draw_rings_key(ax, rings_words, rings, measure, y=top - ROW / 2)
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


def _draw_rings_key(ax: Axes, rings_words: str, rings: int, measure: Measure, *, y: float) -> None:
    """The legend's first row: a shade swatch per ring, then what the rings mean."""
    from matplotlib.patches import Rectangle

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


def legend_rows(supports: int, new: bool) -> int:
    return 1 + math.ceil((supports + (1 if new else 0)) / 2)
