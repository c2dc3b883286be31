"""Outbox payloads are typed records: the stored JSON is the shape Orbit always wrote,
rows written before the records existed read the same, and a row that does not read is
parked with the reason while the rest of its batch goes out."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.schedule import checkins
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts, outbox
from bot.store.outbox import O
from bot.vocab.changes import OutboxMessage
from bot.vocab.payloads import (
    CHECKIN,
    OpenFlow,
    PayloadError,
    Reach,
    RenderTemplate,
    from_json,
    to_json,
)
from tests.support.schedule import Clock, RecordingSender, join, make_cohort

# Rows exactly as Orbit stored them before payloads were typed (copied from a database).
OLD_ROWS: list[tuple[dict[str, Any], Any]] = [
    (
        {
            "flow": "nudge_revisit",
            "data": {"nudge": {"people": ["Mom"], "count": 1}},
            "quiet": "21:00-07:30",
            "tz": "America/New_York",
        },
        OpenFlow(
            "nudge_revisit",
            {"nudge": {"people": ["Mom"], "count": 1}},
            reach=Reach("21:00-07:30", "America/New_York"),
        ),
    ),
    (
        {
            "flow": "checkin_answer",
            "data": {"checkin": {"id": "c1", "occurrence": "20261124T1500Z", "message": "Hi"},
                     "question": "How are you?"},
            "checkin_id": "c1",
            "quiet": "",
            "tz": "UTC",
        },
        OpenFlow(
            "checkin_answer",
            {"checkin": {"id": "c1", "occurrence": "20261124T1500Z", "message": "Hi"},
             "question": "How are you?"},
            reach=Reach("", "UTC"),
            checkin_id="c1",
        ),
    ),
    (
        {
            "template": "checkins/message",
            "context": {"data": {"checkin": {"id": "c1", "occurrence": "x", "message": "Hi"}}},
            "checkin_id": "c1",
            "quiet": "21:00-07:30",
            "tz": "Europe/Berlin",
        },
        RenderTemplate(
            "checkins/message",
            {"data": {"checkin": {"id": "c1", "occurrence": "x", "message": "Hi"}}},
            reach=Reach("21:00-07:30", "Europe/Berlin"),
            checkin_id="c1",
        ),
    ),
    (
        {"template": "alerts/crisis", "context": {"student": {"name": "Ana"}, "message": "x"}},
        RenderTemplate("alerts/crisis", {"student": {"name": "Ana"}, "message": "x"}),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("stored", "record"), OLD_ROWS)
def test_rows_stored_before_the_records_read_and_write_back_the_same(
    stored: dict[str, Any], record: Any
) -> None:
    assert from_json(stored) == record
    assert to_json(record) == stored


def test_a_nudge_carries_its_weekly_cap() -> None:
    nudge = OpenFlow("nudge_grow", {}, reach=Reach("", "UTC", weekly_cap=3))
    assert to_json(nudge)["cap"] == 3
    assert from_json(to_json(nudge)) == nudge


@pytest.mark.parametrize(
    ("stored", "says"),
    [
        ([], "a JSON object, not a list"),
        ({}, "exactly one of 'flow' and 'template'"),
        ({"flow": "a", "template": "b"}, "exactly one of"),
        ({"flow": 3}, "'flow' must be a non-empty string, not a number"),
        ({"template": ""}, "'template' must be a non-empty string, not an empty string"),
        ({"flow": "f", "data": "my secret words"}, "'data' must be an object, not a string"),
        ({"template": "t", "context": []}, "'context' must be an object, not a list"),
        ({"flow": "f", "quiet": "9pm to 7"}, "quiet hours must look like 21:00-07:30"),
        ({"flow": "f", "tz": "Mars/Olympus"}, "'tz' is no time zone"),
        ({"flow": "f", "cap": "3"}, "'cap' must be a whole number of nudges"),
        ({"flow": "f", "cap": True}, "'cap' must be a whole number"),
        ({"flow": "f", "checkin_id": 7}, "'checkin_id' must be a string"),
    ],
)
def test_a_payload_that_is_not_ours_says_what_is_wrong(stored: Any, says: str) -> None:
    with pytest.raises(PayloadError, match=says) as caught:
        from_json(stored)
    assert "secret" not in str(caught.value)  # what a value is, never what it says


async def test_a_row_that_does_not_read_is_parked_and_the_batch_goes_on(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock, quiet="")
    ana, ben = await join(scoach, cohort, "ana", "ben")
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn, cohort_id=cohort.id, message="Hello!", question="", cron="", at=None,
            timezone="UTC", now=clock(),
        )
    )  # fmt: skip
    assert await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock()) == 2

    def spoil(conn):  # type: ignore[no-untyped-def]
        row = conn.execute(select(O.c.id).where(O.c.user_id == "ben")).scalar_one()
        conn.execute(O.update().where(O.c.id == row).values(payload={"flow": ["nudge"]}))

    await tx.run(spoil)
    await dispatcher.drain()
    assert len(sender.to("ana")) == 1 and sender.to("ben") == []
    (failed,) = await tx.run(outbox.failed_rows)
    assert failed["last_error"] == (
        "unreadable payload: 'flow' must be a non-empty string, not a list"
    )
    assert dispatcher.stats.failed == 1
    assert (await tx.run(outbox.status_counts))[CHECKIN] == {"sent": 1, "failed": 1}


async def test_what_the_planners_write_reads_back_as_the_same_record(tx, clock: Clock) -> None:
    from bot.core.messages import ConversationKey

    flow = OpenFlow("nudge_revisit", {"nudge": {"count": 2}}, reach=Reach("", "UTC", 3))
    key = ConversationKey("test", "", "x")
    message = OutboxMessage("nudge:x", "nudge", key, None, flow, clock())
    await tx.run(outbox.enqueue, [message], clock())
    query = select(O.c.payload).where(O.c.dedupe_key == "nudge:x")
    stored = await tx.run(lambda conn: conn.execute(query).scalar_one())
    assert stored == to_json(flow) and from_json(stored) == flow
