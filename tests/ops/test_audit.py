"""Every governed action leaves one audit row: who, what, to whom, when.

A school's administrator runs `orbit audit` and sees the role grants, the reports read
(in the terminal and in chat), the exports and the deletions; a student appears only
as a hash, so the trail keeps no one's identity after they deleted their data.
"""

from __future__ import annotations

import json
import re

from bot.store.audit import student_ref
from bot.vocab.keys import ConversationKey
from tests.support.cli import db, orbit  # noqa: F401 - `db` is a fixture


def _trail(db: str, *args: str) -> list[dict[str, str]]:  # noqa: F811
    result = orbit("audit", "--json", "--db", db, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_grants_reports_exports_and_deletions_are_audited(db: str) -> None:  # noqa: F811
    assert _trail(db) == []
    created = orbit("cohort", "create", "Room 12", "--timezone", "UTC", "--db", db)
    code = re.search(r"Join code: (\w+)", created.stdout)
    assert code is not None
    orbit("chat", "--user", "ana", "--db", db, stdin=f"hi\nyes\n/join {code.group(1)}\n")
    steps = [
        ("grant", "admin", "--platform", "console", "--user", "boss", "--db", db),
        ("report", "--cohort", "Room 12", "--db", db),
        ("export", "--user", "ana", "--db", db),
    ]
    for step in steps:
        assert orbit(*step).returncode == 0
    boss = "hi\nyes\n/grant coordinator Room 12 console ms_lee\n"
    assert "now a coordinator" in orbit("chat", "--user", "boss", "--db", db, stdin=boss).stdout
    lee = orbit("chat", "--user", "ms_lee", "--db", db, stdin="hi\nyes\n/report\n")
    assert "1 student" in lee.stdout
    gone = orbit("chat", "--user", "ana", "--db", db, stdin="/delete\nDELETE\n")
    assert gone.returncode == 0

    trail = _trail(db)
    seen = [(r["actor"].split(":")[0], r["action"], r["subject"]) for r in trail]
    ana = student_ref(ConversationKey("console", "local", "ana"))
    assert seen == [
        ("cli", "grant", "console:local:boss"),
        ("cli", "report", "cohort:Room 12"),
        ("cli", "export", ana),
        ("console", "grant", "console:local:ms_lee"),
        ("console", "report", "cohort:Room 12"),
        ("student", "delete", ana),
    ]
    assert trail[3]["actor"] == "console:local:boss" and "coordinator" in trail[3]["detail"]
    assert trail[4]["actor"] == "console:local:ms_lee"
    assert all("ana" not in json.dumps(r) for r in trail)  # a student only as a hash
    assert _trail(db, "--since", "2999-01-01") == []
    assert len(_trail(db, "--since", "1d")) == 6
    table = orbit("audit", "--db", db)
    assert "export" in table.stdout and "retention" not in table.stdout


def test_a_bad_since_is_a_clear_error(db: str) -> None:  # noqa: F811
    result = orbit("audit", "--since", "last tuesday", "--db", db)
    assert result.returncode == 2 and "--since" in result.stderr
