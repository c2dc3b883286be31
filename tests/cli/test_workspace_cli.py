"""`orbit grant` in a district: a Slack coordinator of a workspace's cohort belongs to
that workspace; naming another workspace is refused with why."""

from __future__ import annotations

import sqlite3

from tests.support.cli import orbit


def test_grant_takes_the_cohorts_workspace(db: str) -> None:
    made = orbit("cohort", "create", "Room A", "--timezone", "UTC", "--team", "T0AAAAA", "--db", db)
    assert made.returncode == 0, made.stderr
    ok = orbit(
        "grant",
        "coordinator",
        "--cohort",
        "Room A",
        "--platform",
        "slack",
        "--user",
        "U0C",
        "--db",
        db,
    )
    assert ok.returncode == 0, ok.stderr
    wrong = orbit(
        "grant", "coordinator", "--cohort", "Room A", "--platform", "slack", "--user", "U0D",
        "--team", "T0BBBBB", "--db", db,
    )  # fmt: skip
    assert wrong.returncode == 1 and "belongs to Slack workspace T0AAAAA" in wrong.stderr
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        rows = conn.execute("SELECT team, user_id FROM role_grant").fetchall()
    assert rows == [("T0AAAAA", "U0C")]
    invite = orbit("cohort", "invite", "Room A", "--qr", "a.png", "--bot", "OrbitBot", "--db", db)
    assert invite.returncode == 1 and "Telegram students cannot join it" in invite.stderr
