"""Slack's own JSON Schemas, generated once per session from the pinned `@slack/web-api`
types (tests/slack/package-lock.json) and cached by the hash of what they are made from;
every end-to-end test checks all the calls Orbit made against them when it ends."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.slack.fake_slack import FakeSlack
from tests.support.node import missing_node_peer

HERE = Path(__file__).parent
SCHEMA_SOURCES = [
    HERE / "package-lock.json",
    HERE / "schema" / "arguments.ts",
    HERE / "schema" / "generate.mjs",
]
METHOD_TYPES = {
    "apps.connections.open": "AppsConnectionsOpen",
    "auth.test": "AuthTest",
    "chat.postMessage": "ChatPostMessage",
    "chat.update": "ChatUpdate",
    "conversations.open": "ConversationsOpen",
    "files.completeUploadExternal": "FilesCompleteUploadExternal",
    "files.getUploadURLExternal": "FilesGetUploadURLExternal",
    "oauth.v2.access": "OAuthV2Access",
    "users.lookupByEmail": "UsersLookupByEmail",
    "users.info": "UsersInfo",
    "views.publish": "ViewsPublish",
}

# Why Slack's schemas cannot be made here (node or the pinned packages missing), or None.
SCHEMAS_MISSING = missing_node_peer(HERE, "ts-json-schema-generator")


def generated_schemas() -> Path | None:
    """The generated schema file, or None when `SCHEMAS_MISSING` says why not (then the
    end-to-end tests run without the schema check, and test_schemas.py is skipped)."""
    if SCHEMAS_MISSING:
        return None
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in SCHEMA_SOURCES)).hexdigest()[:16]
    cached = HERE / ".schemas" / f"web-api-{digest}.json"
    if not cached.is_file():
        cached.parent.mkdir(exist_ok=True)
        partial = cached.with_suffix(".tmp")
        subprocess.run(["node", str(HERE / "schema" / "generate.mjs"), str(partial)], check=True)
        partial.replace(cached)
    return cached


def recorded_calls(fake: FakeSlack) -> list[dict[str, Any]]:
    """Every body Orbit sent, typed for validation; blocks once more as known blocks."""
    calls = []
    for call in fake.calls:
        kind = METHOD_TYPES.get(call.method, f"unexpected method {call.method}")
        calls.append({"type": kind, "body": call.args})
    calls += [{"type": "ResponseUrlMessage", "body": r.args} for r in fake.responses]
    for call in list(calls):
        body = call["body"]
        blocks = body.get("blocks") or (body.get("view") or {}).get("blocks") or []
        calls += [{"type": "Known", "body": block} for block in blocks]
    return calls


class SchemaChecker:
    """One Node process for the session, checking each test's calls (a line each way)."""

    def __init__(self, schemas: Path) -> None:
        self._node = subprocess.Popen(
            ["node", str(HERE / "schema" / "validate.mjs"), str(schemas)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def problems(self, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
        assert self._node.stdin is not None and self._node.stdout is not None
        self._node.stdin.write(json.dumps(calls) + "\n")
        self._node.stdin.flush()
        found = json.loads(self._node.stdout.readline())
        return [{**problem, "call": calls[problem["index"]]} for problem in found]

    def close(self) -> None:
        if self._node.stdin is not None:
            self._node.stdin.close()
        self._node.wait(timeout=10)
