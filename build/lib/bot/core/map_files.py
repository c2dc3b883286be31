"""Where pictures live, and removing a student's traces when they delete their data.

The map picture shows the student's name and the names of everyone on their map, so it
is personal data like the map itself: `/delete` removes it too. A cohort's report
sheet (`/report`) names no one but counts every member, so the sheets made before a
deletion still count the student: `/delete` removes them all, and the next `/report`
draws a fresh one. (`orbit report --png PATH` writes where the operator says; that file
is the operator's export, like the CSV.)
"""

from __future__ import annotations

from pathlib import Path


def picture_path(media_dir: Path, student_id: str) -> Path:
    return media_dir / f"map-{student_id}.png"


def report_path(media_dir: Path, cohort_id: str) -> Path:
    return media_dir / f"report-{cohort_id}.png"


def forget_pictures(media_dir: Path | None, student_id: str) -> None:
    if media_dir is None:
        return
    picture_path(Path(media_dir), student_id).unlink(missing_ok=True)
    for sheet in Path(media_dir).glob(report_path(Path(), "*").name):
        sheet.unlink(missing_ok=True)
