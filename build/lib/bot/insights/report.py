"""Coordinator reports from `(student name, StudentMeasures)` rows.

Privacy by design: the rows carry measures and the student's name only, so nothing
here can show who is on a student's map. Names of flagged students are shown when
`with_names` is true (the default, for coordinators); pass False for anything that may
travel further. The chart sheet carries no names at all.

- `report_group` (a rich renderable): the terminal report for `orbit report`, built
  from `flags_table`, `distribution_table` and `report_tables` (every student's measures;
  only when names may be shown).
- `write_csv`: one row per student; the columns are `CSV_COLUMNS`, stable and in English
  snake_case whatever the locale (they are for spreadsheets and scripts, not people):

  ========================  ====================================================
  student                   the student's display name
  at                        the moment measured (ISO 8601, UTC)
  people                    people on the map at `at`
  close_ties                people marked close
  emotional_ties            people who give emotional support
  supports_covered          support types given by someone on the map
  supports_total            support types configured (five in options.yaml)
  domains_covered           parts of life with someone in them
  domains_total             parts of life configured (seven in options.yaml)
  diversity                 Blau index across parts of life, 0 to 1 - 1/N (3 decimals)
  career_ties               people who give career or opportunity support
  distant_ties              people marked distant (weak ties)
  asks_planned              asks planned, whatever happened next
  asks_made                 asks made (got help, or waiting for an answer)
  asks_got_help             asks that got help
  emails_ready              email drafts marked ready to send
  lessons_done              lessons finished
  last_active               last activity (ISO 8601, UTC), empty if never
  days_since_active         whole days from last_active to at, empty if never
  ========================  ====================================================

  A student name that a spreadsheet would read as a formula (starting with = + - @,
  a tab or a carriage return) is written with a leading apostrophe.
- `render_chart_sheet`: a one-page PNG of the distributions, the flags and the weekly
  trend. `cohort_summary_text`: the short text `/report` sends beside it.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.templates import Prompts
from bot.insights import default_prompts, labels
from bot.insights.measures import (
    ACTION_MEASURES,
    DISTRIBUTED,
    MAP_MEASURES,
    CohortSummary,
    Distribution,
    StudentMeasures,
    WeekPoint,
)
from bot.support.private_files import open_private
from bot.vocab.messages import Markup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from rich.console import Group
    from rich.table import Table

Rows = Sequence[tuple[str, StudentMeasures]]

# `at`, the measures in `StudentMeasures`' order, then the days since (see the table above).
CSV_COLUMNS: tuple[str, ...] = (
    "student",
    *(f.name for f in fields(StudentMeasures)),
    "days_since_active",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The per-student tables' columns, in order ("x/N" cells show the configured total).
# Two tables, so each fits a 100-column terminal: the map, then what the student did.
MAP_COLUMNS: tuple[str, ...] = MAP_MEASURES
ACTION_COLUMNS: tuple[str, ...] = (*ACTION_MEASURES[:-1], "last_active", "days_since_active")
# The chart sheet's distribution panels.
CHART_MEASURES: tuple[str, ...] = (
    "people",
    "domains_covered",
    "supports_covered",
    "close_ties",
    "career_ties",
    "asks_made",
)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_row(name: str, m: StudentMeasures) -> dict[str, str | int]:
    """One student's CSV row, keyed by `CSV_COLUMNS`."""
    return {
        "student": _safe_cell(name),
        "at": _utc(m.at),
        "people": m.people,
        "close_ties": m.close_ties,
        "emotional_ties": m.emotional_ties,
        "supports_covered": m.supports_covered,
        "supports_total": m.supports_total,
        "domains_covered": m.domains_covered,
        "domains_total": m.domains_total,
        "diversity": f"{m.diversity:.3f}",
        "career_ties": m.career_ties,
        "distant_ties": m.distant_ties,
        "asks_planned": m.asks_planned,
        "asks_made": m.asks_made,
        "asks_got_help": m.asks_got_help,
        "emails_ready": m.emails_ready,
        "lessons_done": m.lessons_done,
        "last_active": _utc(m.last_active) if m.last_active else "",
        "days_since_active": "" if m.days_since_active is None else m.days_since_active,
    }


def write_csv(rows: Rows, path: Path) -> Path:
    """One row per student under a header of `CSV_COLUMNS` (UTF-8, RFC 4180 quoting)."""
    path = Path(path)
    with open_private(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for name, m in rows:
            writer.writerow(csv_row(name, m))
    return path


# --- numbers as people read them ---------------------------------------------------


def _number(value: float, measure: str) -> str:
    if measure == "diversity":
        return f"{value:.2f}"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _share(prompts: Prompts, count: int, total: int) -> str:
    percent = round(100 * count / total) if total else 0
    return prompts.render("insights/share", Markup.PLAIN, count=count, total=total, percent=percent)


def _cell(m: StudentMeasures, column: str, words: dict[str, Any]) -> str:
    if column == "supports_covered":
        return f"{m.supports_covered}/{m.supports_total}"
    if column == "domains_covered":
        return f"{m.domains_covered}/{m.domains_total}"
    if column == "last_active":
        return m.last_active.date().isoformat() if m.last_active else words["table"]["never"]
    value = getattr(m, column)
    return "" if value is None else _number(value, column)


# --- rich tables -------------------------------------------------------------------


def report_tables(rows: Rows, *, prompts: Prompts | None = None) -> tuple[Table, Table]:
    """Every student's measures in two tables (the map; asks, emails and lessons).
    Values worth a look (a flag's reason) are highlighted."""
    words = labels(prompts or default_prompts())
    t = words["table"]
    return (
        _student_table(rows, MAP_COLUMNS, t["map_title"], words),
        _student_table(rows, ACTION_COLUMNS, t["action_title"], words),
    )


def _student_table(rows: Rows, columns: Sequence[str], title: str, words: dict[str, Any]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(words["table"]["student"], overflow="fold")
    for column in columns:
        header = words["short"][column]
        longest = max(len(w) for w in header.split())
        table.add_column(header, justify="right", min_width=longest)
    for name, m in rows:
        cells = []
        for column in columns:
            text = _cell(m, column, words)
            cells.append(f"[yellow]{text}[/]" if _worth_a_look(m, column) else text)
        table.add_row(_escape(name), *cells)
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _worth_a_look(m: StudentMeasures, column: str) -> bool:
    from bot.insights.measures import FEW_DOMAINS

    return (
        (column == "domains_covered" and m.domains_covered <= FEW_DOMAINS)
        or (column == "career_ties" and m.career_ties == 0)
        or (column == "emotional_ties" and m.emotional_ties == 0)
        or (column == "asks_made" and m.asks_made == 0)
    )


def distribution_table(summary: CohortSummary, *, prompts: Prompts | None = None) -> Table:
    """Min, quartiles and max of every measure across the cohort."""
    from rich import box
    from rich.table import Table

    words = labels(prompts or default_prompts())
    t = words["table"]
    table = Table(title=t["distributions_title"], title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(t["measure"])
    for key in ("minimum", "q1", "median", "q3", "maximum"):
        table.add_column(t[key], justify="right")
    for measure in DISTRIBUTED:
        d = summary.distributions.get(measure)
        if d is None:
            continue
        values = (d.minimum, d.q1, d.median, d.q3, d.maximum)
        table.add_row(words["measures"][measure], *(_number(v, measure) for v in values))
    return table


def flags_table(
    summary: CohortSummary, *, with_names: bool = True, prompts: Prompts | None = None
) -> Table:
    """Who may be left out, and why: a share per reason, and (for coordinators) names."""
    from rich import box
    from rich.table import Table

    prompts = prompts or default_prompts()
    words = labels(prompts)
    t = words["table"]
    table = Table(title=t["flags_title"], title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(t["reason"])
    table.add_column(t["share"], justify="right", no_wrap=True)
    if with_names:
        table.add_column(t["names"])
    for flag in summary.flags:
        cells = [words["flags"][flag.key], _share(prompts, flag.count, flag.total)]
        if with_names:
            cells.append(_escape(", ".join(flag.students)))
        table.add_row(*cells)
    return table


def report_group(
    summary: CohortSummary,
    rows: Rows,
    *,
    cohort: str,
    at: datetime,
    with_names: bool = True,
    prompts: Prompts | None = None,
) -> Group:
    """The whole terminal report: a heading, then who may be left out, the
    distributions, and (with names) every student."""
    from rich.console import Group
    from rich.text import Text

    prompts = prompts or default_prompts()
    title = prompts.render(
        "insights/report_title", Markup.PLAIN, cohort=cohort, students=summary.students, at=at
    )
    parts: list[Any] = [Text(title, style="bold"), Text("")]
    if not summary.students:
        parts.append(Text(labels(prompts)["chart"]["no_students"]))
        return Group(*parts)
    parts += [
        flags_table(summary, with_names=with_names, prompts=prompts),
        distribution_table(summary, prompts=prompts),
    ]
    if with_names:
        parts += report_tables(rows, prompts=prompts)
    return Group(*parts)


def cohort_summary_text(
    summary: CohortSummary,
    *,
    cohort: str,
    at: datetime,
    with_names: bool = True,
    prompts: Prompts | None = None,
    markup: Markup = Markup.PLAIN,
) -> str:
    """A few lines for `/report` to send beside the chart sheet."""
    prompts = prompts or default_prompts()
    words = labels(prompts)
    d = summary.distributions
    return prompts.render(
        "insights/cohort_summary",
        markup,
        cohort=cohort,
        at=at,
        students=summary.students,
        people=d.get("people"),
        domains=d.get("domains_covered"),
        flags=[
            {
                "reason": words["flags"][f.key],
                "count": f.count,
                "total": f.total,
                "percent": round(100 * f.share),
                "names": list(f.students) if with_names else [],
            }
            for f in summary.flags
        ],
    )


# --- the chart sheet -----------------------------------------------------------------

SHEET_SIZE = (15.0, 10.6)  # inches: one landscape page
SHEET_DPI = 120  # 1800 x 1272 px
BAR = "#4c78a8"
MEDIAN = "#e45756"
TOTAL = "#2f3a4f"
FLAG = "#f2b705"


def render_chart_sheet(
    summary: CohortSummary,
    rows: Rows,
    path: Path,
    *,
    trend: Sequence[WeekPoint] = (),
    cohort: str = "",
    at: datetime | None = None,
    prompts: Prompts | None = None,
) -> Path:
    """A one-page PNG: how the cohort spreads on six key measures (students per value,
    median marked), the share of students who may be left out, and people added per
    week with the running total. No names of anyone appear on it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from bot.insights.map_fonts import drawable
    from bot.insights.map_picture import release_figure

    prompts = prompts or default_prompts()
    words = labels(prompts)
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    layout = ConstrainedLayoutEngine(h_pad=0.12, w_pad=0.12, hspace=0.06, wspace=0.04)
    fig = Figure(figsize=SHEET_SIZE, dpi=SHEET_DPI, facecolor="white", layout=layout)
    canvas = FigureCanvasAgg(fig)
    title = prompts.render(
        "insights/report_title",
        Markup.PLAIN,
        cohort=cohort,
        students=summary.students,
        at=at or datetime.now(UTC),
    )
    fig.suptitle(drawable(title, bold=True) or "?", fontsize=18, fontweight="bold")
    grid = fig.add_gridspec(3, 3)
    for k, measure in enumerate(CHART_MEASURES):
        ax = fig.add_subplot(grid[k // 3, k % 3])
        values = [getattr(m, measure) for _, m in rows]
        top = _chart_top(rows, measure)
        _distribution_panel(ax, values, summary.distributions.get(measure), top, measure, words)
    _flags_panel(fig.add_subplot(grid[2, 0]), summary, words, prompts)
    _trend_panel(fig.add_subplot(grid[2, 1:]), trend, words)
    path = Path(path)
    with open_private(path) as handle:  # counts of minors: the operator's eyes only
        fig.savefig(handle, format="png", dpi=SHEET_DPI, pil_kwargs={"compress_level": 1})
    release_figure(fig, canvas)
    return path


def _chart_top(rows: Rows, measure: str) -> int | None:
    """The largest possible value, when the measure has one (parts of life, supports)."""
    if measure == "domains_covered":
        return max((m.domains_total for _, m in rows), default=None)
    if measure == "supports_covered":
        return max((m.supports_total for _, m in rows), default=None)
    return None


def _integer_ticks(ax: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _distribution_panel(
    ax: Axes,
    values: list[int],
    d: Distribution | None,
    top: int | None,
    measure: str,
    words: dict[str, Any],
) -> None:
    """Students per value (integer bins; wider bins past 25 values), median marked."""
    ax.set_title(words["measures"][measure], fontsize=14, loc="left", fontweight="bold")
    ax.set_ylabel(words["chart"]["students"], fontsize=12)
    ax.tick_params(labelsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    if not values or d is None:
        _empty(ax, words["chart"]["no_students"])
        return
    high = max(max(values), top or 0)
    width = max(1, math.ceil((high + 1) / 25))
    counts = Counter(v // width * width for v in values)
    xs = list(range(0, high + 1, width))
    ax.bar(xs, [counts.get(x, 0) for x in xs], width=0.8 * width, color=BAR, align="edge")
    at = d.median + 0.4 * width
    ax.axvline(at, color=MEDIAN, linewidth=2)
    right_half = at > (high + width) / 2
    ax.text(
        at,
        1.0,
        f" {words['chart']['median']} {_number(d.median, measure)} ",
        transform=ax.get_xaxis_transform(),
        color=MEDIAN,
        fontsize=12,
        va="top",
        ha="right" if right_half else "left",
    )
    step = math.ceil(len(xs) / 10)
    ax.set_xticks([x + 0.4 * width for x in xs][::step])
    ax.set_xticklabels([str(x) for x in xs][::step])
    _integer_ticks(ax)


def _flags_panel(ax: Axes, summary: CohortSummary, words: dict[str, Any], prompts: Prompts) -> None:
    """One bar per reason, its words above the bar (long reasons need no margin)."""
    ax.set_title(words["chart"]["flags"], fontsize=14, loc="left", fontweight="bold")
    ax.spines[["top", "right", "left"]].set_visible(False)
    if not summary.students:
        _empty(ax, words["chart"]["no_students"])
        return
    flags = list(reversed(summary.flags))
    for y, f in enumerate(flags):
        share = 100 * f.share
        ax.barh(y, max(share, 0.5), color=FLAG, height=0.42)
        ax.text(0, y + 0.27, words["flags"][f.key], va="bottom", fontsize=12)
        ax.text(share + 2, y, _share(prompts, f.count, f.total), va="center", fontsize=12)
    ax.set_yticks([])
    ax.set_ylim(-0.5, len(flags) - 0.1)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    ax.tick_params(labelsize=12)


def _trend_panel(ax: Axes, trend: Sequence[WeekPoint], words: dict[str, Any]) -> None:
    ax.set_title(words["chart"]["trend"], fontsize=14, loc="left", fontweight="bold")
    ax.spines[["top"]].set_visible(False)
    if not trend:
        _empty(ax, words["chart"]["no_trend"])
        return
    xs = list(range(len(trend)))
    ax.bar(xs, [p.added for p in trend], color=BAR, label=words["chart"]["trend_added"])
    ax.set_ylabel(words["chart"]["trend_added"], fontsize=12, color=BAR)
    ax.tick_params(labelsize=12)
    _integer_ticks(ax)
    total = ax.twinx()
    total.plot(xs, [p.total for p in trend], color=TOTAL, linewidth=2.5, marker="o")
    total.set_ylabel(words["chart"]["trend_total"], fontsize=12, color=TOTAL)
    total.set_ylim(bottom=0)
    total.tick_params(labelsize=12)
    total.spines[["top"]].set_visible(False)
    step = math.ceil(len(trend) / 8)
    ax.set_xticks(xs[::step])
    ax.set_xticklabels([f"{p.start.day} {p.start:%b}" for p in trend][::step])


def _empty(ax: Axes, text: str) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=13, color="#80858f")
