"""A coordinator's reports: the terminal tables, the CSV and the chart sheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rich.console import Console

from bot.core.messages import Markup
from bot.insights.measures import cohort_summary, student_measures, weekly_trend
from bot.insights.report import (
    CSV_COLUMNS,
    cohort_summary_text,
    render_chart_sheet,
    report_group,
    write_csv,
)
from tests.insights.maps import DOMAINS, SUPPORTS, ask, day, ink_share, person, png_size

AT = day(40)

# Names on the students' maps that must never reach a coordinator's report.
SECRET = "Zebulon"


def render_report(*args, **kwargs) -> str:
    """What `orbit report` prints, as plain text (no colour, 120 columns)."""
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None, force_terminal=False).print(
        report_group(*args, **kwargs)
    )
    return buffer.getvalue()


def cohort():
    """Three students: Ana has a broad map and made asks; Ben has one family member and
    never asked; Chloé has not started (and was never active)."""
    maps = {
        "Ana": [
            person(f"{SECRET} Mom", "family", ("emotional",), "close", added=1),
            person(f"{SECRET} Ms. Rivera", "school", ("career", "advice"), "distant", added=8),
            person(f"{SECRET} Coach Dee", "activities", ("feedback",), "between", added=15),
        ],
        "Ben": [person(f"{SECRET} Dad", "family", ("practical",), "close", added=3)],
        "Chloé": [],
    }
    asks = {"Ana": [ask("got_help"), ask("planned", 1)], "Ben": [ask("not_yet")], "Chloé": []}
    active = {"Ana": day(39), "Ben": day(20), "Chloé": None}
    rows = [
        (
            name,
            student_measures(
                people,
                asks[name],
                domains=DOMAINS,
                supports=SUPPORTS,
                lessons_done={"mapping"} if people else set(),
                emails_ready=1 if name == "Ana" else 0,
                last_active=active[name],
                at=AT,
            ),
        )
        for name, people in maps.items()
    ]
    return rows, cohort_summary(rows), weekly_trend(maps.values(), until=AT)


# The columns scripts rely on, as the report's docstring lists them.
STABLE_COLUMNS = [
    "student",
    "at",
    "people",
    "close_ties",
    "emotional_ties",
    "supports_covered",
    "supports_total",
    "domains_covered",
    "domains_total",
    "diversity",
    "career_ties",
    "distant_ties",
    "asks_planned",
    "asks_made",
    "asks_got_help",
    "emails_ready",
    "lessons_done",
    "last_active",
    "days_since_active",
    "language",
]


def test_csv_has_stable_columns_and_one_row_per_student(tmp_path: Path) -> None:
    rows, _, _ = cohort()
    path = write_csv(rows, tmp_path / "cohort.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS == tuple(STABLE_COLUMNS)
        read = list(reader)
    assert [r["student"] for r in read] == ["Ana", "Ben", "Chloé"]
    ana = read[0]
    assert ana["at"] == "2025-10-11T16:00:00+00:00"
    assert (ana["people"], ana["close_ties"], ana["emotional_ties"]) == ("3", "1", "1")
    assert (ana["supports_covered"], ana["supports_total"]) == ("4", "5")
    assert (ana["domains_covered"], ana["domains_total"]) == ("3", "7")
    assert ana["diversity"] == f"{1 - 3 * (1 / 3) ** 2:.3f}" == "0.667"
    assert (ana["career_ties"], ana["distant_ties"]) == ("1", "1")
    assert (ana["asks_planned"], ana["asks_made"], ana["asks_got_help"]) == ("2", "1", "1")
    assert (ana["emails_ready"], ana["lessons_done"]) == ("1", "1")
    assert ana["last_active"] == "2025-10-10T16:00:00+00:00"
    assert ana["days_since_active"] == "1"
    chloe = read[2]
    assert (chloe["people"], chloe["diversity"], chloe["lessons_done"]) == ("0", "0.000", "0")
    assert chloe["last_active"] == chloe["days_since_active"] == ""


def test_csv_never_holds_names_from_the_maps_and_defuses_formulas(tmp_path: Path) -> None:
    rows, _, _ = cohort()
    rows = [('=HYPERLINK("x")', rows[0][1]), ("@Ben", rows[1][1]), ("Chloé", rows[2][1])]
    text = write_csv(rows, tmp_path / "cohort.csv").read_text(encoding="utf-8")
    assert SECRET not in text
    read = list(csv.DictReader(text.splitlines()))
    assert read[0]["student"] == '\'=HYPERLINK("x")'
    assert read[1]["student"] == "'@Ben"
    assert read[2]["student"] == "Chloé"


def test_terminal_report_shows_who_may_be_left_out_and_every_student() -> None:
    rows, summary, _ = cohort()
    text = render_report(summary, rows, cohort="Spring", at=AT)
    assert "Spring: 3 students, as of 11 October 2025" in text
    assert SECRET not in text
    lines = text.splitlines()

    def line(start: str) -> str:
        return next(row for row in lines if row.strip().startswith(start))

    assert "2 of 3 (67%)" in line("2 or fewer parts of life") and "Ben, Chloé" in line(
        "2 or fewer parts of life"
    )
    assert "Ben, Chloé" in line("No career or opportunity tie")
    assert "Ben, Chloé" in line("No one for emotional support")
    assert "Ben, Chloé" in line("No ask made yet")
    # the distribution of people on maps: 0, 1, 3
    people = line("People ").split()
    assert people[1:] == ["0", "0.5", "1", "2", "3"]
    # both student tables, Ana's row in each
    assert line("Ana").split()[:6] == ["Ana", "3", "1", "1", "4/5", "3/7"]
    assert [row.split()[0] for row in lines if row.strip().startswith("Ana")] == ["Ana", "Ana"]
    chloe_action = [row for row in lines if row.strip().startswith("Chloé")][-1].split()
    assert chloe_action == ["Chloé", "0", "0", "0", "0", "0", "never"]


def test_without_names_the_report_shows_only_shares() -> None:
    rows, summary, _ = cohort()
    text = render_report(summary, rows, cohort="Spring", at=AT, with_names=False)
    for name in ("Ana", "Ben", "Chloé"):
        assert name not in text
    assert "2 of 3 (67%)" in text


def test_an_empty_cohort_report() -> None:
    text = render_report(cohort_summary([]), [], cohort="New", at=AT)
    assert "New: 0 students" in text
    assert "No students yet" in text


def test_chat_summary_for_a_coordinator() -> None:
    rows, summary, _ = cohort()
    text = cohort_summary_text(summary, cohort="Spring", at=AT)
    assert "Spring: 3 students, as of 11 October 2025." in text
    assert "A typical map has 1 person (the middle half: 0 to 2) in 1 part of life." in text
    assert "- No ask made yet: 2 of 3 (67%): Ben, Chloé" in text
    private = cohort_summary_text(summary, cohort="Spring", at=AT, with_names=False)
    assert "Ben" not in private and "- No ask made yet: 2 of 3 (67%)" in private
    slack = cohort_summary_text(summary, cohort="<!channel>", at=AT, markup=Markup.MRKDWN)
    assert "<!channel>" not in slack


@pytest.mark.parametrize("empty", [False, True])
def test_the_chart_sheet_renders_one_page(tmp_path: Path, empty: bool) -> None:
    rows, summary, trend = cohort()
    if empty:
        rows, summary, trend = [], cohort_summary([]), []
    path = render_chart_sheet(
        summary, rows, tmp_path / "sheet.png", trend=trend, cohort="Spring", at=AT
    )
    assert png_size(path) == (1800, 1272)
    colours, ink = ink_share(path)
    assert colours > 30
    assert ink > (0.01 if empty else 0.04)
