"""What one language's wording of the rubric holds (the sentences; phrases live in
``languages``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    """Evidence and advice per criterion and outcome key, and the standard's names."""

    evidence: dict[str, dict[str, str]]
    advice: dict[str, dict[str, str]]
    length_parts: dict[str, str]  # what a body of this purpose holds, for the length advice
    purpose_names: dict[str, str]
    audience_names: dict[str, str]
    standard: str  # "{purpose} to {audience}"
    and_word: str = "and"  # '"u" and "lol"' when quoting several slips

    def join_quotes(self, quotes: list[str]) -> str:
        """'"a"', '"a" and "b"', '"a", "b" and "c"'."""
        wrapped = [f'"{item}"' for item in quotes]
        if len(wrapped) <= 1:
            return "".join(wrapped)
        return ", ".join(wrapped[:-1]) + f" {self.and_word} " + wrapped[-1]

    def standard_name(self, purpose: str, audience: str) -> str:
        """ "a thank-you note to a professional" in this language."""
        return self.standard.format(
            purpose=self.purpose_names[purpose], audience=self.audience_names[audience]
        )
