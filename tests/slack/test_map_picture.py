"""Issue 7: the map picture that Telegram sends as a photo is uploaded into the Slack DM.

The Coach renders a PNG (media_dir set); the adapter uploads it with files_upload_v2
(files.getUploadURLExternal, the bytes POSTed to the upload_url, then
files.completeUploadExternal). An ephemeral `/orbit map` cannot carry a file, so the
picture goes to the student's DM and the answer says so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.slack.serve import RunningSlack, running_slack
from bot.store.store import Store
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import Student, secrets, texts
from tests.support.chat import MAPPING_WALK
from tests.support.coach import make_coach

PNG = b"\x89PNG\r\n\x1a\n"
MOM = "Mom (close; emotional support and advice and information)"


@pytest.fixture
async def running(fake: FakeSlack, store: Store, tmp_path: Path) -> AsyncIterator[RunningSlack]:
    """As in conftest.py, with pictures on: the Coach writes map PNGs into tmp_path."""
    coach = make_coach(store, media_dir=tmp_path)
    async with running_slack(
        coach, secrets(fake), http=True, host="127.0.0.1", port=0, workers=4
    ) as slack:
        yield slack


async def _with_two_people(ana: Student) -> None:
    await ana.types("hi")
    await ana.presses("Yes, let's start")
    for text in MAPPING_WALK[2:8]:  # Mom (two supports, close), Tío Beto (practical, 3)
        await ana.types(text)


async def test_map_sent_in_the_dm_uploads_the_picture_with_the_text(
    ana: Student, fake: FakeSlack
) -> None:
    await _with_two_people(ana)
    assert fake.shared == []
    # Slack takes a message starting with "/" for a slash command, and tells the student
    # to put a space before the "/" to send it as a message: that reaches the core's /map.
    posts = await ana.types(" /map")
    [share] = fake.shared
    assert share["channel"] == ana.channel
    assert share["bytes"].startswith(PNG) and len(share["bytes"]) > 1000
    [asked] = fake.called("files.getUploadURLExternal")
    assert asked["length"] == len(share["bytes"])
    # one message in the DM: the map's text is the picture's comment, and not posted twice
    assert MOM in share["initial_comment"] and "Tío Beto" in share["initial_comment"]
    assert MOM not in texts(posts)


async def test_orbit_map_answers_ephemerally_and_puts_the_picture_in_the_dm(
    ana: Student, fake: FakeSlack
) -> None:
    await _with_two_people(ana)
    posts = len(fake.called("chat.postMessage"))
    answer = await ana.command("map", channel="C0GENERAL")
    assert answer["response_type"] == "ephemeral"
    assert MOM in answer["text"] and "picture of your map in our direct message" in answer["text"]
    [opened] = fake.called("conversations.open")
    assert opened["users"] == ana.user
    [share] = fake.shared
    assert share["channel"] == ana.channel and share["bytes"].startswith(PNG)
    assert not share["initial_comment"]  # the map's text stays between Ana and the answer
    assert len(fake.called("chat.postMessage")) == posts  # nothing public, no text in the DM
    assert all(c["channel_id"].startswith("D") for c in fake.called("files.completeUploadExternal"))


async def test_without_files_write_the_text_still_goes(ana: Student, fake: FakeSlack) -> None:
    """An install from before files:write was added: Slack refuses the upload."""
    await _with_two_people(ana)
    fake.refuse["files.getUploadURLExternal"] = "missing_scope"
    posts = await ana.types(" /map")
    assert fake.shared == [] and MOM in texts(posts)
    answer = await ana.command("map", channel="C0GENERAL")
    assert MOM in answer["text"] and "direct message" not in answer["text"]
