"""Small server-drawn SVG line charts: no script, and a table beside each for screen
readers (the SVG is one labelled image)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    points: str  # the SVG polyline's "x,y x,y ..."
    width: int
    height: int
    top: float  # the largest value, for the label


def line(values: Sequence[float], *, width: int = 240, height: int = 60) -> Line | None:
    """A polyline of `values` scaled into the box; None for fewer than two values."""
    if len(values) < 2:
        return None
    top = max(values) or 1.0
    step = width / (len(values) - 1)
    pad = 4
    coords = [
        f"{i * step:.1f},{pad + (height - 2 * pad) * (1 - v / top):.1f}"
        for i, v in enumerate(values)
    ]
    return Line(" ".join(coords), width, height, max(values))
