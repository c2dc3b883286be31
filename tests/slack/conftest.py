"""Fixtures for the Slack tests: the fake Slack, the real Bolt app, Slack's own schemas
(see schemas.py): every end-to-end test checks the calls Orbit made when it ends.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.adapters.slack.serve import RunningSlack, running_slack
from bot.store.store import Store
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import SignedSlack, Student, secrets
from tests.slack.schemas import SchemaChecker, generated_schemas, recorded_calls
from tests.support.coach import make_coach


@pytest.fixture(scope="session")
def slack_schemas() -> Path | None:
    return generated_schemas()


@pytest.fixture(scope="session")
def schema_checker(slack_schemas: Path | None) -> Iterator[SchemaChecker | None]:
    if slack_schemas is None:
        yield None
        return
    checker = SchemaChecker(slack_schemas)
    yield checker
    checker.close()


@pytest.fixture
async def fake(schema_checker: SchemaChecker | None) -> AsyncIterator[FakeSlack]:
    """The fake Slack; when the test ends, every call it got must match Slack's types."""
    server = await FakeSlack(names={"U0ANA": "Ana", "U0BEN": "Ben"}).start()
    yield server
    await server.stop()
    if schema_checker is not None:
        problems = schema_checker.problems(recorded_calls(server))
        assert not problems, json.dumps(problems[:3], indent=1)[:4000]


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[Store]:
    opened = await Store(sqlite_url).open()
    yield opened
    await opened.close()


@pytest.fixture
async def running(fake: FakeSlack, store: Store) -> AsyncIterator[RunningSlack]:
    """The real Bolt app in HTTP mode on a loopback port, talking to the fake Slack."""
    coach = make_coach(store)
    async with running_slack(
        coach, secrets(fake), http=True, host="127.0.0.1", port=0, workers=4
    ) as slack:
        yield slack


@pytest.fixture
async def slack(running: RunningSlack) -> AsyncIterator[SignedSlack]:
    async with aiohttp.ClientSession() as session:
        yield SignedSlack(session, running)


@pytest.fixture
def ana(slack: SignedSlack, fake: FakeSlack) -> Student:
    return Student(slack, fake, user="U0ANA", channel="D0ANA")
