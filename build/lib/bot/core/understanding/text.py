"""Folding what a student typed into a form the readers can compare.

"Yeahh sure 👍!!" and "yeah sure yes" fold alike: lower case, accents off, a
thumbs-up read as "yes", punctuation dropped, letters typed three times kept once.
`squash` goes further (every doubled letter once) for a second, looser lookup.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Emoji that answer on their own. Others are dropped (a heart beside a name is
# kept by the name reader, which works on the original text).
EMOJI_WORDS = {
    "👍": " yes ",
    "👌": " yes ",
    "✅": " yes ",
    "✔": " yes ",
    "🙌": " yes ",
    "💯": " yes ",
    "🆗": " ok ",
    "👎": " no ",
    "❌": " no ",
    "🚫": " no ",
    "🙅": " no ",
    "🤷": " idk ",
}
_EMOJI = re.compile("|".join(re.escape(e) for e in EMOJI_WORDS))
_NOT_WORD = re.compile(r"[^\w\s'&+/,-]+")
_APOSTROPHE = re.compile(r"[’‘`´]")
_TRIPLE = re.compile(r"([^\W\d_])\1{2,}")  # letters only: "99999" stays
_DOUBLE = re.compile(r"([^\W\d_])\1+")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)  # not NFKD: "²" must not become "2"
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1024)  # each reader folds the same answer several times
def fold(text: str) -> str:
    """Lower-case words, accents off, emoji that mean yes/no as words: "Sí 👍!!" -> "si yes"."""
    text = _EMOJI.sub(lambda m: EMOJI_WORDS[m.group(0)], text)
    text = strip_accents(_APOSTROPHE.sub("'", text.casefold()))
    text = _NOT_WORD.sub(" ", text)
    text = _TRIPLE.sub(r"\1", text)
    return " ".join(text.replace("_", " ").split())


@lru_cache(maxsize=1024)
def plain(text: str) -> str:
    """`fold` without the separators and apostrophes the choice reader splits on."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text).replace("'", "")).split())


@lru_cache(maxsize=1024)
def squash(text: str) -> str:
    """Every run of one letter once: "yess" -> "yes", "okk" -> "ok", "nahh" -> "nah"."""
    return _DOUBLE.sub(r"\1", text)


def words(text: str) -> list[str]:
    return plain(text).split()
