"""A frame: one lesson (or command flow) in progress on a student's stack."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PENDING = "_did_you_mean"  # frame data: the candidates of a "Did you mean ...?" / "Which one?"


@dataclass
class Frame:
    lesson: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)

    def dump(self) -> dict[str, Any]:
        return {"lesson": self.lesson, "step": self.step, "data": self.data}

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Frame:
        """A frame to work on. Only `data` itself is copied: the frames come from the
        store's cache and are shared, so code never changes a value inside `data` in
        place (no `.append` on a list in it); it assigns a new value instead."""
        return cls(lesson=raw["lesson"], step=raw["step"], data=dict(raw.get("data") or {}))
