"""What Orbit leaves behind: log lines without students' words or names, private
files, no chat ids after /delete, no report sheet that still counts a deleted
student, and join codes that cannot be guessed quickly."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.core.messages import ConversationKey, Inbound
from bot.store import cohorts
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.records import utcnow
from tests.core.test_email_lesson import VAGUE
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.coach import NOW, make_coach

NAME = "Zephyrine"
WORDS = "marigold"


def _all_logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(r) for r in caplog.records)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def _cohort(store: Store, name: str = "Room 12") -> cohorts.CohortRecord:
    tx = Transactions(store)
    try:
        return await tx.run(
            lambda conn: cohorts.create_cohort(
                conn, name=name, timezone="UTC", quiet_hours="", weekly_cap=3, now=utcnow()
            )
        )
    finally:
        await tx.close()


# --- logs ---------------------------------------------------------------------------


async def test_no_student_words_or_names_in_any_log_line(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = await Store(sqlite_url).open()  # SQLite: closing it makes the next turn fail
    chat = Chat(make_coach(store), user=NAME.casefold())  # display name: Zephyrine
    await chat.walk("hi", "yes")
    await chat.say(f"I want to die, {WORDS}")  # crisis: resources, paused, staff alerted
    await chat.walk(
        "/resume", "/lesson email", f"Ms. {WORDS}", "1", "2", "skip", f"{VAGUE} {WORDS}", "/done"
    )
    await chat.say(f"/join {WORDS}")  # a wrong join code
    await store.close()  # a turn that fails inside: its error carries SQL and parameters
    assert "went wrong" in await chat.say(f"{WORDS}, {NAME} here")
    logged = _all_logged(caplog)
    assert "could not handle event" in logged  # the failure is logged ...
    assert "wrong join code from" in logged
    for secret in (NAME, WORDS, "want to die", "hey ms lopez"):
        assert secret.casefold() not in logged.casefold(), secret  # ... without the student


# --- files --------------------------------------------------------------------------


async def test_the_database_its_journal_and_the_media_are_private(tmp_path: Path) -> None:
    from bot.insights.report import write_csv
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'new' / 'orbit.db'}"
    await asyncio.to_thread(upgrade, url)
    store = await Store(url).open()
    media = tmp_path / "orbit-media"
    try:
        chat = Chat(make_coach(store, media_dir=media), user="ana")
        await chat.walk(*MAPPING_WALK)
        await chat.say("/map")
        assert chat.replies[0].image_path
        db = tmp_path / "new" / "orbit.db"
        for path in (db, db.with_name("orbit.db-wal"), db.with_name("orbit.db-shm")):
            assert path.exists() and _mode(path) == 0o600, path
        assert _mode(db.parent) == 0o700
        assert _mode(media) == 0o700
        assert _mode(Path(chat.replies[0].image_path)) == 0o600
        assert _mode(write_csv([], tmp_path / "report.csv")) == 0o600
    finally:
        await store.close()


async def test_files_left_open_by_an_older_orbit_are_tightened(tmp_path: Path) -> None:
    from bot.store.migrate import upgrade

    db = tmp_path / "orbit.db"
    url = f"sqlite:///{db}"
    await asyncio.to_thread(upgrade, url)
    db.chmod(0o644)
    store = await Store(url).open()
    await store.close()
    assert _mode(db) == 0o600


def test_orbit_report_png_and_csv_are_private(tmp_path: Path) -> None:
    from bot.cli import app
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'orbit.db'}"
    upgrade(url)
    runner = CliRunner()
    made = runner.invoke(app, ["cohort", "create", "Room 12", "--timezone", "UTC", "--db", url])
    assert made.exit_code == 0, made.output
    png, csv = tmp_path / "sheet.png", tmp_path / "rows.csv"
    args = ["report", "--cohort", "Room 12", "--db", url, "--png", str(png), "--csv", str(csv)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _mode(csv) == 0o600
    assert not png.exists() or _mode(png) == 0o600  # no students: no sheet is drawn


# --- /delete ------------------------------------------------------------------------

CHAT_ID = "918273645"  # a Telegram chat id: long enough never to turn up by chance


async def test_no_chat_id_is_left_anywhere_after_delete(tmp_path: Path) -> None:
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'orbit.db'}"
    await asyncio.to_thread(upgrade, url)
    store = await Store(url).open()
    coach = make_coach(store)
    key = ConversationKey(platform="telegram", team="", user=CHAT_ID)
    staff = ConversationKey(platform="telegram", team="", user="7")
    cohort = await _cohort(store)
    tx = Transactions(store)
    await tx.run(cohorts.grant, staff, "coordinator", cohort.id, "Ms. Rivera", NOW)
    await tx.close()
    said = iter(range(1, 100))

    async def say(words: str) -> str:
        event = f"4242:m:{CHAT_ID}:{next(said)}"  # how the Telegram adapter names events
        inbound = Inbound(key=key, event_id=event, text=words, display_name="Ana")
        replies = await coach.handle(inbound)
        coach.sent(inbound)  # as an adapter does once the replies went out
        return "\n".join(r.text for r in replies)

    for words in ("hi", "yes", f"/join {cohort.join_code}", "I want to die", "/delete"):
        await say(words)
    assert "erased" in await say("DELETE")
    await store.close()

    with sqlite3.connect(tmp_path / "orbit.db") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = [
            (table, row)
            for table in tables
            for row in db.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own names
            if CHAT_ID in " ".join(str(v) for v in row)
        ]
        events = db.execute("SELECT count(*) FROM processed_event").fetchone()[0]
        alerts = db.execute("SELECT count(*) FROM outbox WHERE kind = 'alert'").fetchone()[0]
    assert events == 5  # every turn after consent was recorded, as a digest
    assert alerts == 1  # the crisis alert to Ms. Rivera stays queued for her
    assert found == []


async def test_a_redelivered_event_is_still_recognised_by_its_digest(store: Store) -> None:
    chat = Chat(make_coach(store), user="ana")
    await chat.walk("hi", "yes")
    assert await chat.say("Mom", event_id="4242:m:501:9")
    assert await chat.say("Mom", event_id="4242:m:501:9") == ""
    async with store.engine.connect() as conn:
        stored = (await conn.execute(text("SELECT event_id FROM processed_event"))).scalars()
        assert all(len(e) == 64 and ":" not in e for e in stored)


async def test_delete_removes_report_sheets_that_counted_the_student(
    store: Store, tmp_path: Path
) -> None:
    coach = make_coach(store, media_dir=tmp_path)
    cohort = await _cohort(store)
    ana, lee = Chat(coach, user="ana"), Chat(coach, user="ms_lee")
    await ana.walk(*MAPPING_WALK)
    await ana.say(f"/join {cohort.join_code}")
    await lee.walk("hi", "yes")
    tx = Transactions(store)
    await tx.run(cohorts.grant, lee.key, "coordinator", cohort.id, "Ms. Lee", NOW)
    await tx.close()
    await lee.say("/report")
    sheet = Path(lee.replies[0].image_path or "")
    assert sheet.name == f"report-{cohort.id}.png" and sheet.exists()
    assert _mode(sheet) == 0o600
    await ana.walk("/delete", "DELETE")
    assert not sheet.exists()
    await lee.say("/report")  # the next report is made without her: no one is left
    assert lee.replies[0].image_path is None and not sheet.exists()


# --- join codes ---------------------------------------------------------------------


async def test_new_join_codes_are_longer_and_old_ones_still_work(store: Store) -> None:
    cohort = await _cohort(store)
    assert len(cohort.join_code) == 8
    async with store.engine.begin() as conn:
        await conn.execute(
            text("UPDATE cohort SET join_code = 'ABC234' WHERE id = :id"), {"id": cohort.id}
        )
    chat = Chat(make_coach(store), user="ana")
    await chat.walk("hi", "yes")
    assert "joined Room 12" in await chat.say("/join abc234")


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):  # noqa: ANN204
        return self.now


async def test_the_sixth_wrong_code_in_15_minutes_is_refused_even_when_right(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    cohort = await _cohort(store)
    clock = Clock()
    chat = Chat(make_coach(store, clock=clock), user="ana")
    await chat.walk("hi", "yes")
    for n in range(5):
        assert "couldn't find a group" in await chat.say(f"/join WRONG{n}")
    refused = await chat.say(f"/join {cohort.join_code}")
    assert "take a short break" in refused and "15 minutes" in refused
    exported = await store.export(chat.key)
    assert exported is not None and exported["cohorts"] == []
    logged = _all_logged(caplog)
    assert logged.count("wrong join code from") == 5
    assert "too many wrong codes" in logged
    assert "WRONG" not in logged and cohort.join_code not in logged

    clock.now += timedelta(minutes=15, seconds=1)  # the window has passed
    assert "joined Room 12" in await chat.say(f"/join {cohort.join_code}")


async def test_one_student_s_wrong_codes_do_not_lock_out_another(store: Store) -> None:
    cohort = await _cohort(store)
    coach = make_coach(store)
    ana, ben = Chat(coach, user="ana"), Chat(coach, user="ben")
    await ana.walk("hi", "yes")
    await ben.walk("hi", "yes")
    for n in range(6):
        await ana.say(f"/join WRONG{n}")
    assert "joined Room 12" in await ben.say(f"/join {cohort.join_code}")


def test_a_platform_wide_ceiling_stops_many_accounts_guessing() -> None:
    from bot.core.join_limits import JoinLimits

    limits = JoinLimits(per_student=5, per_platform=20)
    for n in range(20):
        key = ConversationKey("telegram", "", str(n))
        assert limits.wait(key, NOW) is None
        limits.failed(key, NOW)
    fresh = ConversationKey("telegram", "", "fresh")
    assert limits.wait(fresh, NOW) == timedelta(minutes=15)
    assert limits.wait(ConversationKey("slack", "T1", "fresh"), NOW) is None
    assert limits.wait(fresh, NOW + timedelta(minutes=15)) is None
