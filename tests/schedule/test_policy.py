"""The send policy's rules: quiet hours across DST changes, the weekly cap, pause and
opt-out, alerts, backoff and pacing; pure functions, no database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.schedule.pacing import Rate
from bot.schedule.policy import (
    LIMITS,
    QuietHours,
    backoff,
    cap_frees_at,
    in_quiet_hours,
    judge,
    next_allowed,
    pacers_for,
    plan,
)
from bot.vocab.payloads import (
    ALERT,
    CHECKIN,
    NUDGE,
    QUIET_HOURS,
    SEND,
    WEEKLY_CAP,
    Drop,
    Reach,
    Standing,
    Wait,
)

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


# --- the send policy's verdicts -------------------------------------------------------

NEW_YORK = Reach("21:00-07:30", "America/New_York")
DAY = utc("2026-11-24T15:00")  # 10:00 in New York
NIGHT_UTC = utc("2026-11-25T07:00")  # 02:00 in New York


@pytest.mark.parametrize(
    ("who", "why"),
    [
        (Standing(present=False), "deleted"),
        (Standing(paused=True), "paused"),
        (Standing(opted_out=True), "stop"),
        (Standing(checkin_active=False), "check-in"),
    ],
)
def test_paused_stopped_gone_or_a_stopped_check_in_is_dropped(who: Standing, why: str) -> None:
    for kind in (NUDGE, CHECKIN):
        verdict = judge(kind, NEW_YORK, who, DAY)
        assert isinstance(verdict, Drop) and why in verdict.why
        assert plan(kind, NEW_YORK, who, DAY) is None


def test_quiet_hours_make_a_row_wait_and_the_planner_queue_it_for_the_morning() -> None:
    morning = utc("2026-11-25T12:30")
    assert judge(CHECKIN, NEW_YORK, Standing(), NIGHT_UTC) == Wait(morning, QUIET_HOURS)
    assert plan(CHECKIN, NEW_YORK, Standing(), NIGHT_UTC) == morning
    assert judge(CHECKIN, NEW_YORK, Standing(), DAY) is SEND
    assert plan(CHECKIN, NEW_YORK, Standing(), DAY) == DAY


def test_a_full_cap_holds_a_nudge_until_the_oldest_ages_out_and_the_planner_skips_it() -> None:
    capped = Reach("", "UTC", weekly_cap=2)
    sent = (DAY - timedelta(days=6), DAY - timedelta(days=1), DAY - timedelta(days=8))
    assert judge(NUDGE, capped, Standing(recent_nudges=sent), DAY) == Wait(
        DAY + timedelta(days=1), WEEKLY_CAP
    )
    assert plan(NUDGE, capped, Standing(recent_nudges=sent), DAY) is None
    assert judge(NUDGE, capped, Standing(recent_nudges=sent[1:]), DAY) is SEND
    assert judge(CHECKIN, capped, Standing(recent_nudges=sent), DAY) is SEND  # nudges only
    assert isinstance(judge(NUDGE, Reach(weekly_cap=0), Standing(), DAY), Drop)
    # the cap frees at 10:00 UTC, inside quiet hours: it waits for the morning after
    night = Reach("09:00-12:00", "UTC", weekly_cap=1)
    held = judge(NUDGE, night, Standing(recent_nudges=(DAY - timedelta(days=6, hours=5),)), DAY)
    assert held == Wait(utc("2026-11-25T12:00"), WEEKLY_CAP)


def test_cap_frees_at_counts_only_the_last_seven_days() -> None:
    assert cap_frees_at([], 1, DAY) == DAY
    assert cap_frees_at([DAY - timedelta(days=7)], 1, DAY) == DAY  # aged out exactly now
    week_old = [DAY - timedelta(days=3), DAY - timedelta(days=5), DAY - timedelta(days=2)]
    assert cap_frees_at(week_old, 2, DAY) == DAY + timedelta(days=4)  # the second-oldest
    assert cap_frees_at(week_old, 3, DAY) == DAY + timedelta(days=2)
    assert cap_frees_at(week_old, 0, DAY) is None


def test_an_alert_goes_at_once_whatever_the_students_state() -> None:
    anyone = Standing(present=False, paused=True, opted_out=True, checkin_active=False)
    assert judge(ALERT, None, anyone, NIGHT_UTC) is SEND
    assert judge(ALERT, NEW_YORK, anyone, NIGHT_UTC) is SEND


class _Paced:
    markup = "plain"
    paced = True


class _Unpaced:
    markup = "plain"


def test_the_policy_paces_platforms_with_limits_unless_their_sender_is_paced() -> None:
    senders = {"telegram": _Paced(), "slack": _Unpaced(), "test": _Unpaced()}
    pacers = pacers_for(senders)  # type: ignore[arg-type]
    assert list(pacers) == ["slack"]  # "test" has no limits; Telegram's bot paces itself
    both = pacers_for({"telegram": _Unpaced(), "slack": _Unpaced()}, share=2)  # type: ignore[dict-item]
    assert both["telegram"].overall.rate == Rate(29.4 / 2)  # two workers, one bot
    assert both["telegram"].per_key == LIMITS["telegram"][0]
