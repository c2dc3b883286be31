"""A coordinator loads a class list; Slack students get a DM with a Join button.

`orbit cohort import`'s work (bot/app/roster.py) against the fake Slack: emails looked
up with `users.lookupByEmail`, invitations posted, Slack's rate limits answered with
429 + Retry-After and waited out; then a student presses Join in the running app,
says yes to consent, and is in the cohort. Every call is checked against Slack's
schemas when the test ends.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.app.roster import import_roster
from bot.config import load_settings
from bot.store import cohorts
from bot.store.store import Store
from bot.support.roster_csv import parse
from bot.vocab.records import utcnow
from tests.slack.fake_slack import GOOD_BOT_TOKEN, FakeSlack
from tests.slack.harness import SignedSlack, Student, texts

MESSY = (
    "\ufeffName;Slack email;Slack user id;Telegram username\r\n"
    "Ana Lopez;ana@school.org;;\r\n"
    "\r\n"
    "Ben;;U0BEN;\r\n"
    "Nobody;nobody@school.org;;\r\n"
    "Cy;;;@cy_reads\r\n"
    ";dee@school.org;;\r\n"
    "Ana twice;ANA@school.org;;\r\n"
)


@pytest.fixture
def slack_env(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORBIT_SLACK_BOT_TOKEN", GOOD_BOT_TOKEN)
    monkeypatch.setenv("ORBIT_SLACK_API_URL", fake.api_url)
    monkeypatch.delenv("ORBIT_SLACK_CLIENT_ID", raising=False)
    fake.emails = {"ana@school.org": "U0ANA"}


async def _room(store: Store) -> cohorts.CohortRecord:
    return await store.writer.run(
        lambda conn: cohorts.create_cohort(
            conn, name="Room 12", timezone="UTC", quiet_hours="", weekly_cap=3, now=utcnow()
        )
    )


async def test_a_messy_roster_invites_who_it_can_and_join_asks_consent_first(
    slack_env: None, fake: FakeSlack, store: Store, slack: SignedSlack, ana: Student
) -> None:
    room = await _room(store)
    settings = load_settings(database_url=store.url)
    roster = parse(MESSY.encode())

    dry = await import_roster(settings, "Room 12", roster, dry_run=True)
    assert (dry.invited, dry.not_found, dry.by_link) == ([2, 4], [5], [6])
    assert dry.bad == [(7, "no name")] and dry.duplicates == [(8, 2)]
    assert fake.called("chat.postMessage") == []  # a dry run sends nothing

    seen = []
    done = await import_roster(settings, "Room 12", roster, dry_run=False, advance=seen.append)
    assert (done.invited, done.already, done.not_found) == ([2, 4], [], [5])
    assert sum(seen) == 6  # every row once (not the blank line): the bar reaches its end
    [invite] = fake.posts_to("D0ANA")
    assert "Room 12" in invite["text"] and room.join_code not in invite["text"]
    assert fake.posts_to("D0BEN")

    consent = await ana.presses("Join")
    assert "Yes, let's start" in str(consent[-1]["blocks"])  # consent first, not yet joined
    assert await store.read(cohorts.members, room.id) == []
    joined = await ana.presses("Yes, let's start")
    assert "Room 12" in texts(joined)
    assert [m.key.user for m in await store.read(cohorts.members, room.id)] == ["U0ANA"]

    again = await import_roster(settings, "Room 12", roster, dry_run=False)
    assert (again.invited, again.already) == ([4], [2])


async def test_two_thousand_students_in_under_30_seconds_within_slack_rate_limits(
    slack_env: None, fake: FakeSlack, store: Store, tmp_path: Path
) -> None:
    await _room(store)
    fake.emails = {f"s{n}@school.org": f"U{n:07d}" for n in range(1, 1901)}
    fake.per_second = {"users.lookupByEmail": 200, "chat.postMessage": 200}
    lines = ["name,slack email"] + [f"Student {n},s{n}@school.org" for n in range(1, 2001)]
    roster = parse("\n".join(lines).encode())
    started = time.perf_counter()
    done = await import_roster(
        load_settings(database_url=store.url), "Room 12", roster, dry_run=False
    )
    seconds = time.perf_counter() - started
    assert len(done.invited) == 1900 and len(done.not_found) == 100 and not done.failed
    assert seconds < 30, f"{seconds:.1f} s"
    limited = [c for c in fake.calls if c.limited]
    assert limited, "the fake's rate limit was never reached: the test proves nothing"
    posted = sorted(c.at for c in fake.calls if c.method == "chat.postMessage" and not c.limited)
    assert len(posted) == 1900
    busiest = max(
        sum(1 for t in posted[i : i + 250] if t - posted[i] < 1.0) for i in range(len(posted))
    )
    assert busiest <= 200  # never more accepted in a second than Slack allowed
    print(f"2,000 rows in {seconds:.1f} s; {len(limited)} answers were 429")


async def test_orbit_cohort_import_prints_a_summary_with_line_numbers(
    fake: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    import asyncio
    import json
    import os

    from tests.support.cli import ORBIT

    store = await Store(sqlite_url).open()
    try:
        await _room(store)
    finally:
        await store.close()
    fake.emails = {"ana@school.org": "U0ANA"}
    roster = tmp_path / "roster.csv"
    roster.write_bytes(MESSY.encode())
    env = {
        **os.environ,
        "ORBIT_SLACK_BOT_TOKEN": GOOD_BOT_TOKEN,
        "ORBIT_SLACK_API_URL": fake.api_url,
    }
    env.pop("ORBIT_SLACK_CLIENT_ID", None)

    async def orbit(*args: str) -> tuple[int, str, str]:
        process = await asyncio.create_subprocess_exec(
            *ORBIT, *args, "--db", sqlite_url, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 60)
        return process.returncode or 0, out.decode(), err.decode()

    code, out, err = await orbit("cohort", "import", "Room 12", str(roster), "--dry-run")
    assert code == 0, err
    assert "Dry run: nobody was invited." in out and "would invite: 2" in out
    assert "not found on lines 5" in out and "line 7: no name" in out
    assert "line 8: the same student as line 2" in out
    assert fake.called("chat.postMessage") == []
    code, out, err = await orbit("cohort", "import", "Room 12", str(roster), "--json")
    assert code == 0, err
    assert json.loads(out)["counts"]["invited"] == 2 and len(fake.called("chat.postMessage")) == 2
    code, _, err = await orbit("cohort", "import", "Nowhere", str(roster))
    assert code == 1 and "No cohort called 'Nowhere'" in err
