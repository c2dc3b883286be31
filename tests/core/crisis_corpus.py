"""The crisis corpus: load a part, score the detector on it.

`python -m tests.core.crisis_corpus dev` prints the figures and the lines it gets wrong;
`python -m tests.core.crisis_corpus heldout` the held-out figures (run that at the end only).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bot.core.safety import SafetyRules

DATA = Path(__file__).parents[1] / "data" / "crisis"


@dataclass(frozen=True, slots=True)
class Line:
    crisis: bool
    category: str
    text: str


@dataclass(frozen=True, slots=True)
class Score:
    lines: int
    distress: int
    ordinary: int
    missed: tuple[Line, ...]
    false_alarms: tuple[Line, ...]

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.distress

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.ordinary

    def summary(self) -> str:
        return (
            f"{self.lines} lines ({self.distress} distress, {self.ordinary} ordinary): "
            f"recall {self.recall:.1%} ({self.distress - len(self.missed)}/{self.distress}), "
            f"false alarms {self.false_alarm_rate:.1%} "
            f"({len(self.false_alarms)}/{self.ordinary})"
        )


def load(part: str) -> list[Line]:
    lines = []
    for raw in (DATA / f"{part}.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        label, category, text = raw.split("\t")
        assert label in ("crisis", "ok"), raw
        lines.append(Line(label == "crisis", category, text))
    return lines


def score(rules: SafetyRules, lines: list[Line]) -> Score:
    verdicts = [(line, rules.is_crisis(line.text)) for line in lines]
    return Score(
        lines=len(lines),
        distress=sum(line.crisis for line in lines),
        ordinary=sum(not line.crisis for line in lines),
        missed=tuple(line for line, hit in verdicts if line.crisis and not hit),
        false_alarms=tuple(line for line, hit in verdicts if not line.crisis and hit),
    )


if __name__ == "__main__":
    part = sys.argv[1] if len(sys.argv) > 1 else "dev"
    result = score(SafetyRules.load(), load(part))
    print(f"{part}: {result.summary()}")
    for line in result.missed:
        print(f"  missed      [{line.category}] {line.text}")
    for line in result.false_alarms:
        print(f"  false alarm [{line.category}] {line.text}")
