"""Reading lesson YAML: line-aware loading, `file:line` errors, and option lists.

Lessons (`bot/core/lessons.py`) and their steps (`bot/core/steps.py`) are read
with these; an option list is named in `options.yaml` or written inline in a step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


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


def read_option(raw: Any, where: str) -> Option:
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
        out[name] = tuple(read_option(i, f"{path}:{_line(i, data)}") for i in items)
    return out


def _line(raw: Any, parent: dict[str, Any]) -> int:
    if isinstance(raw, dict):
        return int(raw.get("__line__", parent.get("__line__", 1)))
    return int(parent.get("__line__", 1))
