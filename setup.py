"""Build hook: ship `lessons/`, `prompts/` and `config/` inside the package.

They stay at the top of the repository (where programs and translators edit them) and
are copied into the wheel as `bot/_data/<name>`, read at run time through
`importlib.resources` (bot/support/resources.py). An editable install reads them in
place, so it copies nothing. Everything else about the build is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("lessons", "prompts", "config")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithData(build_py):
    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        if not editable:  # a fresh tree: no module deleted since the last build ships
            shutil.rmtree(Path(self.build_lib) / "bot", ignore_errors=True)
        super().run()
        if editable:
            return
        for name in SHIPPED:
            target = Path(self.build_lib) / "bot" / "_data" / name
            shutil.copytree(HERE / name, target, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
