"""Dates as students type them, relative to a fixed today (a Tuesday)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.dates import parse_date

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 24)),
        ("Tomorrow", date(2026, 11, 25)),
        ("friday", date(2026, 11, 27)),
        ("on Friday.", date(2026, 11, 27)),
        ("tuesday", date(2026, 12, 1)),  # the next one, not today
        ("next friday", date(2026, 12, 4)),
        ("in 3 days", date(2026, 11, 27)),
        ("in two weeks", date(2026, 12, 8)),
        ("next week", date(2026, 12, 1)),
        ("2026-12-15", date(2026, 12, 15)),
        ("12/3", date(2026, 12, 3)),
        ("1/5", date(2027, 1, 5)),  # January has passed this year: next year
        ("12/3/26", date(2026, 12, 3)),
        ("Dec 3", date(2026, 12, 3)),
        ("3rd of December", date(2026, 12, 3)),
        ("by December 10th", date(2026, 12, 10)),
    ],
)
def test_dates_students_write(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "whenever",
        "13/45",
        "2026-02-30",
        "banana split",
        "in many days",
        "friday or saturday",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text, TODAY) is None


def test_a_past_date_is_still_read_so_the_caller_can_explain() -> None:
    assert parse_date("2026-01-01", TODAY) == date(2026, 1, 1)
