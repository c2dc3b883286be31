"""The result of a review: one line per criterion, and what "ready" means."""

from __future__ import annotations

from dataclasses import dataclass

from bot.coaching.email.standards import Standard

CRITERION_IDS: tuple[str, ...] = (
    "subject",
    "greeting",
    "introduction",
    "connection",
    "ask",
    "time_respect",
    "thanks",
    "signoff",
    "length",
    "mechanics",
)
ADVISORY_IDS = frozenset({"time_respect"})
REQUIRED_IDS = frozenset(CRITERION_IDS) - ADVISORY_IDS
# How much each fix matters: a missing ask, subject, greeting or sign-off and text-speak
# come before the small things.
FIX_PRIORITY: tuple[str, ...] = (
    "ask",
    "subject",
    "greeting",
    "signoff",
    "text_speak",
    "introduction",
    "connection",
    "thanks",
    "length",
    "mechanics",
    "time_respect",
)
MAX_TOP_FIXES = 3


@dataclass(frozen=True)
class Criterion:
    """One rubric line: whether it passed, the student's words as evidence, and a fix."""

    id: str
    required: bool
    passed: bool
    evidence: str
    advice: str
    key: str = ""  # which message was used (e.g. "buried", "text_speak")
    checked: bool = True  # False when the draft's language has no rubric

    @property
    def weight(self) -> int:
        """Its place in FIX_PRIORITY: text-speak counts with the big things."""
        name = "text_speak" if self.id == "mechanics" and "text_speak" in self.key else self.id
        return FIX_PRIORITY.index(name)


@dataclass(frozen=True)
class Review:
    """Every criterion's result for one draft, and the standard it was judged by."""

    criteria: tuple[Criterion, ...]
    word_count: int
    language_ok: bool  # a language with a rubric (English or Spanish)
    standard: Standard
    language: str = "en"
    field: str = ""

    @property
    def ready(self) -> bool:
        """Ready to send when the draft could be reviewed and every required criterion passed."""
        return self.language_ok and all(item.passed for item in self.criteria if item.required)

    @property
    def strengths(self) -> tuple[Criterion, ...]:
        """Passed criteria, to praise first."""
        return tuple(item for item in self.criteria if item.checked and item.passed)

    @property
    def fixes(self) -> tuple[Criterion, ...]:
        """Failed criteria, the ones that matter most first."""
        failed = [item for item in self.criteria if item.checked and not item.passed]
        return tuple(sorted(failed, key=lambda item: item.weight))

    @property
    def top_fixes(self) -> tuple[Criterion, ...]:
        """The few fixes worth raising in one reply."""
        return self.fixes[:MAX_TOP_FIXES]
