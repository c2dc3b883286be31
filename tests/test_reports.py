"""A coordinator sees the cohort's network report; students never see anyone's."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tests.support.chat import MAPPING_WALK
from tests.support.cli import db, orbit  # noqa: F401 - `db` is a fixture

PNG = b"\x89PNG\r\n\x1a\n"


def _cohort_with_two_students(db: str) -> str:  # noqa: F811
    created = orbit("cohort", "create", "Room 12", "--timezone", "America/Chicago", "--db", db)
    assert created.returncode == 0, created.stderr
    code = re.search(r"Join code: (\w+)", created.stdout)
    assert code is not None
    ana = [*MAPPING_WALK, f"/join {code.group(1)}"]
    ben = ["hi", "yes", f"/join {code.group(1)}"]
    for user, script in (("ana", ana), ("ben", ben)):
        result = orbit("chat", "--user", user, "--db", db, stdin="\n".join(script) + "\n")
        assert "Room 12" in result.stdout, result.stdout[-500:]
    return code.group(1)


def test_orbit_report_table_csv_and_chart(db: str, tmp_path: Path) -> None:  # noqa: F811
    _cohort_with_two_students(db)
    out_csv, out_png = tmp_path / "room12.csv", tmp_path / "room12.png"
    result = orbit(
        "report", "--cohort", "Room 12", "--db", db, "--csv", str(out_csv), "--png", str(out_png)
    )
    assert result.returncode == 0, result.stderr
    assert "ana" in result.stdout and "ben" in result.stdout
    assert "Mom" not in result.stdout and "Rivera" not in result.stdout  # never map names
    rows = {r["student"]: r for r in csv.DictReader(out_csv.open())}
    assert set(rows) == {"ana", "ben"}
    assert rows["ana"]["people"] == "3" and rows["ben"]["people"] == "0"
    assert rows["ana"]["domains_covered"] == "2"
    assert "Mom" not in out_csv.read_text()
    assert out_png.read_bytes()[:8] == PNG
    missing = orbit("report", "--cohort", "Nope", "--db", db)
    assert missing.returncode == 1 and "No cohort called" in missing.stderr


def test_report_in_chat_is_for_coordinators_only(db: str) -> None:  # noqa: F811
    _cohort_with_two_students(db)
    student = orbit("chat", "--user", "ben", "--db", db, stdin="/report\n")
    assert "not allowed" in student.stdout.lower() and "ana" not in student.stdout
    granted = orbit(
        "grant",
        "coordinator",
        "--cohort",
        "Room 12",
        "--platform",
        "console",
        "--user",
        "ms_lee",
        "--db",
        db,
    )
    assert granted.returncode == 0, granted.stderr
    coordinator = orbit("chat", "--user", "ms_lee", "--db", db, stdin="hi\nyes\n/report Room 12\n")
    assert "Room 12" in coordinator.stdout and "2 students" in coordinator.stdout
    picture = re.search(r"\[picture: (.+\.png)\]", coordinator.stdout)
    assert picture is not None and Path(picture.group(1)).read_bytes()[:8] == PNG


def test_admins_grant_roles_from_chat(db: str) -> None:  # noqa: F811
    _cohort_with_two_students(db)
    refused = orbit(
        "chat",
        "--user",
        "ben",
        "--db",
        db,
        stdin="/grant coordinator Room 12 console ben\n/report\n",
    )
    assert refused.stdout.lower().count("not allowed") == 2
    assert (
        orbit("grant", "admin", "--platform", "console", "--user", "boss", "--db", db).returncode
        == 0
    )
    admin = orbit(
        "chat",
        "--user",
        "boss",
        "--db",
        db,
        stdin="hi\nyes\n/grant coordinator\n/grant coordinator Room 99 console x\n"
        "/grant coordinator room 12 console ms_lee\n",
    )
    assert "To give someone a role" in admin.stdout
    assert 'can\'t find a cohort called "Room 99"' in admin.stdout
    assert "console user ms_lee is now a coordinator of Room 12" in admin.stdout
    coordinator = orbit("chat", "--user", "ms_lee", "--db", db, stdin="hi\nyes\n/report\n")
    assert "2 students" in coordinator.stdout
