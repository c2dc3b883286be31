"""Score the email rubric against a labelled corpus (tests/data/emails/*.yaml).

    python -m tests.emails.corpus [FILE ...] [--infer] [--misses]

Prints agreement on "ready" and on each criterion. By default the rubric is told each
draft's purpose and audience (the lesson asks the student both); ``--infer`` has it infer
both from the draft, as ``orbit coach email`` does without options.
Drafts in a language with no rubric count only for "ready" (the spec's rule).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.coaching.email import CRITERION_IDS, Review, review_email

DATA = Path(__file__).resolve().parents[1] / "data" / "emails"
TRAIN_FILES = (DATA / "corpus.yaml", DATA / "train.yaml")


def load(*paths: Path) -> list[dict[str, Any]]:
    """Every labelled draft in the given files, in order."""
    items: list[dict[str, Any]] = []
    for path in paths:
        items += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return items


def review(item: dict[str, Any], *, infer: bool = False) -> Review:
    """The rubric's review of one labelled draft."""
    if infer:
        return review_email(item["text"])
    return review_email(item["text"], purpose=item.get("purpose"), audience=item.get("audience"))


def failed(result: Review) -> set[str]:
    """The criteria the rubric failed (unchecked ones are not failures)."""
    return {c.id for c in result.criteria if c.checked and not c.passed}


@dataclass
class Score:
    """Agreement counts over a corpus, and the drafts it got wrong."""

    total: int = 0
    ready_agree: int = 0
    criterion_total: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERION_IDS, 0))
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ready_share(self) -> float:
        return self.ready_agree / self.total if self.total else 1.0

    def criterion_share(self, criterion_id: str) -> float:
        total = self.criterion_total
        return self.agree[criterion_id] / total if total else 1.0

    @property
    def min_criterion(self) -> tuple[str, float]:
        worst = min(CRITERION_IDS, key=self.criterion_share)
        return worst, self.criterion_share(worst)


def score(items: list[dict[str, Any]], *, infer: bool = False) -> Score:
    """Agreement of the rubric with the labels."""
    result = Score()
    for item in items:
        got = review(item, infer=infer)
        result.total += 1
        expected_ready = bool(item["ready"])
        result.ready_agree += got.ready == expected_ready
        if got.ready != expected_ready:
            result.misses.append((item["id"], f"ready: label {expected_ready}, got {got.ready}"))
        if item.get("language", "en") not in ("en", "es"):
            continue
        result.criterion_total += 1
        expected, found = set(item["fails"]), failed(got)
        for criterion_id in CRITERION_IDS:
            result.agree[criterion_id] += (criterion_id in expected) == (criterion_id in found)
        if expected != found:
            extra, missing = sorted(found - expected), sorted(expected - found)
            result.misses.append((item["id"], f"also failed {extra}, missed {missing}"))
    return result


def report(result: Score) -> str:
    """A short table: ready agreement, each criterion, the worst one."""
    lines = [f"drafts: {result.total}", f"ready agreement: {result.ready_share:.1%}"]
    for criterion_id in CRITERION_IDS:
        lines.append(f"  {criterion_id:<13} {result.criterion_share(criterion_id):.1%}")
    worst, share = result.min_criterion
    lines.append(f"lowest criterion: {worst} {share:.1%}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    infer = "--infer" in argv
    show_misses = "--misses" in argv
    paths = [Path(arg) for arg in argv if not arg.startswith("--")] or list(TRAIN_FILES)
    result = score(load(*paths), infer=infer)
    print(report(result))
    if show_misses:
        for item_id, what in result.misses:
            print(f"  {item_id}: {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
