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

from bot.core.actions import ACTIONS, PERSON_KEYS
from bot.core.lessons import Catalog, Lesson, LessonError, Step, load_catalog
from bot.core.messages import Markup
from bot.core.templates import Prompts
from bot.core.validators import EXPECTS

BASE_CONTEXT = {"student", "data", "lesson", "options"}
CODE_TEMPLATE = re.compile(r"""["']([a-z_]+/[a-z_]+)["']""")
KILLS = {"save_person": set(PERSON_KEYS), "drop_person": set(PERSON_KEYS)}


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
    menu = {entry.name for entry in prompts.command_menu()}
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
        if step.type == "action" and step.do:
            missing = set(ACTIONS[step.do].needs) - available[name]
            if missing:
                problems.append(
                    Problem(
                        lesson.path,
                        step.line,
                        f"action `{step.do}` needs data {sorted(missing)} that "
                        "some path here does not provide",
                    )
                )
        if step.type in ("say", "ask", "choose", "collect"):
            problems += _check_step_template(lesson, step, available[name], prompts, env, broken)
        if step.document and step.document not in available[name]:
            problems.append(
                Problem(
                    lesson.path,
                    step.line,
                    f"`document: {step.document}` is not set on every path to this step",
                )
            )
        if step.after and step.after not in available[name]:
            problems.append(
                Problem(
                    lesson.path,
                    step.line,
                    f"`after: {step.after}` is not set on every path to this step",
                )
            )
        if step.ack and not prompts.exists(step.ack):
            problems.append(
                Problem(lesson.path, step.line, f"template {step.ack}.j2 does not exist")
            )
    return problems


def _step_shape(step: Step, lesson: Lesson, catalog: Catalog) -> list[str]:
    found = [
        f"step `{step.name}` goes to unknown step `{t}`"
        for t in step.targets()
        if t not in lesson.steps
    ]
    if step.type not in ("end", "choose", "branch") and not step.next:
        found.append(f"step `{step.name}` needs `next`")
    if step.type == "branch" and not step.check:
        found.append(f"branch `{step.name}` needs `check` (the data key it looks at)")
    if step.type == "branch" and not step.next and not step.branch:
        found.append(f"branch `{step.name}` needs `branch` cases or `next`")
    if step.type == "call":
        if step.lesson not in catalog.lessons:
            found.append(f"step `{step.name}` calls unknown lesson `{step.lesson}`")
        else:
            inputs = set(catalog.lessons[step.lesson].inputs)
            extra = set(step.with_) - inputs
            if extra:
                found.append(
                    f"step `{step.name}` passes {sorted(extra)}, which lesson "
                    f"`{step.lesson}` does not list in `inputs`"
                )
    if step.type == "collect" and not step.save:
        found.append(f"step `{step.name}` needs `save`")
    if step.type == "choose":
        if step.options is None:
            found.append(f"step `{step.name}` needs `options`")
        elif isinstance(step.options, str) and step.options not in catalog.options:
            found.append(f"step `{step.name}` uses unknown options `{step.options}`")
        elif not step.next:
            values = {o.value for o in catalog.options_for(step)}
            if values - set(step.branch):
                found.append(f"step `{step.name}` needs `next` or a branch for every option")
    if step.type == "loop":
        if not (step.over and step.as_ and step.body):
            found.append(f"loop `{step.name}` needs `over`, `as` and `body`")
        elif step.over not in catalog.options:
            found.append(f"loop `{step.name}` walks unknown options `{step.over}`")
    if step.type == "action" and step.do not in ACTIONS:
        found.append(
            f"step `{step.name}` runs unknown action `{step.do}`; known: {sorted(ACTIONS)}"
        )
    if step.type == "ask" and step.expect not in EXPECTS:
        found.append(f"step `{step.name}` expects unknown `{step.expect}`; known: {EXPECTS}")
    if step.on_non_answer and not step.waits:
        found.append(f"step `{step.name}` has `on_non_answer` but does not wait for an answer")
    if step.expect == "date_after" and not step.after:
        found.append(f"step `{step.name}` expects `date_after` but names no `after` key")
    if step.skip and not step.on_skip:
        found.append(f"step `{step.name}` has `skip` words but no `on_skip`")
    return found


def _edges(step: Step) -> list[tuple[str, set[str], set[str]]]:
    """(target, keys set on the way, keys removed on the way) for each way out."""
    saved = {step.save} if step.save else set()
    out: list[tuple[str | None, set[str], set[str]]]
    if step.type == "ask":
        out = [
            (step.next, saved, set()),
            (step.on_skip, set(), set()),
            (step.on_invalid, set(), set()),
        ]
    elif step.type == "choose":
        out = [(t, saved, set()) for t in [step.next, *step.branch.values()]]
    elif step.type == "collect":
        out = [(step.next, saved, set())]
    elif step.type == "branch":
        out = [(t, set(), set()) for t in [step.next, *step.branch.values()]]
    elif step.type == "loop":
        assert step.as_
        out = [(step.body, {step.as_}, set()), (step.next, set(), {step.as_})]
    elif step.type == "action":
        assert step.do
        out = [(step.next, set(ACTIONS[step.do].provides), KILLS.get(step.do, set()))]
    else:
        out = [(step.next, set(), set())]
    if step.on_non_answer:
        out.append((step.on_non_answer, {"non_answer"}, set()))
    return [(t, g, k) for t, g, k in out if t]


def _available_data(lesson: Lesson) -> dict[str, set[str]]:
    """For each reachable step, the data keys set on every path that reaches it."""
    available: dict[str, set[str]] = {lesson.start: set(lesson.inputs)}
    queue = deque([lesson.start])
    while queue:
        name = queue.popleft()
        for target, gen, kill in _edges(lesson.steps[name]):
            incoming = (available[name] - kill) | gen
            before = available.get(target)
            after = incoming if before is None else before & incoming
            if after != before:
                available[target] = after
                queue.append(target)
    return available


def _check_step_template(
    lesson: Lesson,
    step: Step,
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
    provided = BASE_CONTEXT | ({"map"} if step.needs_map else set())
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
