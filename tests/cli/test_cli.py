"""The `orbit` command as a user runs it: real subprocesses on a real database file."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.support.chat import MAPPING_WALK
from tests.support.cli import ORBIT, orbit


def test_piped_mapping_lesson_is_stored_and_exported(db: str) -> None:
    result = orbit("chat", "--user", "ana", "--db", db, stdin="\n".join(MAPPING_WALK) + "\n")
    assert result.returncode == 0, result.stderr
    assert "  1. Yes, let's start" in result.stdout  # numbered choices
    assert "Here's your map" in result.stdout
    assert "Tío Beto (distant; practical help)" in result.stdout

    exported = orbit("export", "--user", "ana", "--db", db)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["student"]["user_id"] == "ana" and data["student"]["platform"] == "console"
    assert [p["name"] for p in data["map"]] == ["Mom", "Tío Beto", "Ms. Rivera"]
    assert data["lessons"][0]["answers"]["career_interest"] == "nursing"


def test_database_url_from_the_environment(db: str) -> None:
    result = orbit("chat", "--user", "bo", stdin="hi\nyes\n", env={"ORBIT_DATABASE_URL": db})
    assert "Family" in result.stdout
    assert json.loads(orbit("export", "--user", "bo", "--db", db).stdout)["map"] == []


def test_export_of_an_unknown_student(db: str) -> None:
    result = orbit("export", "--user", "nobody", "--db", db)
    assert result.returncode == 1 and "nothing is stored" in result.stderr


def test_an_unmigrated_database_says_to_run_migrate(tmp_path: Path) -> None:
    result = orbit("chat", "--db", f"sqlite:///{tmp_path / 'new.db'}", stdin="hi\n")
    assert result.returncode == 1
    assert "Run `orbit migrate`" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_lessons_check_exit_codes(tmp_path: Path) -> None:
    assert orbit("lessons", "check").returncode == 0
    config = tmp_path / "broken.toml"
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "bad.yaml").write_text(
        "id: bad\ntitle: Bad\nstart: a\nsteps:\n  a:\n    type: say\n    next: nowhere\n"
    )
    config.write_text(f'lessons_dir = "{lessons}"\n')
    result = orbit("lessons", "check", "--config", str(config))
    assert result.returncode == 1
    assert f"{lessons / 'bad.yaml'}:5: step `a` goes to unknown step `nowhere`" in result.stdout


def test_help_lists_the_commands() -> None:
    result = orbit("--help")
    for command in ("chat", "migrate", "export", "lessons"):
        assert command in result.stdout


class _Reader(threading.Thread):
    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.stream, self.lines = stream, queue.Queue()  # type: ignore[var-annotated]

    def run(self) -> None:
        for line in self.stream:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=0.2):
                    return
            except queue.Empty:
                continue
        raise AssertionError(f"never saw {text!r}")


def test_killed_mid_lesson_then_restarted_continues_at_the_same_step(db: str) -> None:
    proc = subprocess.Popen(
        [*ORBIT, "chat", "--user", "ana", "--db", db],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    reader = _Reader(proc.stdout)
    reader.start()
    assert proc.stdin is not None
    for line in ["hi", "yes", "Mom", "1, 2"]:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
    reader.wait_for("How close are you and Mom?")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    rest = ["close", *MAPPING_WALK[5:]]
    result = orbit("chat", "--user", "ana", "--db", db, stdin="\n".join(rest) + "\n")
    assert "Anyone else in family?" in result.stdout  # "close" answered the pending question
    assert "Here's your map" in result.stdout
    data = json.loads(orbit("export", "--user", "ana", "--db", db).stdout)
    assert [p["name"] for p in data["map"]] == ["Mom", "Tío Beto", "Ms. Rivera"]
    assert data["map"][0]["supports"] == ["emotional", "advice"]


READY_EMAIL = """Subject: Question about nursing programs
Dear Ms. Lopez,
My name is Ana Torres and I am a junior at Lincoln High School. You spoke at our career day last
month about your work as a nurse, and I have been thinking about it since.
Would you have 15 minutes for a short phone call in the next two weeks? I would love to ask how
you chose your nursing program. I know you are busy, so any time that works for you is great.
Thank you for considering it.
Best regards,
Ana Torres
"""


def test_coach_email_reads_stdin_or_a_file(tmp_path: Path) -> None:
    result = orbit("coach", "email", "--json", stdin="Subject: hi\nhey can u help me\n")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ready"] is False
    greeting = next(c for c in data["criteria"] if c["id"] == "greeting")
    assert greeting["result"] == "needs-work" and "hey can u help me" in greeting["evidence"]
    assert set(greeting) == {"id", "required", "result", "evidence", "advice"}
    draft = tmp_path / "draft.txt"
    draft.write_text(READY_EMAIL)
    text = orbit("coach", "email", str(draft))
    assert text.returncode == 0 and text.stdout.startswith("READY TO SEND")
    missing = orbit("coach", "email", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "No such file" in missing.stderr


def test_piped_email_and_help_seeking_lessons_are_stored(db: str) -> None:
    script = [
        *MAPPING_WALK,
        "/lesson help_seeking",
        "get into a nursing program",
        "2",
        "Ms. Rivera",
        "Could you read my personal statement by Friday?",
        "2099-01-10",
        "3",
        "2099-01-20",
        # the ask is by email: the email lesson follows with Ms. Rivera filled in
        "1",  # an informational conversation
        "2",  # with a professional
        "nursing",
        *READY_EMAIL.splitlines(),
        "/done",
    ]
    result = orbit("chat", "--user", "ana", "--db", db, stdin="\n".join(script) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Let's write the email to Ms. Rivera." in result.stdout
    assert "Your email is ready to send!" in result.stdout
    data = json.loads(orbit("export", "--user", "ana", "--db", db).stdout)
    [ask] = data["asks"]
    assert ask["helper"] == "Ms. Rivera" and ask["how"] == "email"
    assert ask["by_date"] == "2099-01-10" and ask["follow_up_on"] == "2099-01-20"
    [draft] = data["email_drafts"]
    assert draft["ready"] is True and draft["recipient"] == "Ms. Rivera"
    assert draft["text"].strip() == READY_EMAIL.strip()
    assert {p["lesson"] for p in data["lessons"]} == {"mapping", "help_seeking", "email"}


def test_an_admin_deletes_a_student_after_confirming(db: str) -> None:
    orbit("chat", "--user", "ana", "--db", db, stdin="hi\nyes\nMom\n1\nclose\n")
    assert json.loads(orbit("export", "--user", "ana", "--db", db).stdout)["map"]

    refused = orbit("delete", "--user", "ana", "--db", db, stdin="n\n")
    assert refused.returncode == 1 and "Nothing was deleted" in refused.stderr
    assert orbit("export", "--user", "ana", "--db", db).returncode == 0  # still there

    done = orbit("delete", "--user", "ana", "--db", db, stdin="y\n")
    assert done.returncode == 0, done.stderr
    assert "Deleted everything stored about 'ana'" in done.stdout
    gone = orbit("export", "--user", "ana", "--db", db)
    assert gone.returncode == 1 and "nothing is stored" in gone.stderr
    trail = orbit("audit", "--db", db).stdout
    assert "orbit delete" in trail and "cli:" in trail  # who deleted, not the student

    again = orbit("delete", "--user", "ana", "--db", db, "--yes")
    assert again.returncode == 1 and "nothing is stored" in again.stderr
