"""Files that hold students' data are the operator's alone: 0600 files, 0700 folders.

The database, the media folder and every picture or export are created private
(mode set at creation, not after, so they are never readable by others even for a
moment) and existing ones are tightened when Orbit opens or rewrites them. Another
user's file that Orbit may not chmod is left as it is.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path | str) -> Path:
    """Make `path` (and missing parents) and keep it to its owner."""
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path | str) -> Path:
    """Create `path` empty if it is missing, and keep it to its owner."""
    path = Path(path)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    _tighten(path, FILE_MODE)
    return path


def open_private(path: Path | str, mode: str = "wb", **kwargs: Any) -> IO[Any]:
    """`open(path, mode)` for writing, with the file 0600 from its first byte."""
    fd = os.open(Path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode through O_CREAT
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def _tighten(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o777 & ~mode:
            path.chmod(mode)
