"""Where a student's map picture lives, and removing it when they delete their data.

The picture shows the student's name and the names of everyone on their map, so it is
personal data like the map itself: `/delete` removes it too.
"""

from __future__ import annotations

from pathlib import Path


def picture_path(media_dir: Path, student_id: str) -> Path:
    return media_dir / f"map-{student_id}.png"


def forget_pictures(media_dir: Path | None, student_id: str) -> None:
    if media_dir is not None:
        picture_path(Path(media_dir), student_id).unlink(missing_ok=True)
