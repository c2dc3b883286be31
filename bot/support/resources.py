"""Where Orbit's own lessons, prompts and default config live: inside the package.

A wheel carries `lessons/`, `prompts/` and `config/` as `bot/_data/<name>` (setup.py
copies them in at build time), found here through `importlib.resources`, so an
installed Orbit works from any folder. A checkout (or an editable install) has no
`bot/_data` and reads the folders beside the source tree instead. A program's own
folders win over both: `ORBIT_LESSONS_DIR` / `ORBIT_PROMPTS_DIR` (or `lessons_dir` /
`prompts_dir` in a config file) and `ORBIT_CONFIG_DIR`, a folder whose `default.toml`,
`nudges.toml` or `safety.toml` replace the shipped ones.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

PACKAGED = "_data"
NAMES = ("lessons", "prompts", "config")
_CHECKOUT = Path(__file__).resolve().parents[2]


def shipped(name: str) -> Path:
    """The folder Orbit ships: `lessons`, `prompts` or `config`."""
    if name not in NAMES:
        raise ValueError(f"no shipped folder {name!r}; one of {', '.join(NAMES)}")
    packaged = files("bot").joinpath(PACKAGED, name)
    if packaged.is_dir():
        return Path(str(packaged))  # wheels are installed unzipped: a real folder
    return _CHECKOUT / name


def config_file(name: str) -> Path:
    """A config file (`default.toml`, `nudges.toml`, `safety.toml`): the program's own
    from `ORBIT_CONFIG_DIR` when that folder has it, else the shipped one."""
    own = os.environ.get("ORBIT_CONFIG_DIR")
    if own and (Path(own) / name).is_file():
        return Path(own) / name
    return shipped("config") / name


def package_dir() -> Path:
    """The `bot` package's own folder (its code, wherever it is installed)."""
    return Path(str(files("bot")))
