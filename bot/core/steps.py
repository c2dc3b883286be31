"""Step types: each declares its own fields, how it leads on, and what makes it whole.

A lesson's YAML step `{type: ask, save: name, ...}` becomes an `Ask`; a key the type
does not declare is an error at load naming the file, line, step and key. The runner
(`bot/core/flow.py` for steps that run, `bot/core/answering.py` for questions) and
`orbit lessons check` both read the classes registered here with `@step_type`:
`ways_out` says where a step can lead and which `data` keys are set (or dropped)
on the way, `problems` what it lacks.

The kinds of answer an `ask` expects live in `bot/core/answers.py`, the actions an
`action` step runs in `bot/core/actions.py`; both are registries of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from bot.core.lesson_yaml import LessonError, Option, read_option

if TYPE_CHECKING:
    from bot.core.lessons import Catalog, Lesson

S = TypeVar("S", bound="Step")
Edge = tuple[str, frozenset[str], frozenset[str]]  # (target, keys set, keys dropped)
NOTHING: frozenset[str] = frozenset()
NON_ANSWER = frozenset(("non_answer",))  # set on the way to `on_non_answer`

STEP_TYPES: dict[str, type[Step]] = {}


def step_type(name: str) -> Callable[[type[S]], type[S]]:
    """Register a step type under its YAML name; its dataclass fields are its keys."""

    def register(cls: type[S]) -> type[S]:
        cls.type = name
        cls.keys = {
            _yaml_name(f.name): f.name for f in fields(cls) if f.name not in ("name", "line")
        }
        cls.required = frozenset(
            f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING
        ) - {"name", "line"}
        STEP_TYPES[name] = cls
        return cls

    return register


def _yaml_name(attribute: str) -> str:
    return attribute.rstrip("_")  # `as_` and `with_` are `as` and `with` in YAML


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    name: str
    line: int
    next: str | None = None

    type: ClassVar[str] = ""
    keys: ClassVar[dict[str, str]] = {}  # YAML key -> attribute
    required: ClassVar[frozenset[str]] = frozenset()
    waits: ClassVar[bool] = False
    needs_next: ClassVar[bool] = True  # choose, branch and end may do without
    data_fields: ClassVar[tuple[str, ...]] = ()  # keys whose values name data it reads

    def ways_out(self) -> list[Edge]:
        """Where this step can lead, with the data keys set and dropped on the way."""
        return [(self.next, NOTHING, NOTHING)] if self.next else []

    def targets(self) -> list[str]:
        """Every step this one can lead to."""
        return [target for target, _, _ in self.ways_out()]

    def problems(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        """What keeps this step from working (beyond the keys checked at load)."""
        found = [f"step `{self.name}` needs `next`"] if self.needs_next and not self.next else []
        return found + self.lacks(lesson, catalog)

    def lacks(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        """What this type of step needs besides `next`."""
        return []


@dataclass(frozen=True, slots=True, kw_only=True)
class Shown(Step):
    """A step that shows a template (`lesson/step` unless it names one)."""

    template: str | None = None
    needs_map: bool = False  # the template gets `map` (the student's map as data)

    def template_gets(self) -> frozenset[str]:
        """Names the template gets besides the base context (checked by lesson_check)."""
        return frozenset({"map"}) if self.needs_map else frozenset()


@step_type("say")
@dataclass(frozen=True, slots=True, kw_only=True)
class Say(Shown):
    document: str | None = None  # send data[document] as a block that is easy to copy
    data_fields: ClassVar[tuple[str, ...]] = ("document",)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(Shown):
    """A step that waits for the student's answer."""

    save: str | None = None
    on_invalid: str | None = None
    on_non_answer: str | None = None  # "idk", a question back, a feeling: go here
    waits: ClassVar[bool] = True

    def _saved(self) -> frozenset[str]:
        return frozenset((self.save,)) if self.save else NOTHING

    def ways_out(self) -> list[Edge]:
        out = [(self.on_invalid, NOTHING, NOTHING), (self.on_non_answer, NON_ANSWER, NOTHING)]
        return [(t, gives, drops) for t, gives, drops in out if t]


@step_type("ask")
@dataclass(frozen=True, slots=True, kw_only=True)
class Ask(Question):
    expect: str = "text"  # a kind of answer in bot/core/answers.py
    skip: tuple[str, ...] = ()  # words that go to `on_skip` instead
    on_skip: str | None = None
    max_chars: int | None = None
    after: str | None = None  # `expect: date_after`: the data key the date must follow

    def ways_out(self) -> list[Edge]:
        out = [(self.next, self._saved(), NOTHING), (self.on_skip, NOTHING, NOTHING)]
        return [(t, g, d) for t, g, d in out if t] + Question.ways_out(self)

    def lacks(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        if self.skip and not self.on_skip:
            return [f"step `{self.name}` has `skip` words but no `on_skip`"]
        return []


@step_type("choose")
@dataclass(frozen=True, slots=True, kw_only=True)
class Choose(Question):
    options: str | tuple[Option, ...]  # a named list in options.yaml, or inline
    multi: bool = False
    branch: dict[str, str] = field(default_factory=dict)  # option value -> step
    # An earlier answer in the student's words ("get a job i guess") read against the
    # options: the one it clearly names is offered, and a "yes" takes it.
    guess_from: str | None = None
    needs_next: ClassVar[bool] = False  # when every option has a branch
    data_fields: ClassVar[tuple[str, ...]] = ("guess_from",)

    def ways_out(self) -> list[Edge]:
        saved = self._saved()
        out = [(t, saved, NOTHING) for t in (self.next, *self.branch.values()) if t]
        return out + Question.ways_out(self)

    def template_gets(self) -> frozenset[str]:
        guess = frozenset({"guess"}) if self.guess_from else frozenset()
        return Question.template_gets(self) | guess

    def lacks(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        if isinstance(self.options, str) and self.options not in catalog.options:
            return [f"step `{self.name}` uses unknown options `{self.options}`"]
        values = {o.value for o in catalog.options_for(self)}
        if not self.next and values - set(self.branch):
            return [f"step `{self.name}` needs `next` or a branch for every option"]
        return []


@step_type("collect")
@dataclass(frozen=True, slots=True, kw_only=True)
class Collect(Question):
    """Several messages gathered into one text until `/done`."""

    save: str
    max_chars: int | None = None
    ack: str | None = None  # the template acknowledging each message

    def ways_out(self) -> list[Edge]:
        out = [(self.next, self._saved(), NOTHING)] if self.next else []
        return out + Question.ways_out(self)


@step_type("loop")
@dataclass(frozen=True, slots=True, kw_only=True)
class Loop(Step):
    """Walk the option list `over`, each item in `data[as]`, running `body`."""

    over: str
    as_: str
    body: str

    def ways_out(self) -> list[Edge]:
        item = frozenset((self.as_,))
        out = [(self.body, item, NOTHING)]
        return out + ([(self.next, NOTHING, item)] if self.next else [])

    def lacks(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        if self.over not in catalog.options:
            return [f"loop `{self.name}` walks unknown options `{self.over}`"]
        return []


@step_type("action")
@dataclass(frozen=True, slots=True, kw_only=True)
class DoAction(Step):
    do: str  # an action in bot/core/actions.py; it declares what it needs and provides


@step_type("branch")
@dataclass(frozen=True, slots=True, kw_only=True)
class Branch(Step):
    """Go to `branch[...]` for the value of `data[check]` (see `branch_key`)."""

    check: str
    branch: dict[str, str] = field(default_factory=dict)
    needs_next: ClassVar[bool] = False  # the cases may cover it

    def ways_out(self) -> list[Edge]:
        return [(t, NOTHING, NOTHING) for t in (self.next, *self.branch.values()) if t]

    def lacks(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        if not self.next and not self.branch:
            return [f"branch `{self.name}` needs `branch` cases or `next`"]
        return []


@step_type("call")
@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Step):
    """Run another lesson with data copied in (`with: {its_key: our_key}`), then `next`."""

    lesson: str
    with_: dict[str, str] = field(default_factory=dict)

    def lacks(self, lesson: Lesson, catalog: Catalog) -> list[str]:
        called = catalog.lessons.get(self.lesson)
        if called is None:
            return [f"step `{self.name}` calls unknown lesson `{self.lesson}`"]
        extra = set(self.with_) - set(called.inputs)
        if extra:
            return [
                f"step `{self.name}` passes {sorted(extra)}, which lesson "
                f"`{self.lesson}` does not list in `inputs`"
            ]
        return []


@step_type("end")
@dataclass(frozen=True, slots=True, kw_only=True)
class End(Step):
    """The lesson (or command flow) is over."""

    needs_next: ClassVar[bool] = False


def branch_key(value: Any) -> str:
    """How a `branch` step names a value: missing, true/false, the text, or present."""
    if value is None or value == "" or value == [] or value == {}:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return "present"


# --- reading a step from YAML ---------------------------------------------------------


def read_step(name: str, raw: Any, path: Path, line: int) -> Step:
    """A step of the type `raw` names, with every key checked against that type."""
    where = f"{path}:{line}: step `{name}`"
    if not isinstance(raw, dict):
        raise LessonError(f"{where} must be a mapping")
    kind = raw.get("type")
    cls = STEP_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise LessonError(f"{where} has type {kind!r}; use one of {tuple(STEP_TYPES)}")
    given = {k: v for k, v in raw.items() if k != "type" and not k.startswith("__")}
    unknown = sorted(set(given) - set(cls.keys))
    if unknown:
        raise LessonError(
            f"{where} ({kind}) does not take {', '.join(f'`{k}`' for k in unknown)}; "
            f"it takes {', '.join(f'`{k}`' for k in cls.keys)}"
        )
    values = {cls.keys[k]: _READERS.get(k, _text)(v, where, k) for k, v in given.items()}
    missing = sorted(_yaml_name(a) for a in cls.required - set(values))
    if missing:
        raise LessonError(f"{where} ({kind}) needs {', '.join(f'`{k}`' for k in missing)}")
    return cls(name=name, line=line, **values)


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value:
        raise LessonError(f"{where}: `{key}` must be a name or text, not {value!r}")
    return value


def _flag(value: Any, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise LessonError(f"{where}: `{key}` must be true or false")
    return value


def _count(value: Any, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise LessonError(f"{where}: `{key}` must be a whole number above 0")
    return value


def _words(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or any(not isinstance(word, str) for word in value):
        raise LessonError(
            f"{where}: quote every `{key}` word (YAML reads no, yes, on and off as true/false)"
        )
    return tuple(word.casefold() for word in value)


def _mapping(value: Any, where: str, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise LessonError(f"{where}: `{key}` must be a mapping")
    if any(isinstance(k, bool) for k in value):
        raise LessonError(f'{where}: quote `{key}` keys such as "yes"')
    return {str(k): str(v) for k, v in value.items() if not str(k).startswith("__")}


def _options(value: Any, where: str, key: str) -> str | tuple[Option, ...]:
    if isinstance(value, list):
        return tuple(read_option(o, where) for o in value)
    return _text(value, where, key)


_READERS: dict[str, Callable[[Any, str, str], Any]] = {  # by YAML key; the rest are text
    "multi": _flag,
    "needs_map": _flag,
    "max_chars": _count,
    "skip": _words,
    "branch": _mapping,
    "with": _mapping,
    "options": _options,
}
