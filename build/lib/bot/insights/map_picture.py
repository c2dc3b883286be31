"""A student's map as a picture (PNG), and the line that says how it grew.

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
Labels never overlap and never leave their ring and sector; what cannot fit is summed up
as "+N more" (the bot's text replies name everyone). The work is split by job:
`map_style` (sizes and colours), `map_fonts` (what can be drawn, how wide it is),
`map_layout` (where everything goes: pure geometry), `map_drawing` (matplotlib calls).

matplotlib is imported on first use, through `Figure` and the Agg canvas directly: no
pyplot, no global state, safe to call from a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.lessons import Option
from bot.core.templates import Prompts
from bot.insights import default_prompts, labels
from bot.insights.map_drawing import (
    draw_caption,
    draw_centre,
    draw_empty,
    draw_labels,
    draw_legend,
    draw_target,
    draw_title,
    legend_rows,
)
from bot.insights.map_fonts import Measure, fonts
from bot.insights.map_layout import layout_for
from bot.insights.map_style import DPI, RADIUS, ROW, TOP, WIDTH
from bot.insights.measures import Growth, growth, people_as_of
from bot.support.private_files import open_private
from bot.vocab.messages import Markup
from bot.vocab.records import PersonRecord


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
    prompts = prompts or default_prompts()
    words = labels(prompts)["picture"]
    if at is not None:
        people = people_as_of(people, at)
    new_ids = _new_ids(people, new_since)
    height = TOP + 2 * RADIUS + 24 + legend_rows(len(supports), bool(new_ids)) * ROW + 24
    fig, canvas, ax = _figure(height)
    measure = Measure(canvas.get_renderer(), fonts().families)
    centre = (WIDTH / 2, height - TOP - RADIUS)

    arrangement = layout_for(people, domains, supports, closeness, new_ids, measure, prompts)
    draw_target(ax, centre, arrangement.sectors)
    for sector, spot in zip(arrangement.sectors, arrangement.captions, strict=True):
        draw_caption(ax, centre, sector, spot, measure)
        if sector.empty:
            draw_empty(ax, centre, sector, measure, words["no_one_yet"])
    draw_labels(ax, centre, arrangement.labels, measure)
    draw_centre(ax, centre, student_name, measure, words["unknown_name"])
    title = prompts.render("insights/map_title", Markup.PLAIN, count=len(people))
    draw_title(ax, title, measure, y=height - TOP / 2)
    new_words = None
    if new_ids and new_since is not None:
        new_words = prompts.render("insights/map_new_since", Markup.PLAIN, since=new_since)
    rings_words = prompts.render(
        "insights/map_rings", Markup.PLAIN, rings=[c.label for c in closeness]
    )
    draw_legend(
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


def _figure(height: float) -> tuple[Any, Any, Any]:
    """A white figure `height` px tall, its Agg canvas, and axes in px (no frame)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, canvas, ax


def release_figure(fig: Any, canvas: Any) -> None:
    """Free the figure now rather than at the next cyclic garbage collection: figures,
    artists and the 6 MB pixel buffer refer to each other in cycles, and a bot drawing
    many maps would otherwise hold several of them at once."""
    fig.clear()
    canvas.renderer = None
    canvas.figure = None


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
