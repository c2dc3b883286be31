"""The schema check itself can fail: Slack's types refuse a misspelled argument or block.

Every end-to-end test checks its calls against these schemas when it ends (see
conftest.py), so this file proves that check has teeth.
"""

from __future__ import annotations

import pytest

from bot.adapters.slack.blocks import to_messages
from bot.core.messages import Choice, Outbound
from tests.slack.schemas import SCHEMAS_MISSING, SchemaChecker

pytestmark = pytest.mark.skipif(SCHEMAS_MISSING is not None, reason=str(SCHEMAS_MISSING))

QUESTION = Outbound(
    text="How close are you and Mom?",
    choices=(Choice("close", "Close"), Choice("between", "In between")),
)


def _post(**changes: object) -> dict[str, object]:
    [message] = to_messages(QUESTION, done_label="Done")
    return {"channel": "D0ANA", "text": message.text, "blocks": message.blocks} | changes


def test_what_orbit_sends_passes(schema_checker: SchemaChecker) -> None:
    assert schema_checker.problems([{"type": "ChatPostMessage", "body": _post()}]) == []


def test_a_misspelled_argument_fails(schema_checker: SchemaChecker) -> None:
    body = _post(unfurl_link=False)  # the argument is unfurl_links
    [problem] = schema_checker.problems([{"type": "ChatPostMessage", "body": body}])
    assert problem["type"] == "ChatPostMessage"


def test_a_malformed_button_fails(schema_checker: SchemaChecker) -> None:
    body = _post()
    actions = body["blocks"][1]  # type: ignore[index]
    actions["elements"][0]["text"] = "Close"  # a button's text must be a plain_text object
    [problem] = schema_checker.problems([{"type": "Known", "body": actions}])
    assert problem["type"] == "Known"


def test_an_unknown_method_fails(schema_checker: SchemaChecker) -> None:
    [problem] = schema_checker.problems([{"type": "unexpected method chat.postMesage", "body": {}}])
    assert problem["errors"] == ["no schema for this type"]


def test_a_file_shared_to_a_misnamed_channel_argument_fails(schema_checker: SchemaChecker) -> None:
    files = [{"id": "F00000001", "title": "map-1.png"}]
    good = {"files": files, "channel_id": "D0ANA", "initial_comment": "Your map"}
    bad = {"files": files, "channel": "D0ANA"}  # files.completeUploadExternal wants channel_id
    calls = [{"type": "FilesCompleteUploadExternal", "body": body} for body in (good, bad)]
    [problem] = schema_checker.problems(calls)
    assert problem["index"] == 1


def test_an_upload_url_with_a_length_as_text_fails(schema_checker: SchemaChecker) -> None:
    good = {"filename": "map-1.png", "length": 1234}
    bad = {"filename": "map-1.png", "length": "1234"}  # the fake reads form digits as a number
    calls = [{"type": "FilesGetUploadURLExternal", "body": body} for body in (good, bad)]
    [problem] = schema_checker.problems(calls)
    assert problem["index"] == 1
