"""`orbit lessons check` finds real mistakes, as `file:line: message`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import ROOT
from bot.core.lesson_check import check_all
from bot.core.lessons import load_catalog


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped lessons and English prompts to break (one locale: the
    checks across locales are in test_locale_check.py)."""
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    shutil.copytree(ROOT / "prompts" / "en", tmp_path / "prompts" / "en")
    shutil.copytree(ROOT / "prompts" / "llm", tmp_path / "prompts" / "llm")
    return tmp_path


def check(project: Path) -> list[str]:
    return [str(p) for p in check_all(project / "lessons", project / "prompts", ROOT / "bot")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_lessons_are_clean(project: Path) -> None:
    assert check(project) == []
    catalog = load_catalog(project / "lessons")
    assert {"mapping", "add_person", "edit_person", "remove_person", "delete_all"} <= set(
        catalog.lessons
    )


def test_unknown_step(project: Path) -> None:
    edit(project / "lessons/mapping.yaml", "next: reflect", "next: reflekt")
    [problem] = [p for p in check(project) if "reflekt" in p]
    assert problem.startswith(f"{project}/lessons/mapping.yaml:")
    assert "goes to unknown step `reflekt`" in problem


def test_unreachable_step(project: Path) -> None:
    edit(
        project / "lessons/mapping.yaml",
        "on_skip: know_better\n    next: door_openers",
        "on_skip: know_better\n    next: know_better",
    )
    assert any("step `door_openers` is unreachable" in p for p in check(project))


def test_missing_template(project: Path) -> None:
    (project / "prompts/en/mapping/career.j2").unlink()
    problems = check(project)
    assert any(
        "mapping.yaml:" in p and "template mapping/career.j2 does not exist" in p for p in problems
    )


def test_template_variable_the_step_does_not_provide(project: Path) -> None:
    path = project / "prompts/en/mapping/closeness.j2"
    path.write_text("How close are you and {{ data.person_name }}?\n{{ map.count }}\n")
    [problem] = check(project)
    assert problem.startswith(f"{path}:2: uses `map`")


def test_data_that_no_path_provides(project: Path) -> None:
    path = project / "prompts/en/mapping/career.j2"
    path.write_text("Tell me about {{ data.know_better }}.\n")
    [problem] = check(project)
    assert problem.startswith(f"{path}:1: uses `data.know_better`, which is not set on every")


def test_unquoted_yes_in_skip_words(project: Path) -> None:
    edit(project / "lessons/mapping.yaml", '"pass", "nope",', '"pass", "nope", yes,')
    [problem] = check(project)
    assert "mapping.yaml:" in problem and "quote every `skip` word" in problem


def test_unknown_action_and_options(project: Path) -> None:
    edit(project / "lessons/add_person.yaml", "do: save_person", "do: save_persn")
    edit(project / "lessons/add_person.yaml", "options: closeness", "options: closenes")
    problems = check(project)
    assert any("unknown action `save_persn`" in p for p in problems)
    assert any("unknown options `closenes`" in p for p in problems)


def test_template_syntax_error(project: Path) -> None:
    path = project / "prompts/en/commands/paused.j2"
    path.write_text("line one\n{% if %}\n")
    [problem] = check(project)
    assert problem.startswith(f"{path}:2: template syntax")


def test_code_refers_to_a_template_that_is_gone(project: Path) -> None:
    (project / "prompts/en/errors/name_contact.j2").unlink()
    problems = check(project)
    assert any(
        "bot/core/names.py:" in p and "errors/name_contact.j2 does not exist" in p for p in problems
    )


def test_broken_yaml(project: Path) -> None:
    (project / "lessons/mapping.yaml").write_text("id: mapping\nsteps: [\n")
    [problem] = check(project)
    assert "mapping.yaml:" in problem and "not valid YAML" in problem


def test_unknown_filter(project: Path) -> None:
    path = project / "prompts/en/commands/paused.j2"
    path.write_text("Paused.\n{{ 'x' | shout }}\n")
    [problem] = check(project)
    assert problem.startswith(f"{path}:2: template syntax") and "shout" in problem


def test_call_of_a_lesson_without_inputs(project: Path) -> None:
    edit(project / "lessons/email.yaml", "inputs: [recipient]", "inputs: []")
    problems = check(project)
    assert any("help_seeking.yaml:" in p and "passes ['recipient']" in p for p in problems)


def test_on_non_answer_must_lead_somewhere_and_only_from_a_question(project: Path) -> None:
    edit(project / "lessons/mapping.yaml", "on_non_answer: unsure", "on_non_answer: unshure")
    assert any("goes to unknown step `unshure`" in p for p in check(project))


def test_on_non_answer_on_a_step_that_does_not_wait(project: Path) -> None:
    edit(
        project / "lessons/mapping.yaml",
        "do: save_person\n",
        "do: save_person\n    on_non_answer: domains\n",
    )
    [problem] = check(project)
    assert problem.startswith(f"{project}/lessons/mapping.yaml:")
    assert "step `save` (action) does not take `on_non_answer`; it takes `next`, `do`" in problem


def test_each_step_type_takes_only_its_own_keys(project: Path) -> None:
    """A key of another type (here a choice's `options` on a `say`) is an error at load,
    naming the file, the line, the step and the key."""
    lines = (project / "lessons/mapping.yaml").read_text().splitlines()
    edit(project / "lessons/mapping.yaml", "  intro:\n", "  intro:\n    options: domains\n")
    [problem] = check(project)
    line = next(n for n, text in enumerate(lines, 1) if text == "  intro:")
    assert problem.startswith(f"{project}/lessons/mapping.yaml:{line}: step `intro` (say)")
    assert "does not take `options`" in problem


def test_a_step_missing_a_key_its_type_needs(project: Path) -> None:
    edit(project / "lessons/mapping.yaml", "    do: save_person\n", "")
    [problem] = check(project)
    assert "mapping.yaml:" in problem and "step `save` (action) needs `do`" in problem


def test_a_key_of_the_wrong_kind(project: Path) -> None:
    edit(project / "lessons/add_person.yaml", "type: choose\n", "type: choose\n    multi: maybe\n")
    [problem] = check(project)
    assert "add_person.yaml:" in problem and "`multi` must be true or false" in problem


def test_an_after_key_that_the_answer_does_not_use(project: Path) -> None:
    edit(
        project / "lessons/mapping.yaml",
        "expect: new_person\n",
        "expect: new_person\n    after: x\n",
    )
    assert any("sets `after`, which `expect: new_person` does not use" in p for p in check(project))


def test_every_step_type_runs_or_reads_an_answer() -> None:
    """The runner and the check read one registry: no step type is left without a way
    to run it, and every kind of answer and action the lessons name is registered."""
    from bot.core.answering import READS
    from bot.core.answers import ANSWERS
    from bot.core.flow import RUNS
    from bot.core.steps import STEP_TYPES, Ask

    assert set(STEP_TYPES) == {
        "say",
        "ask",
        "choose",
        "collect",
        "loop",
        "action",
        "branch",
        "call",
        "end",
    }
    for cls in STEP_TYPES.values():
        assert (cls in READS) if cls.waits else (cls in RUNS), cls.type
    catalog = load_catalog(ROOT / "lessons")
    expected = {
        s.expect
        for lesson in catalog.lessons.values()
        for s in lesson.steps.values()
        if isinstance(s, Ask)
    }
    assert expected <= set(ANSWERS)


def test_the_non_answer_reason_is_data_on_that_path_only(project: Path) -> None:
    path = project / "prompts/en/mapping/career.j2"
    path.write_text(path.read_text() + "{{ data.non_answer }}")
    assert any("uses `data.non_answer`" in p and "career" in p for p in check(project))


def test_date_after_needs_a_key_set_on_every_path(project: Path) -> None:
    edit(project / "lessons/help_seeking.yaml", "after: ask_by", "after: ask_when")
    assert any("`after: ask_when` is not set on every path" in p for p in check(project))
    edit(project / "lessons/help_seeking.yaml", "    after: ask_when\n", "")
    assert any("expects `date_after` but names no `after` key" in p for p in check(project))


def test_a_lesson_feelings_template_must_exist(project: Path) -> None:
    (project / "prompts/en/help_seeking/feeling.j2").unlink()
    assert any("help_seeking/feeling.j2 does not exist" in p for p in check(project))
