"""Lessons are data: YAML files of named steps, loaded into frozen dataclasses.

Each step type declares its own keys (`bot/core/steps.py`); a key a type does not
take is an error at load that names the file, line, step and key.

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

from dataclasses import dataclass
from pathlib import Path

from bot.core.lesson_yaml import LessonError, Option, load_options, read_yaml
from bot.core.steps import STEP_TYPES, Choose, Step, read_step

__all__ = [
    "STEP_TYPES",
    "Catalog",
    "Lesson",
    "LessonError",
    "Option",
    "Step",
    "load_catalog",
    "load_lesson",
    "load_options",
]


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
        n: read_step(n, s, path, lines.get(n, raw_steps["__line__"]))
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
        """What a `choose` step offers (nothing for other steps)."""
        if not isinstance(step, Choose):
            return ()
        if isinstance(step.options, tuple):
            return step.options
        return self.options[step.options]

    def option_lists(self) -> list[tuple[Option, ...]]:
        """Every option list a step can offer: the named ones and the inline ones."""
        inline = [
            step.options
            for lesson in self.lessons.values()
            for step in lesson.steps.values()
            if isinstance(step, Choose) and isinstance(step.options, tuple)
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
