"""Lessons are data: YAML files of named steps, loaded into frozen dataclasses.

A step is one of:
- `say`: render its template, go on to `next`;
- `ask`: render its template, wait for text, check it (`expect`), `save` it; words in
  `skip` go to `on_skip` instead;
- any waiting step may set `on_non_answer`: a message that is not an answer at all
  ("idk", a question back, a feeling, "wait no", "never mind": see
  `bot.core.understanding`) goes there, with the reason in `data.non_answer`;
- `choose`: offer `options` (a named list from `options.yaml`, or inline), one or
  several (`multi`), `save` the value(s); `branch` maps a value to a step;
- `loop`: walk the named list `over`, putting each item in `data[as]` and going to
  `body`; when the list is done, go to `next`;
- `collect`: gather several messages into one text (`save`) until the student sends
  `/done`; each message is acknowledged with the `ack` template;
- `action`: run a named core action (`do`), then go to `next`;
- `branch`: go to `branch[...]` for the value of `data[check]` (`missing`, `true`/`false`,
  the text itself, or `present`), or to `next` when no case matches;
- `call`: run another lesson (`lesson`) with data copied in (`with: {its_key: our_key}`),
  then carry on at `next`;
- `end`: the lesson (or command flow) is over.

A `say` step may set `document: KEY` to send `data[KEY]` as a block that is easy to copy.
A lesson may set `feelings: TEMPLATE`: a feeling in any answer ("i feel dumb asking")
is acknowledged with it before the answer is read as usual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

STEP_TYPES = ("say", "ask", "choose", "collect", "loop", "action", "branch", "call", "end")
WAITING_TYPES = ("ask", "choose", "collect")


class LessonError(ValueError):
    """A lesson file that cannot be loaded; the message is `file:line: what`."""


@dataclass(frozen=True, slots=True)
class Option:
    """One choice. `synonyms` are words or short phrases that pick it wherever they
    appear in an answer ("rides", "kinda close"); `examples` are whole answers that
    mean it ("she gives me rides"). Both are read by `bot.core.understanding`."""

    value: str
    label: str
    hint: str = ""
    synonyms: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    type: str
    line: int
    template: str | None = None
    next: str | None = None
    save: str | None = None
    expect: str = "text"
    skip: tuple[str, ...] = ()
    on_skip: str | None = None
    on_invalid: str | None = None
    on_non_answer: str | None = None
    options: str | tuple[Option, ...] | None = None
    multi: bool = False
    branch: dict[str, str] = field(default_factory=dict)
    over: str | None = None
    as_: str | None = None
    body: str | None = None
    do: str | None = None
    needs_map: bool = False
    max_chars: int | None = None
    check: str | None = None
    lesson: str | None = None
    with_: dict[str, str] = field(default_factory=dict)
    document: str | None = None
    ack: str | None = None
    after: str | None = None  # `expect: date_after`: the data key the date must follow

    @property
    def waits(self) -> bool:
        return self.type in WAITING_TYPES

    def targets(self) -> list[str]:
        """Every step this one can lead to."""
        found = [
            self.next,
            self.on_skip,
            self.on_invalid,
            self.on_non_answer,
            self.body,
            *self.branch.values(),
        ]
        return [t for t in found if t]


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    summary: str
    start: str
    steps: dict[str, Step]
    path: Path
    listed: bool = True  # shown in /lessons; command flows (add, edit...) are not
    inputs: tuple[str, ...] = ()
    feelings: str | None = None  # template acknowledging a feeling in any answer

    def step(self, name: str) -> Step:
        return self.steps[name]


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping, for `file:line` errors."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = dict(loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keylines__"] = {
        key.value: key.start_mark.line + 1 for key, _ in node.value if hasattr(key, "value")
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise LessonError(f"{path}:{line}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise LessonError(f"{path}:1: expected a mapping at the top")
    return data


def _option(raw: Any, where: str) -> Option:
    if isinstance(raw, str):
        return Option(value=raw, label=raw)
    if isinstance(raw, dict) and "value" in raw and "label" in raw:
        return Option(
            value=str(raw["value"]),
            label=str(raw["label"]),
            hint=str(raw.get("hint", "")),
            synonyms=_phrases(raw, "synonyms", where),
            examples=_phrases(raw, "examples", where),
        )
    raise LessonError(f"{where}: an option needs `value` and `label`")


def _phrases(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """An option's `synonyms` or `examples`: a list of quoted strings."""
    items = raw.get(key) or ()
    if not isinstance(items, list | tuple) or any(
        not isinstance(i, str) or not i.strip() for i in items
    ):
        raise LessonError(
            f"{where}: `{key}` must be a list of quoted words or phrases "
            "(YAML reads no, yes, on and off as true/false)"
        )
    return tuple(items)


def load_options(path: Path) -> dict[str, tuple[Option, ...]]:
    """Named option lists (domains, support types, closeness...) shared by lessons."""
    data = read_yaml(path)
    out: dict[str, tuple[Option, ...]] = {}
    for name, items in data.items():
        if name.startswith("__"):
            continue
        if not isinstance(items, list) or not items:
            raise LessonError(f"{path}:{data['__line__']}: `{name}` must be a non-empty list")
        out[name] = tuple(_option(i, f"{path}:{_line(i, data)}") for i in items)
    return out


def _line(raw: Any, parent: dict[str, Any]) -> int:
    if isinstance(raw, dict):
        return int(raw.get("__line__", parent.get("__line__", 1)))
    return int(parent.get("__line__", 1))


_STEP_KEYS = {
    "type",
    "template",
    "next",
    "save",
    "expect",
    "skip",
    "on_skip",
    "on_invalid",
    "on_non_answer",
    "options",
    "multi",
    "branch",
    "over",
    "as",
    "body",
    "do",
    "needs_map",
    "max_chars",
    "check",
    "lesson",
    "with",
    "document",
    "ack",
    "after",
    "__line__",
    "__keylines__",
}


def _step(name: str, raw: Any, path: Path, parent_line: int) -> Step:
    if not isinstance(raw, dict):
        raise LessonError(f"{path}:{parent_line}: step `{name}` must be a mapping")
    line = parent_line
    unknown = set(raw) - _STEP_KEYS
    if unknown:
        raise LessonError(f"{path}:{line}: step `{name}` has unknown keys: {sorted(unknown)}")
    kind = raw.get("type")
    if kind not in STEP_TYPES:
        raise LessonError(
            f"{path}:{line}: step `{name}` has type {kind!r}; use one of {STEP_TYPES}"
        )
    options = raw.get("options")
    if isinstance(options, list):
        options = tuple(_option(o, f"{path}:{line}") for o in options)
    skip = raw.get("skip") or ()
    if any(not isinstance(word, str) for word in skip):
        raise LessonError(
            f"{path}:{line}: step `{name}`: quote every `skip` word "
            "(YAML reads no, yes, on and off as true/false)"
        )
    branch = {
        str(k): str(v) for k, v in (raw.get("branch") or {}).items() if not str(k).startswith("__")
    }
    if any(isinstance(k, bool) for k in (raw.get("branch") or {})):
        raise LessonError(f'{path}:{line}: step `{name}`: quote `branch` keys such as "yes"')
    return Step(
        name=name,
        type=kind,
        line=line,
        template=raw.get("template"),
        next=raw.get("next"),
        save=raw.get("save"),
        expect=raw.get("expect", "text"),
        skip=tuple(s.casefold() for s in skip),
        on_skip=raw.get("on_skip"),
        on_invalid=raw.get("on_invalid"),
        on_non_answer=raw.get("on_non_answer"),
        options=options,
        multi=bool(raw.get("multi", False)),
        branch=branch,
        over=raw.get("over"),
        as_=raw.get("as"),
        body=raw.get("body"),
        do=raw.get("do"),
        needs_map=bool(raw.get("needs_map", False)),
        max_chars=raw.get("max_chars"),
        check=raw.get("check"),
        lesson=raw.get("lesson"),
        with_={
            str(k): str(v) for k, v in (raw.get("with") or {}).items() if not k.startswith("__")
        },
        document=raw.get("document"),
        ack=raw.get("ack"),
        after=raw.get("after"),
    )


def load_lesson(path: Path) -> Lesson:
    data = read_yaml(path)
    for key in ("id", "title", "start", "steps"):
        if key not in data:
            raise LessonError(f"{path}:{data['__line__']}: missing `{key}`")
    raw_steps = data["steps"]
    if not isinstance(raw_steps, dict):
        raise LessonError(f"{path}:{data['__line__']}: `steps` must be a mapping of named steps")
    lines = raw_steps["__keylines__"]
    steps = {
        n: _step(n, s, path, lines.get(n, raw_steps["__line__"]))
        for n, s in raw_steps.items()
        if not n.startswith("__")
    }
    return Lesson(
        id=str(data["id"]),
        title=str(data["title"]),
        summary=str(data.get("summary", "")),
        start=str(data["start"]),
        steps=steps,
        path=path,
        listed=bool(data.get("listed", True)),
        inputs=tuple(data.get("inputs") or ()),
        feelings=data.get("feelings"),
    )


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every lesson and option list of one deployment."""

    lessons: dict[str, Lesson]
    options: dict[str, tuple[Option, ...]]

    def options_for(self, step: Step) -> tuple[Option, ...]:
        if isinstance(step.options, tuple):
            return step.options
        if isinstance(step.options, str):
            return self.options[step.options]
        return ()

    def option_lists(self) -> list[tuple[Option, ...]]:
        """Every option list a step can offer: the named ones and the inline ones."""
        inline = [
            step.options
            for lesson in self.lessons.values()
            for step in lesson.steps.values()
            if isinstance(step.options, tuple)
        ]
        return [*self.options.values(), *inline]

    @property
    def listed(self) -> list[Lesson]:
        return [lesson for lesson in self.lessons.values() if lesson.listed]


def load_catalog(directory: Path) -> Catalog:
    """Load `options.yaml` and every other `*.yaml` in `directory` as a lesson."""
    options_path = directory / "options.yaml"
    options = load_options(options_path) if options_path.exists() else {}
    lessons: dict[str, Lesson] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "options.yaml":
            continue
        lesson = load_lesson(path)
        if lesson.id in lessons:
            raise LessonError(f"{path}:1: lesson id `{lesson.id}` is used twice")
        lessons[lesson.id] = lesson
    return Catalog(lessons=lessons, options=options)
