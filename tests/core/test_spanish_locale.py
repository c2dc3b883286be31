"""No English reaches a Spanish-speaking student: every template of `prompts/es/`, every
option label and hint, every lesson title and the command menu, rendered in Spanish and
read for English words. And `orbit lessons check` keeps the locales in step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from bot.config import ROOT
from bot.core.lesson_check import check_all
from bot.core.lessons import load_catalog
from bot.core.messages import Markup
from bot.core.templates import Prompts
from tests.core.test_template_grammar import ELSEWHERE, LEFTOVERS, contexts
from tests.support.coach import LESSONS, PROMPTS

# Words that are English and not Spanish (nor names students use): one is enough to
# show a Spanish speaker a sentence we forgot. Command names (`/checkin`), code in
# backticks and command-line flags are set aside before reading.
ENGLISH = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "with",
        "send",
        "what",
        "who",
        "please",
        "people",
        "person",
        "lesson",
        "lessons",
        "help",
        "done",
        "skip",
        "yes",
        "thanks",
        "thank",
        "would",
        "could",
        "should",
        "this",
        "that",
        "there",
        "here",
        "for",
        "from",
        "of",
        "is",
        "are",
        "it",
        "my",
        "map",
        "add",
        "edit",
        "remove",
        "pick",
        "choose",
        "someone",
        "anyone",
        "nobody",
        "when",
        "where",
        "how",
        "why",
        "which",
        "not",
        "don't",
        "can't",
        "i'm",
        "it's",
        "let's",
        "we'll",
        "you're",
        "email",
        "draft",
        "feedback",
        "close",
        "between",
        "distant",
        "family",
        "friends",
        "school",
        "work",
        "online",
        "career",
        "advice",
        "practical",
        "later",
        "now",
        "cancel",
        "start",
        "continue",
        "again",
        "nothing",
        "none",
        "got",
        "sent",
        "saved",
        "removed",
        "added",
    ]
)
SET_ASIDE = re.compile(r"`[^`]*`|(?<!\w)/\w+|--\w+|\b[A-Z][a-z]+/[A-Za-z_]+\b")
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")

# What students write in Spanish, and names, in the free-text slots.
TEXT_ES = ["no sé, tal vez enfermería??", "mi maestra me explicó un truco"]
NAMES_ES = ["Tío Beto", "mi maestra de mate", "Sra. Kim"]

# Values that code (not the templates) passes in the student's language; here in
# Spanish as the Spanish coach passes them.
SPANISH_CODE_VALUES: dict[str, Any] = {
    "titles": ["mapa_de_relaciones", "pedir_ayuda"],
    "title": "Pedir ayuda",
    "suggestion": "Intenta nombrar una sola cosa.",
    "resources": ["Llama al 988 y oprime 2 para español."],
    "labels": ["Apoyo emocional"],
    "answer": "En persona",
    "lessons": [
        {
            "id": "correo",
            "title": "Correo profesional",
            "summary": "Escribe un correo.",
            "status": "done",
            "done": True,
        }
    ],
    "lesson": {"id": "mapping", "title": "Mapa de relaciones"},
    "options": [{"value": "x", "label": "Apoyo emocional", "hint": ""}],
}


def english_words(text: str) -> list[str]:
    kept = SET_ASIDE.sub(" ", text)
    return sorted({w for w in WORD.findall(kept) if w.casefold() in ENGLISH})


def spanish_context(text: str, name: str, *, empty_map: bool) -> dict[str, Any]:
    ctx = contexts(text, name, empty_map=empty_map, locale="es")
    ctx.update(SPANISH_CODE_VALUES)
    data = dict(ctx["data"])
    data["suggestions"] = [{"name": name, "why": ["Apoyo emocional"], "closeness": "Más o menos"}]
    data["llm_note"] = "Di qué clases quieres decir."
    data["review"] = {
        **data["review"],
        "standard": "una petición de ayuda a un maestro de tu escuela",
        "reviewed_languages": "inglés y español",
        "fixes": [{"id": "ask", "evidence": f'"{text}"', "advice": "Nombra una sola cosa."}],
    }
    data["scheduled_for"] = "lun 07 dic 15:30"
    coordinator = "¿Cómo va tu semana? ¿Con quién hablaste?"  # their message, in Spanish
    data["checkin"] = {**data["checkin"], "message": coordinator, "question": coordinator}
    data.update(question=coordinator, message=coordinator, question_text=coordinator)
    ctx["data"] = data
    return ctx


def test_every_spanish_template_renders_without_english() -> None:
    prompts = Prompts(PROMPTS, "es")
    found: list[str] = []
    for path in sorted(prompts.directory.rglob("*.j2")):
        name = path.relative_to(prompts.directory).with_suffix("").as_posix()
        if name in ELSEWHERE or name == "insights/labels":
            continue  # rendered below with their own data
        for text in TEXT_ES:
            for who in NAMES_ES:
                for empty in (False, True):
                    ctx = spanish_context(text, who, empty_map=empty)
                    try:
                        out = prompts.render(name, Markup.PLAIN, **ctx)
                    except UndefinedError as exc:
                        pytest.fail(f"{name}: {exc}")
                    found += [f"{name}: {w!r} in {out[:90]!r}" for w in english_words(out)]
                    found += [f"{name}: leftover {b!r}" for b in LEFTOVERS if b in out]
    assert not found, "\n".join(sorted(set(found))[:40])


def test_the_checker_would_see_an_english_sentence() -> None:
    assert english_words("Añadí a Beto. Send /done when you are ready.") == [
        "Send",
        "are",
        "when",
        "you",
    ]
    assert not english_words("Manda /listo o revisa `orbit checkin report` (America/New_York).")


def test_reports_and_picture_words_are_spanish() -> None:
    from datetime import UTC, datetime

    import yaml

    prompts = Prompts(PROMPTS, "es")
    labels = yaml.safe_load(prompts.render("insights/labels", Markup.PLAIN, few_domains=2))
    words = [v for group in labels.values() for v in group.values()]
    assert not [w for w in words if english_words(str(w))]
    at = datetime(2026, 12, 1, tzinfo=UTC)
    title = prompts.render(
        "insights/report_title", Markup.PLAIN, cohort="Salón 12", students=3, at=at
    )
    assert title == "Salón 12: 3 estudiantes, al 1 de diciembre de 2026"
    growth = prompts.render(
        "insights/growth",
        Markup.PLAIN,
        new_count=2,
        since=at,
        new_names=["Ana", "Beto"],
        first_career="",
        new_domains=[],
    )
    assert growth == "2 personas nuevas desde el 1 de diciembre (Ana y Beto)."


def test_every_option_label_lesson_title_and_menu_entry_is_spanish() -> None:
    catalog = load_catalog(LESSONS).in_locale("es")
    shown = [o.label for opts in catalog.option_lists() for o in opts if o.value not in ("en",)]
    shown += [o.hint for opts in catalog.option_lists() for o in opts if o.hint]
    shown += [lesson.title for lesson in catalog.lessons.values()]
    shown += [lesson.summary for lesson in catalog.listed]
    shown += [e.description for e in Prompts(PROMPTS, "es").command_menu()]
    english = {s: english_words(s) for s in shown if english_words(s)}
    assert not english, english


# --- orbit lessons check across locales ------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    return tmp_path


def check(project: Path) -> list[str]:
    return [str(p) for p in check_all(project / "lessons", project / "prompts", ROOT / "bot")]


def test_the_shipped_locales_are_in_step(project: Path) -> None:
    assert check(project) == []


def test_a_locale_missing_a_template_fails(project: Path) -> None:
    (project / "prompts/es/mapping/career.j2").unlink()
    [problem] = check(project)
    assert "prompts/es/mapping/career.j2" in problem and "missing" in problem


def test_a_template_using_a_variable_the_other_locale_does_not(project: Path) -> None:
    path = project / "prompts/es/mapping/closeness.j2"
    path.write_text(path.read_text() + "{{ data.person_nickname }}\n")
    [problem] = check(project)
    assert "closeness.j2" in problem and "data.person_nickname" in problem


def test_an_option_without_a_spanish_label_fails(project: Path) -> None:
    path = project / "lessons/options.yaml"
    block = re.compile(r'    es:\n      label: "Ayuda práctica"\n(?:      .*\n)*')
    path.write_text(block.sub("", path.read_text(), count=1))
    [problem] = check(project)
    assert "supports: practical" in problem and "es:" in problem


def test_a_spanish_menu_entry_for_no_command_fails(project: Path) -> None:
    path = project / "prompts/es/command_menu.yaml"
    path.write_text(path.read_text() + "- command: volar\n  means: fly\n  description: Volar\n")
    [problem] = check(project)
    assert "/fly is in the menu but not a command" in problem
