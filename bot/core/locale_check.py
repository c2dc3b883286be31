"""`orbit lessons check`, across languages: every locale says everything the default
one says, with the same data, so no student meets a missing template, an undefined
variable or an option label in another language.

A locale is compared with the default: the same templates (no more, no fewer), each
using the same variables (`data.person_name`, `map`, ...), a command menu whose
commands exist, and a label for every option and a title for every lesson (the `es:`
blocks of the lesson files and `options.yaml`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta, nodes

from bot.core.lessons import Catalog, Option
from bot.core.locales import served
from bot.core.messages import Markup
from bot.core.templates import Prompts


def check_locales(
    catalog: Catalog, prompts_dir: Path, default: str, problem: type
) -> list:  # list[Problem]: the caller's type, so the two checks print alike
    """Problems of every served locale against `default` (`problem(path, line, msg)`)."""
    base = Prompts(prompts_dir, default)
    base_vars = _variables_by_template(base)
    out = []
    for code in served(prompts_dir):
        if code == default:
            continue
        other = Prompts(prompts_dir, code)
        other_vars = _variables_by_template(other)
        for name in sorted(set(base_vars) - set(other_vars)):
            out.append(problem(other.directory / f"{name}.j2", 1, f"missing (in {default})"))
        for name in sorted(set(other_vars) - set(base_vars)):
            out.append(problem(other.directory / f"{name}.j2", 1, f"not in {default}"))
        for name in sorted(set(base_vars) & set(other_vars)):
            mine, theirs = other_vars[name], base_vars[name]
            if mine is None:
                out.append(problem(other.directory / f"{name}.j2", 1, "template syntax"))
            elif theirs is not None and mine != theirs:
                diff = sorted(mine ^ theirs)
                out.append(
                    problem(
                        other.directory / f"{name}.j2",
                        1,
                        f"uses other variables than {default}: {', '.join(diff)}",
                    )
                )
        out += [problem(p, line, m) for p, line, m in _untranslated(catalog, code)]
    return out


def _variables_by_template(prompts: Prompts) -> dict[str, frozenset[str] | None]:
    env = prompts.environment(Markup.PLAIN)
    out: dict[str, frozenset[str] | None] = {}
    for path in sorted(prompts.directory.rglob("*.j2")):
        name = path.relative_to(prompts.directory).with_suffix("").as_posix()
        try:
            out[name] = _variables(env, path.read_text(encoding="utf-8"))
        except TemplateSyntaxError:
            out[name] = None
    return out


def _variables(env: Environment, source: str) -> frozenset[str]:
    """The data a template reads: top-level names, and the lesson data's keys
    (`data.person_name`, `data.get("non_answer")`), which is where locales drift apart
    (a date's or a map's methods are not data: `at.strftime` may differ)."""
    tree = env.parse(source)
    found = set(meta.find_undeclared_variables(tree))
    top = found & {"data"}
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in top and node.attr != "get":
            found.add(f"{node.node.name}.{node.attr}")
    for call in tree.find_all(nodes.Call):
        target = call.node
        if (
            isinstance(target, nodes.Getattr)
            and target.attr == "get"
            and isinstance(target.node, nodes.Name)
            and target.node.name in top
            and call.args
            and isinstance(call.args[0], nodes.Const)
        ):
            found.add(f"{target.node.name}.{call.args[0].value}")
    return frozenset(found)


def _untranslated(catalog: Catalog, code: str) -> list[tuple[Path, int, str]]:
    """Options without a label and lessons without a title in `code`."""
    out = []
    lists: list[tuple[str, tuple[Option, ...], Path | None]] = [
        (name, opts, None) for name, opts in catalog.options.items()
    ]
    for lesson in catalog.lessons.values():
        if not any(c == code for c, *_ in lesson.locales):
            out.append((lesson.path, 1, f"lesson `{lesson.id}` has no `locales.{code}` title"))
        for step in lesson.steps.values():
            options = getattr(step, "options", None)
            if isinstance(options, tuple):
                lists.append((f"{lesson.id}.{step.name}", options, lesson.path))
    for name, options, path in lists:
        for option in options:
            if not any(c == code for c, _ in option.locales):
                where = path or Path("lessons/options.yaml")
                out.append((where, 1, f"option `{name}: {option.value}` has no `{code}:` label"))
    return out
