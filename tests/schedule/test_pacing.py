"""Pacing on virtual time: replies and nudges stay under a platform's limits together."""

from __future__ import annotations

import asyncio

from bot.schedule.pacing import Pacer, Rate, Slots


class VirtualTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def pacer(time: VirtualTime, **kwargs: object) -> Pacer:
    defaults: dict[str, object] = {"per_key": Rate(1, burst=3), "overall": Rate(30, burst=30)}
    return Pacer(**{**defaults, **kwargs}, clock=time.clock, sleep=time.sleep)  # type: ignore[arg-type]


def test_a_burst_goes_at_once_then_one_a_second() -> None:
    slots = Slots(Rate(1, burst=3))
    assert [slots.book(0.0) for _ in range(5)] == [0.0, 0.0, 0.0, 1.0, 2.0]
    assert slots.book(10.0) == 10.0  # after a pause the burst is back
    assert slots.book(10.0) == 10.0


def test_a_strict_interval_without_burst() -> None:
    slots = Slots(Rate(2))
    assert [slots.book(0.0) for _ in range(3)] == [0.0, 0.5, 1.0]


async def test_one_chat_is_paced_and_others_are_not_held_up_by_it() -> None:
    paced = Pacer(per_key=Rate(20, burst=2), overall=Rate(1000, burst=10))  # real time
    loop = asyncio.get_running_loop()
    start = loop.time()
    sent: dict[str, list[float]] = {"ana": [], "ben": []}

    async def send(chat: str) -> None:
        await paced.wait(chat)
        sent[chat].append(loop.time() - start)

    await asyncio.gather(*(send("ana") for _ in range(6)), send("ben"))
    assert sent["ben"][0] < 0.03  # not behind ana's queue
    assert sent["ana"][1] < 0.03 and sent["ana"][-1] >= 0.19  # a burst of 2, then 1 per 50 ms
    gaps = [b - a for a, b in zip(sent["ana"][1:], sent["ana"][2:], strict=False)]
    assert all(gap > 0.04 for gap in gaps)


async def test_the_overall_rate_spreads_a_fan_out() -> None:
    time = VirtualTime()
    paced = pacer(time, overall=Rate(30, burst=30))
    starts = []
    for n in range(90):  # one nudge each to 90 students
        await paced.wait(f"student{n}")
        starts.append(time.now)
    assert starts[29] == 0 and 0.9 < starts[59] <= 1.01 and 1.9 < starts[89] <= 2.01


async def test_a_retry_after_holds_every_chat_for_its_full_length() -> None:
    time = VirtualTime()
    paced = pacer(time)
    paced.hold(7.5)
    await paced.wait("ana")
    assert time.now == 7.5
    await paced.released()
    assert time.now == 7.5  # already over


async def test_unlimited_pacing_does_not_wait_but_still_honours_a_hold() -> None:
    time = VirtualTime()
    paced = pacer(time, per_key=Rate(0), overall=Rate(0))
    for _ in range(100):
        await paced.wait("ana")
    assert time.now == 0
    paced.hold(2)
    await paced.wait("ana")
    assert time.now == 2


async def test_groups_can_have_their_own_rate() -> None:
    time = VirtualTime()
    group = Rate(20 / 60)
    paced = pacer(time, rate_for=lambda chat: group if chat < 0 else None)
    for _ in range(3):
        await paced.wait(-100)
    assert time.now == 6.0  # one message every three seconds


async def test_idle_chats_are_forgotten() -> None:
    time = VirtualTime()
    paced = pacer(time, max_keys=10)
    for n in range(10):
        await paced.wait(n)
    time.now = 100
    await paced.wait("new")
    assert len(paced._keys) <= 6
