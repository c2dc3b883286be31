"""Quiet hours, caps and backoff: pure functions, checked across DST changes."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.schedule.policy import QuietHours, backoff, in_quiet_hours, next_allowed

NIGHT = QuietHours.parse("21:00-07:30")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+00:00")


@pytest.mark.parametrize(
    ("at", "tz", "quiet"),
    [
        ("2026-11-24T15:00", "America/New_York", False),  # 10:00
        ("2026-11-25T02:30", "America/New_York", True),  # 21:30
        ("2026-11-25T12:29", "America/New_York", True),  # 07:29
        ("2026-11-25T12:30", "America/New_York", False),  # 07:30
        ("2026-11-24T20:00", "Europe/Berlin", True),  # 21:00
        ("2026-11-24T20:00", "Asia/Tokyo", True),  # 05:00 next day
    ],
)
def test_quiet_hours_are_local(at: str, tz: str, quiet: bool) -> None:
    assert in_quiet_hours(utc(at), tz, NIGHT) is quiet


def test_spring_forward_night_ends_at_local_0730_edt() -> None:
    # 2027-03-14: New York jumps from 02:00 EST to 03:00 EDT.
    assert next_allowed(utc("2027-03-14T03:00"), "America/New_York", NIGHT) == utc(
        "2027-03-14T11:30"
    )


def test_fall_back_night_ends_at_local_0730_est() -> None:
    # 2026-11-01: New York goes from 02:00 EDT back to 01:00 EST.
    assert next_allowed(utc("2026-11-01T02:00"), "America/New_York", NIGHT) == utc(
        "2026-11-01T12:30"
    )


def test_quiet_hours_ending_inside_a_skipped_hour_end_just_after_it() -> None:
    quiet = QuietHours.parse("22:00-02:30")  # 02:30 does not exist on 2027-03-14
    end = next_allowed(utc("2027-03-14T04:00"), "America/New_York", quiet)
    assert end == utc("2027-03-14T07:30")  # 03:30 EDT, the first moment after the gap
    assert not in_quiet_hours(end, "America/New_York", quiet)


def test_a_daytime_window_and_no_window() -> None:
    school = QuietHours.parse("08:00-15:00")
    assert in_quiet_hours(utc("2026-11-24T09:00"), "UTC", school)
    assert next_allowed(utc("2026-11-24T09:00"), "UTC", school) == utc("2026-11-24T15:00")
    assert QuietHours.parse("") is None
    assert next_allowed(utc("2026-11-24T23:00"), "UTC", None) == utc("2026-11-24T23:00")


def test_bad_quiet_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="21:00-07:30"):
        QuietHours.parse("9pm to 7")


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == 3600
