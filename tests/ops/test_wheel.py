"""What the Dockerfile does, run where no image can be built: the wheel, installed
into a fresh virtual environment, works from a folder outside the checkout.

It builds the wheel (`pip wheel .`, through the package index pip is configured with),
installs it into a new venv, and there runs `orbit migrate`, `orbit lessons check` and
a piped `orbit chat` that draws the map picture. When the tests run as root (this
machine's CI does), those three run as `nobody` through `setpriv`, the image's
non-root user's situation: no write access to the installed package or the checkout.
About a minute; it runs with the rest of `make test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import ROOT
from tests.support.chat import MAPPING_WALK

pytestmark = pytest.mark.wheel
NOBODY = 65534


def _run(args: list[str], *, cwd: Path, env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout + done.stderr


def _as_user(args: list[str]) -> list[str]:
    """As `nobody` when we are root (and can say so), else as ourselves."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *args]
    return args


@pytest.fixture(scope="module")
def base() -> Iterator[Path]:
    """A folder under /tmp that `nobody` may enter (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="orbit-wheel-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def installed(base: Path) -> Path:
    """A fresh venv with the wheel built from this checkout, and nothing else of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORBIT_", "PYTHON"))}
    _run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", "dist"],
        cwd=base,
        env=env,
    )
    wheel = next((base / "dist").glob("orbit_coach-*.whl"))
    _run([sys.executable, "-m", "venv", "venv"], cwd=base, env=env)
    _run(
        [
            str(base / "venv/bin/pip"),
            "install",
            "-q",
            "-c",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ],
        cwd=base,
        env=env,
    )
    return base / "venv"


def test_the_installed_wheel_migrates_checks_and_chats_outside_the_checkout(
    installed: Path, base: Path
) -> None:
    work = base / "school"
    work.mkdir()
    work.chmod(0o777)  # `nobody` writes its database and pictures here
    env = {
        "PATH": f"{installed / 'bin'}:/usr/bin:/bin",
        "HOME": str(work),
        "LANG": "C.UTF-8",
        "COLUMNS": "200",
    }
    orbit = str(installed / "bin" / "orbit")
    where = _run(
        [
            str(installed / "bin/python"),
            "-c",
            "from bot.config import Settings; s = Settings(); print(s.lessons_dir, s.prompts_dir)",
        ],
        cwd=work,
        env=env,
    )
    assert str(ROOT) not in where and "site-packages/bot/_data/lessons" in where
    db = f"sqlite:///{work / 'orbit.db'}"
    _run(_as_user([orbit, "migrate", "--db", db]), cwd=work, env=env)
    checked = _run(_as_user([orbit, "lessons", "check"]), cwd=work, env=env)
    assert "look good" in checked
    script = "\n".join([*MAPPING_WALK[:17], "/map"]) + "\n"
    chat = _run(
        _as_user([orbit, "chat", "--user", "ana", "--db", db]), cwd=work, env=env, stdin=script
    )
    assert "Tío Beto" in chat and "[picture:" in chat, chat[-1500:]
    assert list((work / "orbit-media").rglob("*.png")), "the map picture was drawn"
