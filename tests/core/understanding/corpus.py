"""Scoring the understanding readers against a labelled corpus (tests/data/understanding)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.core.lessons import Option, load_catalog
from bot.core.understanding import (
    Reading,
    Status,
    find_person,
    read_choice,
    read_date,
    read_name,
    read_text,
)

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "understanding"


@dataclass(frozen=True)
class Miss:
    item: dict[str, Any]
    got: Reading


def _options() -> dict[str, tuple[Option, ...]]:
    return load_catalog(ROOT / "lessons").options


def read(item: dict[str, Any], today: date, people: list[str], options: dict) -> Reading:
    kind, text = item["kind"], str(item["text"])
    if kind == "yes_no":  # read as the consent question reads it (numbers, labels, words)
        return read_choice(text, options["consent"])
    if kind == "name":
        return read_name(text)
    if kind == "find":
        return find_person(text, people)
    if kind == "choice":
        return read_choice(text, options[item["options"]], multi=bool(item.get("multi")))
    if kind == "date":
        return read_date(text, today)
    if kind == "text":
        return read_text(text)
    raise ValueError(f"unknown kind {kind!r}")


def agrees(item: dict[str, Any], got: Reading) -> bool:
    if "not_answer" in item:
        return got.status is Status.NOT_ANSWER and got.reason == item["not_answer"]
    if "unsure" in item:
        return got.status is Status.UNSURE and set(got.candidates) == set(item["unsure"])
    if item.get("not_found"):
        return got.status is Status.UNSURE and not got.candidates
    if got.status is not Status.ANSWER:
        return False
    want = item["value"]
    if item["kind"] == "date":
        return got.value is not None and got.value.isoformat() == want
    if item["kind"] == "text":
        return True
    if isinstance(want, list):
        return isinstance(got.value, list) and set(got.value) == set(want)
    if item["kind"] in ("name", "find"):
        if item.get("question") and got.subject is None:
            return False
        if "note" in item and (got.note or "").casefold() != item["note"].casefold():
            return False
        return str(got.value).casefold() == str(want).casefold()
    return bool(got.value == want)


def score(name: str) -> tuple[int, list[Miss]]:
    """(how many items, the items the readers got wrong) for train.yaml or heldout.yaml."""
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    today = date.fromisoformat(str(data["today"]))
    options = _options()
    misses = []
    for item in data["items"]:
        got = read(item, today, list(data["map"]), options)
        if not agrees(item, got):
            misses.append(Miss(item, got))
    return len(data["items"]), misses


if __name__ == "__main__":
    import sys

    for part in sys.argv[1:] or ["train.yaml"]:
        total, misses = score(part)
        for miss in misses:
            got = miss.got
            print(
                f"MISS {miss.item['kind']:6} {miss.item.get('options', ''):12} "
                f"{miss.item['text']!r:45} -> {got.status.value} {got.value!r} "
                f"{got.reason and got.reason.value} {got.candidates} note={got.note!r}"
            )
        print(f"{part}: {total - len(misses)}/{total} = {(total - len(misses)) / total:.1%}")
