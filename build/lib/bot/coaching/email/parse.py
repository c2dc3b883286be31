"""Split a draft into the pieces every check reads: subject, greeting, paragraphs, sentences.

The body's word count is defined here once (:func:`count_words`), and the lesson's "Got it
(N words so far)" uses the same function, so the student never sees two different counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.coaching.ask_check import split_sentences
from bot.coaching.email.languages import LANGUAGES

WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_CURLY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass(frozen=True)
class Draft:
    """A draft split into its subject line (None when there is none) and its body."""

    subject: str | None
    body: str


@dataclass(frozen=True)
class Parts:
    """The pieces of a draft every check reads, computed once."""

    draft: Draft
    lines: tuple[str, ...]  # non-empty body lines, stripped
    paragraphs: tuple[str, ...]  # blank-line blocks between the greeting and the closing
    sentences: tuple[str, ...]  # every sentence of the body
    word_count: int


def normalize(text: str) -> str:
    """Unify line endings, curly quotes and non-breaking spaces."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CURLY)


def parse_draft(text: str) -> Draft:
    """Split off a "Subject:" (or "Asunto:") first non-empty line, if there is one."""
    lines = normalize(text or "").split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        for language in LANGUAGES.values():
            match = language.subject_label.match(line.strip())
            if match:
                body = "\n".join(lines[index + 1 :]).strip()
                return Draft(subject=match.group(1).strip(), body=body)
        break
    return Draft(subject=None, body="\n".join(lines).strip())


def count_words(text: str) -> int:
    """Words in the body of a draft (a first "Subject:" line is not counted)."""
    return len(WORD_RE.findall(parse_draft(text).body))


def split_parts(draft: Draft, *, greeting_line: bool, closing_lines: int) -> Parts:
    """Cut the body into lines, content paragraphs and sentences.

    ``greeting_line``: the first line is a greeting on its own (not part of a paragraph);
    ``closing_lines``: how many last lines are the closing and signature.
    """
    lines = tuple(line.strip() for line in draft.body.split("\n") if line.strip())
    blocks = [block.strip() for block in re.split(r"\n\s*\n", draft.body) if block.strip()]
    content = "\n\n".join(blocks)
    if greeting_line and lines:
        content = content[content.find(lines[0]) + len(lines[0]) :]
    if closing_lines and len(lines) > closing_lines:
        cut = content.rfind(lines[-closing_lines])
        content = content[:cut] if cut > 0 else content
    paragraphs = tuple(b.strip() for b in re.split(r"\n\s*\n", content) if b.strip())
    return Parts(
        draft=draft,
        lines=lines,
        paragraphs=paragraphs,
        sentences=tuple(split_sentences(draft.body)),
        word_count=len(WORD_RE.findall(draft.body)),
    )
