"""A coordinator prints an invitation for a cohort, and rotates its join code.

The PNG's QR code is read back with a real decoder (zxing-cpp) and must be the
Telegram deep link; the PDF must render with poppler's pdftoppm to exactly one page.
An old code then tells a student it has changed, in a real `orbit chat`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import orbit


def _cohort(db: str, name: str = "Room 12") -> str:
    made = orbit("cohort", "create", name, "--timezone", "America/Chicago", "--db", db)
    assert made.returncode == 0, made.stderr
    code = re.search(r"Join code: (\w+)", made.stdout)
    assert code is not None
    return code.group(1)


def test_the_invitation_png_holds_the_deep_link_as_a_qr_code(db: str, tmp_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    code = _cohort(db)
    png = tmp_path / "room12.png"
    made = orbit(
        "cohort", "invite", "Room 12", "--qr", str(png), "--bot", "@OrbitCoachBot",
        "--program", "Northside Scholars", "--db", db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    link = f"https://t.me/OrbitCoachBot?start={code}"
    assert link in made.stdout
    found = zxingcpp.read_barcodes(Image.open(png))
    assert [r.text for r in found] == [link]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode


def test_the_invitation_pdf_is_one_printable_page(db: str, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed; .ci/run installs it")
    _cohort(db)
    pdf = tmp_path / "room12.pdf"
    made = orbit(
        "cohort", "invite", "Room 12", "--pdf", str(pdf), "--bot", "OrbitCoachBot", "--db", db
    )
    assert made.returncode == 0, made.stderr
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 1000


def test_an_invitation_needs_one_file_and_a_bot_name(db: str, tmp_path: Path) -> None:
    _cohort(db)
    neither = orbit("cohort", "invite", "Room 12", "--bot", "OrbitCoachBot", "--db", db)
    assert neither.returncode == 2 and "--qr" in neither.stderr
    nobot = orbit("cohort", "invite", "Room 12", "--qr", str(tmp_path / "a.png"), "--db", db)
    assert nobot.returncode == 2 and "--bot" in nobot.stderr
    bad = orbit(
        "cohort", "invite", "Room 12", "--qr", str(tmp_path / "a.png"), "--bot", "a b", "--db", db
    )
    assert bad.returncode == 2 and "not a Telegram bot username" in bad.stderr
    assert not (tmp_path / "a.png").exists()


def test_a_rotated_code_says_it_has_changed_and_the_new_one_joins(db: str) -> None:
    old = _cohort(db)
    rotated = orbit("cohort", "rotate-code", "Room 12", "--db", db)
    assert rotated.returncode == 0, rotated.stderr
    new = re.search(r"new join code: (\w+)", rotated.stdout)
    assert new is not None and new.group(1) != old
    chat = orbit(
        "chat", "--user", "ana", "--db", db, stdin=f"hi\nyes\n/join {old}\n/join {new.group(1)}\n"
    )
    assert chat.returncode == 0, chat.stderr
    assert "This code has changed. Ask your coordinator" in chat.stdout
    assert "couldn't find a group" not in chat.stdout
    members = orbit("cohort", "members", "Room 12", "--json", "--db", db)
    assert '"ana"' in members.stdout
