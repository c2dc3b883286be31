"""A coordinator's report shows each student's language, beside the name and in the CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rich.console import Console

from bot.insights.cohort_report import cohort_report
from bot.insights.report import report_group, write_csv
from bot.store.cohort_data import StudentData
from tests.insights.maps import DOMAINS, SUPPORTS, day, person


def test_the_report_shows_each_students_language(tmp_path: Path) -> None:
    students = [
        StudentData(
            "Ana",
            [person("Mom", "family", ("emotional",), "close", added=1)],
            [],
            {"mapping"},
            0,
            day(3),
            language="en",
        ),
        StudentData(
            "Lucía",
            [person("Mamá", "family", ("advice",), "close", added=2)],
            [],
            set(),
            0,
            day(4),
            language="es",
        ),
    ]
    report = cohort_report(students, options={"domains": DOMAINS, "supports": SUPPORTS}, at=day(10))
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(
        report_group(report.summary, report.rows, cohort="Room 12", at=day(10))
    )
    printed = buffer.getvalue()
    assert "Ana · en" in printed and "Lucía · es" in printed
    with write_csv(report.rows, tmp_path / "c.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["student"], r["language"]) for r in rows] == [("Ana", "en"), ("Lucía", "es")]
