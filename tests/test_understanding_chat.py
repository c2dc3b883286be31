"""Students as they really write, through `orbit chat` (piped, a real subprocess and a
real SQLite file), checked against what `orbit export` stored."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support.cli import db, orbit

__all__ = ["db"]  # the fixture: a migrated SQLite file


def _chat(db: str, user: str, *lines: str) -> str:
    result = orbit("chat", "--user", user, "--db", db, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _export(db: str, user: str) -> dict | None:
    result = orbit("export", "--user", user, "--db", db)
    if result.returncode != 0:
        return None
    return json.loads(result.stdout)


def _map(db: str, user: str) -> dict[str, tuple[str, list[str], str]]:
    data = _export(db, user)
    assert data is not None
    return {p["name"]: (p["domain"], sorted(p["supports"]), p["closeness"]) for p in data["map"]}


def test_the_student_who_types_everything_in_words(db: str) -> None:
    out = _chat(
        db,
        "words",
        "hey",
        "yeah sure 👍",
        "my aunt Rosa",
        "emotional support and advice",
        "super close",
        "mrs lee next door",
        "she gives me rides",
        "kinda close",
        "nah",  # no one else in the family
        "my best friend Kayla",
        "all of them",
        "very close",
        "that's all",
        "my math teacher i guess",
        "advice and feedback",
        "not close",
        "done",
        "does my grandma's church lady count?",
        "the first one",
        "medium",
        "nope",
    )
    assert "What I store, and why" in out
    assert "Yes, they count!" in out
    assert "I didn't understand" not in out
    assert _map(db, "words") == {
        "Aunt Rosa": ("family", ["advice", "emotional"], "close"),
        "Mrs Lee": ("family", ["practical"], "between"),
        "Kayla": ("peers", ["advice", "career", "emotional", "feedback", "practical"], "close"),
        "Math teacher": ("school", ["advice", "feedback"], "distant"),
        "Grandma's church lady": ("activities", ["emotional"], "between"),
    }


def test_the_student_who_mistypes(db: str) -> None:
    out = _chat(
        db,
        "typos",
        "hi",
        "yse",
        "my abuela",
        "emotinal suport, advise",
        "clsoe",
        "idk",  # not a person: moves on to friends and peers
        "frend Jay",
        "emoshunal",  # too far off to take: "Did you mean ...?"
        "yes",
        "inbetwen",
        "done",
    )
    assert out.count('Did you mean "Emotional support"?') == 1
    assert "not everyone comes to mind right away" in out
    stored = _map(db, "typos")
    assert stored == {
        "Abuela": ("family", ["advice", "emotional"], "close"),
        "Jay": ("peers", ["emotional"], "between"),
    }
    assert "Idk" not in stored and "idk" not in stored

    # names on the map, found the way they are typed; /edit and /remove go straight on
    out = _chat(db, "typos", "/edit abuelaa", "how close we are", "distnt", "/remove jya", "yep")
    assert "Send their name" not in out
    assert _map(db, "typos") == {"Abuela": ("family", ["advice", "emotional"], "distant")}


def test_consent_in_words_and_a_join_code_kept_across_a_restart(db: str) -> None:
    created = orbit("cohort", "create", "Robotics club", "--timezone", "UTC", "--db", db)
    assert created.returncode == 0, created.stderr
    code = re.search(r"Join code: (\w+)", created.stdout)
    assert code is not None, created.stdout
    first = _chat(db, "rosa", f"/start {code.group(1)}")
    assert "What I store, and why" in first
    assert _export(db, "rosa") is None  # nothing about her before yes
    # a new process (a restart), and the answer typed in her own words
    second = _chat(db, "rosa", "ok let's go")
    assert "Robotics club" in second
    data = _export(db, "rosa")
    assert data is not None and [c["cohort"] for c in data["cohorts"]] == ["Robotics club"]


def test_no_in_every_form_stores_nothing(db: str) -> None:
    for user, answer in (("a", "nah"), ("b", "no thanks"), ("c", "not now"), ("d", "nope")):
        out = _chat(db, user, "hi", answer)
        assert "nothing about you has been saved" in out, answer
        assert _export(db, user) is None


def test_a_pending_join_code_is_not_the_key_itself(db: str, tmp_path: Path) -> None:
    import sqlite3

    _chat(db, "sam", "/join ABCDEF")
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        rows = conn.execute("SELECT key_hash, code FROM pending_join").fetchall()
    kept = [r for r in rows if r[0] != "!salt"]
    assert [code for _, code in kept] == ["ABCDEF"]
    assert all("sam" not in key and len(key) == 64 for key, _ in kept)
    _chat(db, "sam", "no")
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        rows = conn.execute("SELECT key_hash FROM pending_join").fetchall()
    assert [r[0] for r in rows] == ["!salt"]  # forgotten at no
