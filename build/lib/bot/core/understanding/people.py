"""Names in what students type: "my aunt Rosa", "Tony at the pizza place", "mr obrien".

`read_name` takes the name out of a phrase (kin and titles kept: "Aunt Rosa",
"Coach Davis"; other descriptions dropped or kept as a note), keeps a role with
no name as a description ("Math teacher"), and never makes a name out of a
non-answer or a question. "does my grandma's church lady count?" is read as the
answer "Grandma's church lady" (with `subject` set, so the turn can say yes first).

Finding someone already on the map is `finding.py`; the words around a name
(titles, kin, roles) are `name_words.py`.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import OSA

from bot.core.escaping import strip_invisible
from bot.core.understanding import nonanswer
from bot.core.understanding.name_words import KIN, ROLES, TITLES
from bot.core.understanding.nonanswer import non_answer_reason
from bot.core.understanding.reading import Reading, Reason, Status
from bot.core.understanding.text import strip_accents

_LEADING = (
    ("i", "guess"),
    ("i", "think"),
    ("i", "would", "say"),
    ("id", "say"),
    ("idk",),
    ("i", "dont", "know"),
    ("not", "sure"),
    ("no", "idea"),
    ("i'd", "say"),
    ("um",),
    ("umm",),
    ("uh",),
    ("uhh",),
    ("hmm",),
    ("maybe",),
    ("probably",),
    ("prob",),
    ("probs",),
    ("like",),
    ("well",),
    ("ok",),
    ("okay",),
    ("so",),
    ("definitely",),
    ("oh",),
    ("my",),
    ("the",),
    ("our",),
    ("mi",),
    ("mis",),
    ("la",),
    ("el",),
    ("a",),
    ("an",),
    ("some",),
    ("this",),
    ("that",),
)
_TRAILING = (
    ("i", "guess"),
    ("i", "think"),
    ("maybe",),
    ("probably",),
    ("lol",),
    ("tbh",),
    ("haha",),
    ("lmao",),
    ("i", "suppose"),
)
_SEPARATORS = frozenset(
    [
        "from",
        "at",
        "who",
        "that",
        "which",
        "in",
        "on",
        "next",
        "because",
        "bc",
        "cuz",
        "since",
        "with",
        "de",
        "del",
        "who's",
        "whos",
        "-",
        "my",
    ]
    # what someone does, after who they are: "my brother hits me up", "my aunt drives me"
    + [
        "is",
        "was",
        "has",
        "always",
        "usually",
        "sometimes",
        "hits",
        "helps",
        "helped",
        "gives",
        "gave",
        "drives",
        "drove",
        "texts",
        "calls",
        "lives",
        "works",
        "teaches",
        "coaches",
        "knows",
        "takes",
        "picks",
        "says",
        "said",
        "likes",
        "loves",
        "lets",
        "buys",
        "pays",
        "checks",
        "talks",
        "listens",
        "shows",
        "showed",
    ]
)
_COUNTS = re.compile(
    r"^\s*(?:does|do|would|will|can|could|is|are)\s+(?P<x>.+?)\s+"
    r"(?:count|counts|work|works|be ok|be okay|be fine|matter|go here|fit)\s*[?!.]*\s*$",
    re.I,
)
_PARENS = re.compile(r"\(([^)]*)\)")
_TRIPLED = re.compile(r"(\w)\1{2,}")


def _key(word: str) -> str:
    """A word as the vocabularies spell it: "Tía" -> "tia", "Mr." -> "mr", "ummm" -> "um"."""
    return _TRIPLED.sub(r"\1", strip_accents(word.casefold()).strip('.,!?;:"'))


def _letters(word: str) -> bool:
    return any(ch.isalpha() for ch in word)


def _strip_ends(words: list[str]) -> list[str]:
    changed = True
    while changed and words:
        changed = False
        keys = [_key(w) for w in words]
        for phrase in _LEADING:
            if tuple(keys[: len(phrase)]) == phrase and len(words) > len(phrase):
                words, changed = words[len(phrase) :], True
                break
        keys = [_key(w) for w in words]
        for phrase in _TRAILING:
            if tuple(keys[-len(phrase) :]) == phrase and len(words) > len(phrase):
                words, changed = words[: -len(phrase)], True
                break
    return words


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:] if word.islower() else word


_DESCRIBING = sorted(w for w in TITLES | KIN | ROLES if len(w) >= 4)


def _is_name_word(word: str, last: bool = True) -> bool:
    key = _key(word)
    if not _letters(word) or key in TITLES or key in KIN or key in ROLES or key.endswith("'s"):
        return False
    if not last and word.islower() and len(key) >= 4:  # "frend Jay": a slip in a role word
        return not any(OSA.distance(key, w) <= 1 for w in _DESCRIBING)
    return True


def _has_name(part: str) -> bool:
    return any(_is_name_word(w) and _key(w) not in _HARD_STOP for w in part.split())


def extract_name(text: str) -> tuple[str, str | None]:
    """(name or description, note) from a phrase; ("", None) when nothing is left."""
    text = " ".join(unicodedata.normalize("NFC", strip_invisible(text)).split())
    notes: list[str] = [m.strip() for m in _PARENS.findall(text) if m.strip()]
    text = _PARENS.sub(" ", text)
    head, comma, tail = text.partition(",")
    if comma and head.strip() and tail.strip():
        if not _has_name(head) and _has_name(tail):
            head, tail = tail, head  # "my coach, Mr. Lee": the name is after the comma
        text = head
        notes.insert(0, tail.strip())
    words = [w for w in text.strip(" .,;:!?").split() if w]
    words = _strip_ends(words)
    for position, word in enumerate(words):
        if position and _key(word) in _SEPARATORS:
            notes.insert(0, " ".join(words[position:]))
            words = _strip_ends(words[:position])
            break
    if not words:
        return "", None
    note = "; ".join(n.strip(" -–,;:") for n in notes) or None
    last = len(words) - 1
    first_name = next((i for i, w in enumerate(words) if _is_name_word(w, last=i == last)), None)
    if first_name is None:  # a role with no name: "my math teacher" -> "Math teacher"
        description = " ".join(words).strip(" .,;:!?")
        return description[:1].upper() + description[1:], note
    if words[first_name].islower():  # "my piano teacher Ms. Chen": the capitals are the name
        capital = next(
            (i for i in range(first_name + 1, len(words)) if words[i][:1].isupper()), None
        )
        if capital is not None:
            first_name = capital + 1 if _key(words[capital]) in TITLES | KIN else capital
            first_name = min(first_name, len(words) - 1)
    prefix = words[:first_name]
    name = words[first_name:]
    if prefix and _key(prefix[-1]) in TITLES:
        kept = [prefix[-1]]
    elif len(prefix) == 1 and _key(prefix[0]) in KIN:
        kept = prefix
    else:
        kept = []
        if prefix and note is None:
            note = " ".join(prefix)
    if any(ch.isupper() for ch in " ".join(name)):  # typed with capitals: keep them
        result = " ".join([*(_cap(w) for w in kept), *name])
    else:
        result = " ".join(_cap(w) for w in [*kept, *name])
    return result.strip(" ,;:!?"), note


_PLAIN_WORD = re.compile(r"[^\W\d_][\w'.-]*\Z")
_FEELING_WORDS = frozenset(
    {"feel", "felt", "ugh", "awkward", "lonely", "nervous", "scared", "shy", "anxious"}
    | {"sad", "embarrassed", "afraid", "dumb", "stupid", "lost", "alone", "friends"}
)


def _stop_words() -> frozenset[str]:
    """Words that send a name to the full reader: anything a phrase, a non-answer, a
    question or a feeling could start with or contain."""
    found: set[str] = set()
    for phrases in (
        nonanswer.NON_ANSWERS,
        nonanswer.HELP,
        nonanswer.UNDO,
        nonanswer.CANCEL,
        nonanswer.FILLERS,
        nonanswer.QUESTION_WORDS,
    ):
        for phrase in phrases:
            found.update(phrase.replace("'", "").split())
    for ends in (_LEADING, _TRAILING):
        for words in ends:
            found.update(words)
    return frozenset(found | _SEPARATORS | _FEELING_WORDS | {"n", "a", "na"})


_HARD_STOP = _stop_words()
_DESCRIBING_WORDS = ROLES | KIN | TITLES
_STOP = _HARD_STOP | ROLES


def _fast_name(text: str) -> Reading | None:
    """ "Mom", "Tío Beto", "Ms. Rivera": one to three plain words, nothing to take out."""
    words = text.split()
    if not 1 <= len(words) <= 3:
        return None
    keys = []
    for word in words:
        if not _PLAIN_WORD.match(word):
            return None
        key = word.casefold().rstrip(".")
        if not key.isascii():
            key = strip_accents(key)
        bare = key.replace("'", "")
        if bare in _HARD_STOP or _TRIPLED.sub(r"\1", bare) in _HARD_STOP:  # "idkkk", "hmmm"
            return None
        if bare in ROLES and not (len(words) == 1 or (bare in TITLES or bare in KIN)):
            return None  # "friend Jay", "math teacher": read in full
        keys.append(key)
    if len(words) == 1 and keys[0] in _DESCRIBING_WORDS and keys[0] not in _HARD_STOP:
        return Reading(Status.ANSWER, value=_cap(words[0].rstrip(".")))  # "Mom", "abuela"
    if len(words) > 1 and any(
        w.islower() and k not in KIN and k not in TITLES
        for w, k in zip(words[:-1], keys[:-1], strict=True)
    ):
        return None  # "frend Jay": perhaps a description with a slip, read in full
    if any(ch.isupper() for ch in text):
        name = " ".join(
            _cap(w) if k in KIN or k in TITLES else w for w, k in zip(words, keys, strict=True)
        )
    else:
        name = " ".join(_cap(w) for w in words)
    return Reading(Status.ANSWER, value=name.rstrip(".") if len(words) == 1 else name)


def read_name(text: str) -> Reading:
    """A new person's name (or a description), a non-answer, or a question back."""
    quick = _fast_name(text)
    if quick is not None:
        return quick
    asked = _COUNTS.match(text)
    if asked:
        subject, note = extract_name(asked.group("x"))
        if subject and non_answer_reason(subject) is None:
            return Reading(Status.ANSWER, value=subject, subject=subject, note=note)
    reason = non_answer_reason(text)
    if reason is not None:
        return Reading(Status.NOT_ANSWER, reason=reason)
    name, note = extract_name(text)
    if not name:
        return Reading(Status.UNSURE)
    if nonanswer.is_non_answer(nonanswer.core(name)) and name.casefold() not in _DESCRIBING_WORDS:
        return Reading(Status.NOT_ANSWER, reason=Reason.NON_ANSWER)
    return Reading(Status.ANSWER, value=name, note=note)
