"""Synonyms and examples in options.yaml: loaded, checked, and read by the readers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.lesson_check import check_all
from bot.core.lessons import LessonError, load_options
from bot.core.understanding import Status, read_choice

ROOT = Path(__file__).resolve().parents[3]


def _lessons(tmp_path: Path, options_yaml: str) -> Path:
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons)
    (lessons / "options.yaml").write_text(options_yaml, encoding="utf-8")
    return lessons


def test_a_program_extends_an_option_without_python(tmp_path: Path) -> None:
    text = (ROOT / "lessons" / "options.yaml").read_text(encoding="utf-8")
    text = text.replace('synonyms: ["fam",', 'synonyms: ["mi gente", "fam",', 1)
    options = load_options(_lessons(tmp_path, text) / "options.yaml")
    assert read_choice("mi gente", options["domains"]).value == "family"
    assert (
        read_choice("mi gente", load_options(ROOT / "lessons" / "options.yaml")["domains"]).status
        is Status.UNSURE
    )


def test_unquoted_yes_or_no_in_synonyms_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "options.yaml"
    path.write_text("pick:\n  - value: a\n    label: A\n    synonyms: [no, nope]\n")
    with pytest.raises(LessonError, match="synonyms"):
        load_options(path)


def test_lessons_check_flags_a_synonym_that_names_another_option(tmp_path: Path) -> None:
    text = (ROOT / "lessons" / "options.yaml").read_text(encoding="utf-8")
    text = text.replace('synonyms: ["very close",', 'synonyms: ["distant", "very close",', 1)
    problems = check_all(_lessons(tmp_path, text), ROOT / "prompts", ROOT / "bot")
    assert any("'distant' is already how 'distant' is named" in str(p) for p in problems)
    assert check_all(ROOT / "lessons", ROOT / "prompts", ROOT / "bot") == []
