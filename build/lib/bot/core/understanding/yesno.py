"""Yes or no, the ways students say it: "yeah sure 👍", "ok let's go", "sí", "nah", "not now"."""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.understanding.nonanswer import FILLERS, non_answer_reason
from bot.core.understanding.reading import Reading, Reason, Status
from bot.core.understanding.text import plain, squash

YES_PHRASES = frozenset(
    {
        "of course",
        "for sure",
        "sure thing",
        "why not",
        "sure why not",
        "go ahead",
        "lets go",
        "lets do it",
        "lets do this",
        "lets start",
        "lets begin",
        "im in",
        "i am in",
        "sounds good",
        "sounds great",
        "i agree",
        "i guess",
        "i guess so",
        "guess so",
        "uh huh",
        "yes please",
        "i consent",
        "you can",
        "thats fine",
        "that is fine",
        "claro que si",
        "por supuesto",
    }
)
YES_WORDS = frozenset(
    [
        "yes",
        "yse",
        "yez",
        "y",
        "ya",
        "yah",
        "yea",
        "yeah",
        "yeh",
        "ye",
        "yep",
        "yup",
        "yip",
        "yas",
        "yus",
        "ok",
        "okay",
        "okey",
        "okie",
        "oki",
        "k",
        "kk",
        "sure",
        "bet",
        "dale",
        "si",
        "claro",
        "vale",
        "sip",
        "simon",
        "alright",
        "alrighty",
        "aight",
        "fine",
        "cool",
        "deal",
        "ready",
        "definitely",
        "absolutely",
        "totally",
        "ofc",
        "mhm",
        "mhmm",
        "please",
        "agreed",
        "agree",
        "go",
        "start",
        "vamos",
    ]
)
NO_WORDS = frozenset(
    [
        "no",
        "n",
        "nah",
        "naw",
        "nope",
        "nop",
        "nay",
        "nel",
        "never",
        "later",
        "dont",
        "don't",
        "noo",
        "stop",
        "pass",
    ]
)
NO_PHRASES = frozenset(
    {
        "no thanks",
        "no thank you",
        "no thx",
        "no ty",
        "not now",
        "not rn",
        "not right now",
        "not today",
        "not yet",
        "maybe later",
        "later",
        "no way",
        "hell no",
        "heck no",
        "im good",
        "i'm good",
        "nah im good",
        "id rather not",
        "i'd rather not",
        "rather not",
        "not really",
        "i dont want to",
        "i don't want to",
        "dont want to",
        "i do not",
        "i dont",
        "no gracias",
        "ahora no",
        "mejor no",
        "not interested",
        "absolutely not",
        "definitely not",
        "nah not really",
        "no i dont",
    }
)
_NEGATIONS = frozenset({"not", "no", "dont", "never", "nah", "nope"})
_ALL_YES = YES_WORDS | {"thats", "that", "is", "lets", "do", "it", "thing", "sounds", "good"}
_LONG = sorted(w for w in YES_WORDS | NO_WORDS if len(w) >= 4)


def _lookup_word(word: str) -> str | None:
    if word in YES_WORDS or squash(word) in YES_WORDS:
        return "yes"
    if word in NO_WORDS or squash(word) in NO_WORDS:
        return "no"
    return None


def _typo(word: str) -> str | None:
    """One slip ("yeas", "nope" for "noep") in a word of four letters or more."""
    if len(word) < 4:  # too short to guess at: "hey" is not "yeh", "mom" is not "mhm"
        return None
    near = process.extract(word, _LONG, scorer=OSA.distance, score_cutoff=1, limit=None)
    found = {_lookup_word(w) for w, _, _ in near}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def yes_or_no(text: str) -> str | None:
    """ "yes", "no", or None when the message says neither."""
    phrase = plain(text)
    if not phrase:
        return None
    words = phrase.split()
    squashed = squash(phrase)
    if phrase in NO_PHRASES or squashed in NO_PHRASES:
        return "no"
    if phrase in YES_PHRASES or squashed in YES_PHRASES:
        return "yes"
    single = _lookup_word(phrase) if len(words) == 1 else None
    if single:
        return single
    core = [w for w in words if w not in FILLERS or w in YES_WORDS] or words
    if len(core) < len(words):  # "not really tbh", "hmm ok": the words that count
        trimmed = [
            " ".join(words[:end])
            for end in range(len(words) - 1, 0, -1)
            if all(w in FILLERS for w in words[end:])
        ]
        for said in (" ".join(core), *trimmed):
            if said in NO_PHRASES:
                return "no"
            if said in YES_PHRASES:
                return "yes"
    head = _lookup_word(core[0])
    if head == "no" or " ".join(core[:2]) in NO_PHRASES or " ".join(core[:3]) in NO_PHRASES:
        return "no"
    if any(p in phrase for p in ("rather not", "not now", "no thanks", "dont want")):
        return "no"
    rest = set(core[1:])
    if head == "yes" and not rest & _NEGATIONS:
        return "yes"
    if all(w in _ALL_YES for w in core) and not set(core) & _NEGATIONS:
        return "yes"
    if any(" ".join(core[i : i + 2]) in YES_PHRASES for i in range(len(core))) and not (
        set(core) & _NEGATIONS - {"not"}
    ):
        return "yes" if "why not" in phrase or not set(core) & _NEGATIONS else None
    if len(core) == 1:
        return _typo(core[0])
    return None


def read_yes_no(text: str) -> Reading:
    """Yes or no; a question back, "idk" and the like are not answers."""
    found = yes_or_no(text)
    if found is not None and not text.strip().endswith("?"):
        return Reading(Status.ANSWER, value=found)
    reason = non_answer_reason(text)
    if reason is not None:
        return Reading(Status.NOT_ANSWER, reason=reason)
    if found is not None:
        return Reading(Status.ANSWER, value=found)
    return Reading(Status.UNSURE)


__all__ = ["read_yes_no", "yes_or_no", "Reason"]
