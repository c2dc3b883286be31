"""Rendering what the bot says from Jinja2 templates under `prompts/<locale>/`.

Code passes data, templates choose the words. Undefined variables are errors
(StrictUndefined), and every printed value is escaped for the adapter's markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, meta, nodes

from bot.core.escaping import Safe, bold, code_block, escape
from bot.core.messages import Markup


def join_and(items: Iterable[Any], word: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    parts = [str(i) for i in items]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def lookup(key: Any, mapping: dict[Any, Any]) -> Any:
    """`ids | map("lookup", names)`: each id's entry in a mapping (the id when missing)."""
    return mapping.get(key, key)


def as_phrase(label: Any) -> str:
    """A label in the middle of a sentence: "Feedback on how I'm doing" -> "feedback on
    how I'm doing". Only the first letter is lowered, and only when the first word is an
    ordinary word (not "I", "I'm", an acronym or a name like "YouTube")."""
    text = str(label)
    first = text.split(" ", 1)[0]
    if (
        not first
        or first == "I"
        or first.startswith(("I'", "I’"))
        or first[1:] != first[1:].lower()
    ):
        return text
    return text[0].lower() + text[1:]


_NOT_A_NAME_START = frozenset(
    [
        "my",
        "the",
        "a",
        "an",
        "our",
        "his",
        "her",
        "their",
        "this",
        "that",
        "some",
        "prob",
        "probably",
        "maybe",
        "idk",
        "like",
        "um",
        "uh",
        "i",
        "i'm",
        "im",
        "someone",
        "somebody",
        "no",
        "nobody",
        # Spanish: "mi maestra de mate", "la señora Gómez", "tal vez Beto"
        "mi",
        "mis",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "su",
        "tu",
        "este",
        "esta",
        "ese",
        "esa",
        "alguien",
        "nadie",
        "tal",
        "quizas",
        "quizás",
        "creo",
        "como",
        "pues",
    ]
)


def is_name(text: Any) -> bool:
    """Whether what a student gave as a name reads as one in "Hi ___," ("Ms Kim", "sam"),
    rather than a description ("my math teacher", "prob Ms Kim")."""
    words = str(text).split()
    return (
        0 < len(words) <= 4
        and words[0].casefold().strip(".…") not in _NOT_A_NAME_START
        and not any(mark in str(text) for mark in "?!,;")
    )


def who(text: Any) -> str:
    """A name in the middle of our sentence: as typed when it reads as a name, quoted
    when it is a description, so "How will you ask "my math teacher"?" stays readable."""
    return str(text) if is_name(text) else f'"{text}"'


def _finalize(markup: Markup, value: Any) -> Any:
    if isinstance(value, Safe):
        return value
    return escape(str(value), markup)


def _autoescape(template_name: str | None) -> bool:
    """Jinja's own escaping is off for our templates (`_finalize` escapes for the markup);
    on for a template made from a string, as `select_autoescape` has it by default."""
    return template_name is None


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        """`data.person_name` on a plain dict: the item at once. Jinja tries the attribute
        first and falls back to the item, which costs a raised AttributeError for every
        lookup in a context of dicts; a dict's own methods (`data.get`) still win."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def make_globals(self, d: Any = None) -> Any:
        """A template's globals as a plain dict rather than Jinja's ChainMap over the
        environment's: every render copies them into its context, and a ChainMap is
        slow to copy. The environment's globals are set before any template loads and
        never change, so nothing is lost."""
        return {**self.globals, **(d or {})}


def make_environment(directory: Path, markup: Markup) -> Environment:
    env = _Environment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        finalize=partial(_finalize, markup),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates are read once per process
    )
    env.filters["bold"] = partial(bold, markup=markup)
    env.filters["code_block"] = partial(code_block, markup=markup)
    env.filters["join_and"] = join_and
    env.filters["lookup"] = lookup
    env.filters["as_phrase"] = as_phrase
    env.filters["who"] = who
    env.tests["name"] = is_name
    return env


@dataclass(frozen=True, slots=True)
class MenuEntry:
    name: str  # what the student types, in this locale ("mapa")
    description: str
    means: str = ""  # the core command it stands for ("map"); the name itself when empty

    @property
    def command(self) -> str:
        return self.means or self.name


class Prompts:
    """All templates of one locale, rendered per markup."""

    def __init__(self, root: Path, locale: str = "en") -> None:
        self.directory = root / locale
        if not self.directory.is_dir():
            raise FileNotFoundError(f"no templates for locale {locale!r} in {root}")
        self._envs = {m: make_environment(self.directory, m) for m in Markup}
        self._templates: dict[tuple[str, Markup], Template | str] = {}
        # every template's name, read once: `exists` is asked on turns (a stat per call
        # was 4 % of a turn), and templates are read once per process anyway
        self._names = frozenset(
            path.relative_to(self.directory).with_suffix("").as_posix()
            for path in self.directory.rglob("*.j2")
        )

    def render(self, template_name: str, markup: Markup, /, **context: Any) -> str:
        template = self._templates.get((template_name, markup))
        if template is None:  # compiled once; templates are read once per process
            template = self._load(template_name, markup)
            self._templates[(template_name, markup)] = template
        if isinstance(template, str):
            return template  # the same words whatever the context (see _load)
        return template.render(context).strip()

    def _load(self, template_name: str, markup: Markup) -> Template | str:
        """The compiled template, or its text when it reads no variable and includes
        nothing: then every render says the same, so it is rendered once (a third of
        the prompts, such as the consent question)."""
        env = self._envs[markup]
        template = env.get_template(f"{template_name}.j2")
        assert env.loader is not None
        source = env.loader.get_source(env, f"{template_name}.j2")[0]
        tree = env.parse(source)
        if meta.find_undeclared_variables(tree) or any(
            tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))
        ):
            return template
        return template.render().strip()

    def warm(self, markups: Iterable[Markup]) -> int:
        """Compile every template for these markups now; returns how many were compiled.

        Why: compiled lazily, the ~190 templates cost ~0.2 s per markup on the first
        turns after a start, which is when a busy bot gets its first burst of students
        (the paced benchmark's slowest turns were all in its first second). The root
        warms the markup of the platform it serves before the first update."""
        compiled = 0
        for markup in markups:
            for name in sorted(self._names):
                if (name, markup) not in self._templates:
                    self._templates[(name, markup)] = self._load(name, markup)
                    compiled += 1
        return compiled

    def command_menu(self) -> list[MenuEntry]:
        """The commands and descriptions of `command_menu.yaml` in this locale."""
        raw = yaml.safe_load((self.directory / "command_menu.yaml").read_text(encoding="utf-8"))
        return [
            MenuEntry(str(item["command"]), str(item["description"]), str(item.get("means", "")))
            for item in raw
        ]

    def exists(self, name: str) -> bool:
        return name in self._names

    def environment(self, markup: Markup = Markup.PLAIN) -> Environment:
        return self._envs[markup]
