"""Scheduler fixtures: a controllable clock, a recording sender, cohorts of real students."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.engine import Coach
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.store.store import Store
from bot.store.transactions import Transactions
from tests.support.coach import make_coach
from tests.support.schedule import Clock, RecordingSender


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def scoach(store: Store, clock: Clock) -> Coach:
    return make_coach(store, clock=clock)


@pytest.fixture
async def tx(store: Store) -> AsyncIterator[Transactions]:
    opened = Transactions(store)
    yield opened
    await opened.close()


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


@pytest.fixture
def dispatcher(
    tx: Transactions, scoach: Coach, sender: RecordingSender, clock: Clock
) -> Dispatcher:
    return Dispatcher(
        tx=tx,
        coach=scoach,
        senders={"test": sender},
        worker="w1",
        clock=clock,
        settings=DispatchSettings(max_attempts=3),
    )
