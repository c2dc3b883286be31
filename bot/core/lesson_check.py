"""`orbit lessons check`: find mistakes in lessons and templates before students do.

Checks every lesson file (unknown or unreachable steps, missing options, actions
and templates, data a template or action uses that no path to it provides) and
every template (syntax, and that code-referenced templates exist). Problems are
`file:line: message`, like a compiler's.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

import bot.core.commands  # noqa: F401  (registers every command, /language's flow with them)
from bot.core.actions import ACTIONS
from bot.core.answers import ANSWERS
from bot.core.lessons import Catalog, Lesson, LessonError, load_catalog
from bot.core.locale_check import check_locales
from bot.core.locales import served
from bot.core.messages import Markup
from bot.core.steps import Ask, Collect, DoAction, Edge, Shown, Step
from bot.core.templates import Prompts

BASE_CONTEXT = {"student", "data", "lesson", "options"}
CODE_TEMPLATE = re.compile(r"""["']([a-z_]+/[a-z_]+)["']""")
ANSWER_FIELDS = ("after",)  # ask keys that only some kinds of answer use


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_all(
    lessons_dir: Path, prompts_dir: Path, code_dir: Path, locale: str = "en"
) -> list[Problem]:
    try:
        catalog = load_catalog(lessons_dir)
    except LessonError as exc:
        path, line, message = _split(str(exc))
        return [Problem(Path(path), line, message)]
    prompts = Prompts(prompts_dir, locale)
    env = prompts.environment(Markup.PLAIN)
    problems = _check_template_syntax(prompts.directory, env)
    broken = {p.path for p in problems}
    for lesson in catalog.lessons.values():
        problems += _check_lesson(lesson, catalog, prompts, env, broken)
    problems += _check_code_templates(code_dir, prompts)
    problems += _check_command_menu(prompts)
    problems += _check_option_words(catalog, lessons_dir / "options.yaml")
    problems += check_locales(catalog, prompts_dir, locale, Problem)
    for code in served(prompts_dir):
        if code != locale:
            problems += _check_command_menu(Prompts(prompts_dir, code))
    return problems


def _check_option_words(catalog: Catalog, path: Path) -> list[Problem]:
    """Synonyms and examples that could never pick their option: empty once folded, or
    the very label or value of another option in the same list (which would win)."""
    from bot.core.understanding.text import plain

    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []

    def line_of(word: str) -> int:
        quoted = (f'"{word}"', f"'{word}'")
        return next((n for n, t in enumerate(lines, 1) if any(q in t for q in quoted)), 1)

    problems = []
    for name, options in catalog.options.items():
        for option in options:
            others = {
                plain(k): o.value for o in options if o is not option for k in (o.label, o.value)
            }
            for word in (*option.synonyms, *option.examples):
                key = plain(word)
                if not key:
                    problems.append(
                        Problem(
                            path, line_of(word), f"{name}/{option.value}: {word!r} has no words"
                        )
                    )
                elif key in others:
                    problems.append(
                        Problem(
                            path,
                            line_of(word),
                            f"{name}/{option.value}: {word!r} is already how "
                            f"{others[key]!r} is named, so it would never pick {option.value!r}",
                        )
                    )
    return problems


def _check_command_menu(prompts: Prompts) -> list[Problem]:
    from bot.core.commands import COMMANDS

    path = prompts.directory / "command_menu.yaml"
    if not path.is_file():
        return [Problem(path, 1, "the command menu is missing")]
    menu = {entry.command for entry in prompts.command_menu()}
    hidden = {"start", "lesson"}  # reached through /lessons and deep links, not the menu
    problems = [
        Problem(path, 1, f"/{name} is in the menu but not a command")
        for name in sorted(menu - set(COMMANDS))
    ]
    problems += [
        Problem(path, 1, f"/{name} is a command but not in the menu")
        for name in sorted(set(COMMANDS) - menu - hidden)
    ]
    return problems


def _split(text: str) -> tuple[str, int, str]:
    match = re.match(r"(.+?):(\d+): (.*)", text, re.S)
    if not match:
        return ("?", 1, text)
    return match.group(1), int(match.group(2)), match.group(3)


def _check_template_syntax(directory: Path, env: Environment) -> list[Problem]:
    problems = []
    for path in sorted(directory.rglob("*.j2")):
        try:  # compiling also catches unknown filters and tests
            env.compile(path.read_text(encoding="utf-8"), name=str(path))
        except TemplateSyntaxError as exc:
            problems.append(Problem(path, exc.lineno, f"template syntax: {exc.message}"))
    return problems


def _check_code_templates(code_dir: Path, prompts: Prompts) -> list[Problem]:
    problems = []
    for path in sorted(code_dir.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name in CODE_TEMPLATE.findall(line):
                # "dir/name" where dir is a template folder: a template the code renders
                if (prompts.directory / name.split("/")[0]).is_dir() and not prompts.exists(name):
                    problems.append(Problem(path, number, f"template {name}.j2 does not exist"))
    return problems


# --- one lesson ---------------------------------------------------------------------


def _check_lesson(
    lesson: Lesson, catalog: Catalog, prompts: Prompts, env: Environment, broken: set[Path]
) -> list[Problem]:
    problems = [
        Problem(lesson.path, s.line, m)
        for s in lesson.steps.values()
        for m in _step_shape(s, lesson, catalog)
    ]
    if lesson.start not in lesson.steps:
        problems.append(Problem(lesson.path, 1, f"start step `{lesson.start}` does not exist"))
        return problems
    if problems:
        return problems
    if lesson.feelings and not prompts.exists(lesson.feelings):
        problems.append(Problem(lesson.path, 1, f"template {lesson.feelings}.j2 does not exist"))
    available = _available_data(lesson)
    for name, step in lesson.steps.items():
        if name not in available:
            problems.append(Problem(lesson.path, step.line, f"step `{name}` is unreachable"))
            continue
        found = _missing_data(step, available[name]) + _missing_templates(step, prompts)
        problems += [Problem(lesson.path, step.line, m) for m in found]
        if isinstance(step, Shown):
            problems += _check_step_template(lesson, step, available[name], prompts, env, broken)
    return problems


def _step_shape(step: Step, lesson: Lesson, catalog: Catalog) -> list[str]:
    """What the step's type says it lacks, and names the registries do not know."""
    found = [
        f"step `{step.name}` goes to unknown step `{t}`"
        for t in step.targets()
        if t not in lesson.steps
    ]
    found += step.problems(lesson, catalog)
    if isinstance(step, DoAction) and step.do not in ACTIONS:
        found.append(
            f"step `{step.name}` runs unknown action `{step.do}`; known: {sorted(ACTIONS)}"
        )
    if isinstance(step, Ask):
        kind = ANSWERS.get(step.expect)
        if kind is None:
            found.append(
                f"step `{step.name}` expects unknown `{step.expect}`; known: {tuple(ANSWERS)}"
            )
            return found
        found += [
            f"step `{step.name}` expects `{step.expect}` but names no `{key}` key"
            for key in kind.uses
            if getattr(step, key) is None
        ]
        found += [
            f"step `{step.name}` sets `{key}`, which `expect: {step.expect}` does not use"
            for key in ANSWER_FIELDS
            if key not in kind.uses and getattr(step, key) is not None
        ]
    return found


def _data_fields(step: Step) -> tuple[str, ...]:
    """The step's keys whose values name data it reads (`document: draft`)."""
    if isinstance(step, Ask):
        return ANSWERS[step.expect].uses
    return step.data_fields


def _missing_data(step: Step, available: set[str]) -> list[str]:
    """Data the step (or its action) reads that some path to it does not set."""
    found = [
        f"`{key}: {getattr(step, key)}` is not set on every path to this step"
        for key in _data_fields(step)
        if getattr(step, key) is not None and getattr(step, key) not in available
    ]
    if isinstance(step, DoAction):
        missing = ACTIONS[step.do].needs - available
        if missing:
            found.append(
                f"action `{step.do}` needs data {sorted(missing)} that "
                "some path here does not provide"
            )
    return found


def _missing_templates(step: Step, prompts: Prompts) -> list[str]:
    ack = step.ack if isinstance(step, Collect) else None
    if ack and not prompts.exists(ack):
        return [f"template {ack}.j2 does not exist"]
    return []


def _ways_out(step: Step) -> list[Edge]:
    """Where the step leads, with the data set and dropped on the way; an action's
    come from what it declares (`@action`)."""
    if isinstance(step, DoAction):
        action = ACTIONS[step.do]
        return [(t, action.provides, action.drops) for t, _, _ in step.ways_out()]
    return step.ways_out()


def _available_data(lesson: Lesson) -> dict[str, set[str]]:
    """For each reachable step, the data keys set on every path that reaches it."""
    available: dict[str, set[str]] = {lesson.start: set(lesson.inputs)}
    queue = deque([lesson.start])
    while queue:
        name = queue.popleft()
        for target, gives, drops in _ways_out(lesson.steps[name]):
            incoming = (available[name] - drops) | gives
            before = available.get(target)
            after = incoming if before is None else before & incoming
            if after != before:
                available[target] = after
                queue.append(target)
    return available


def _check_step_template(
    lesson: Lesson,
    step: Shown,
    data_keys: set[str],
    prompts: Prompts,
    env: Environment,
    broken: set[Path],
) -> list[Problem]:
    name = step.template or f"{lesson.id}/{step.name}"
    path = prompts.directory / f"{name}.j2"
    if not path.is_file():
        return [Problem(lesson.path, step.line, f"template {name}.j2 does not exist")]
    if path in broken:
        return []
    provided = BASE_CONTEXT | step.template_gets()
    problems = []
    for tree_path, tree in _with_includes(path, env, prompts.directory):
        for node in tree.find_all(nodes.Name):
            if (
                node.ctx == "load"
                and node.name not in provided
                and not _locally_bound(tree, node.name)
            ):
                problems.append(
                    Problem(
                        tree_path,
                        node.lineno,
                        f"uses `{node.name}`, which step `{step.name}` of "
                        f"{lesson.path.name} does not provide",
                    )
                )
        for attr in tree.find_all(nodes.Getattr):
            if (
                isinstance(attr.node, nodes.Name)
                and attr.node.name == "data"
                and attr.attr != "get"
                and attr.attr not in data_keys
            ):
                problems.append(
                    Problem(
                        tree_path,
                        attr.lineno,
                        f"uses `data.{attr.attr}`, which is not set on every "
                        f"path to step `{step.name}` of {lesson.path.name}",
                    )
                )
    return problems


def _with_includes(path: Path, env: Environment, root: Path) -> list[tuple[Path, nodes.Template]]:
    tree = env.parse(path.read_text(encoding="utf-8"))
    found = [(path, tree)]
    for include in tree.find_all(nodes.Include):
        if isinstance(include.template, nodes.Const):
            found += _with_includes(root / include.template.value, env, root)
    return found


def _locally_bound(tree: nodes.Template, name: str) -> bool:
    for imported in tree.find_all(nodes.Import):
        if imported.target == name:
            return True
    for node in tree.find_all((nodes.For, nodes.Assign, nodes.Macro)):
        targets = node.target if isinstance(node, (nodes.For, nodes.Assign)) else None
        if targets is not None and any(n.name == name for n in targets.find_all(nodes.Name)):
            return True
        if isinstance(targets, nodes.Name) and targets.name == name:
            return True
    return name in (
        "loop",
        "range",
        "lipsum",
        "dict",
        "cycler",
        "joiner",
        "namespace",
        "true",
        "false",
        "none",
    )
