"""One or more choices, read the way students answer them.

"1 and 3", "both", "all of them", "the first one", "two", "emotinal support",
"she gives me rides", "kinda close". Each option list is compiled once (labels,
values, the `synonyms` and `examples` from options.yaml) and then read in this
order: the whole answer exactly, numbers and "all", a non-answer, the option
phrases found inside the answer, and only then a fuzzy match with a score
threshold and a margin over the runner-up (too close to call: "unsure").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.dates import NUMBER_WORDS
from bot.core.lessons import Option
from bot.core.understanding.nonanswer import non_answer_reason, strip_fillers
from bot.core.understanding.reading import Reading, Reason, Status
from bot.core.understanding.text import fold, plain, squash
from bot.core.understanding.yesno import yes_or_no
from bot.vocab.bounded import Recent

ACCEPT = 82  # a fuzzy score this high (0-100) takes the option ...
MARGIN = 8  # ... when the runner-up option scores at least this much less
CONSIDER = 70  # from here up to ACCEPT: "did you mean ...?"

_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
    "seventh": 7,
    "7th": 7,
    "primero": 1,
    "primera": 1,
    "segundo": 2,
    "segunda": 2,
    "tercero": 3,
    "tercera": 3,
}
_ALL = frozenset(
    {
        "all",
        "all of them",
        "all of those",
        "all of the above",
        "all the above",
        "all above",
        "everything",
        "every one",
        "everyone",
        "all of it",
        "todos",
        "todo",
        "todas",
        "all options",
        "each",
        "them all",
        "all them",
        "all of em",
        "all em",
        "all of these",
        "every single one",
    }
)
_NUMBER_FILLER = frozenset(
    [
        "the",
        "one",
        "ones",
        "option",
        "options",
        "number",
        "num",
        "no",
        "#",
        "and",
        "or",
        "both",
        "plus",
        "also",
        "then",
        "too",
        "idk",
        "maybe",
        "probably",
        "prob",
        "i",
        "think",
        "just",
        "mostly",
        "def",
        "definitely",
    ]
)
GREETINGS = frozenset({"hi", "hey", "hello", "hola", "yo", "sup", "hii", "heyy", "hiya", "start"})
_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\bor\b|\by\b|\bplus\b|\balso\b)\s*")
_RANGE = re.compile(r"^(\d{1,2})\s*(?:-|–|to|through|thru|till|until)\s*(\d{1,2})$")


@dataclass(frozen=True, slots=True)
class ChoiceIndex:
    """An option list compiled for reading: built once per list, used on every answer."""

    options: tuple[Option, ...]
    exact: dict[str, frozenset[int]]
    phrases: re.Pattern[str] | None
    phrase_owner: dict[str, frozenset[int]]
    fuzzy_keys: tuple[str, ...]
    fuzzy_owner: tuple[int, ...]
    word_keys: tuple[
        str, ...
    ]  # long words of several-word keys: "emotional" of "emotional support"
    word_owner: tuple[int, ...]
    yes_no: bool
    fast: dict[str, int]  # "close", "in between", "2": the answer as typed, no folding


_FAST_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")


def _add(table: dict[str, set[int]], key: str, index: int) -> None:
    key = plain(key)
    if key:
        table.setdefault(key, set()).add(index)
        table.setdefault(squash(key), set()).add(index)


def compile_options(options: tuple[Option, ...]) -> ChoiceIndex:
    exact: dict[str, set[int]] = {}
    phrase: dict[str, set[int]] = {}
    fuzzy: list[tuple[str, int]] = []
    for index, option in enumerate(options):
        for key in (option.value, option.label, *option.synonyms, *option.examples):
            _add(exact, key, index)
        for key in (option.label, option.value, *option.synonyms):
            key = plain(key)
            if key:
                phrase.setdefault(key, set()).add(index)
        for key in {plain(k) for k in (option.label, option.value, *option.synonyms)}:
            if len(key) >= 4:
                fuzzy.append((key, index))
    fast: dict[str, int] = {str(i): i - 1 for i in range(1, len(options) + 1)}
    for key, owners in exact.items():
        if len(owners) == 1 and key not in fast:
            fast[key] = next(iter(owners))
    for index, option in enumerate(options):
        for key in (option.value, option.label, *option.synonyms, *option.examples):
            owners = exact.get(plain(key), set())
            if len(owners) == 1 and key.casefold() not in fast:
                fast[key.casefold()] = index
    ordered = sorted(phrase, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")
        if ordered
        else None
    )
    return ChoiceIndex(
        options=options,
        exact={k: frozenset(v) for k, v in exact.items()},
        phrases=pattern,
        phrase_owner={k: frozenset(v) for k, v in phrase.items()},
        fuzzy_keys=tuple(k for k, _ in fuzzy),
        fuzzy_owner=tuple(i for _, i in fuzzy),
        word_keys=tuple(w for k, _ in fuzzy if " " in k for w in k.split() if len(w) >= 5),
        word_owner=tuple(i for k, i in fuzzy if " " in k for w in k.split() if len(w) >= 5),
        yes_no={o.value for o in options} == {"yes", "no"},
        fast=fast,
    )


_PREPARED: dict[int, ChoiceIndex] = {}  # the catalog's lists, by identity: no hashing
_RECENT: Recent[tuple[Option, ...], ChoiceIndex] = Recent(256)  # others, bounded


def index_for(options: tuple[Option, ...]) -> ChoiceIndex:
    """The compiled index of a list: compiled at load time by `prepare`, or (for lists
    made on the fly, such as "Did you mean ...?" candidates) kept among the recent ones."""
    found = _PREPARED.get(id(options))
    if found is not None and found.options is options:
        return found
    found = _RECENT.get(options)
    if found is None:
        found = compile_options(options)
        _RECENT.put(options, found)
    return found


def prepare(lists: list[tuple[Option, ...]]) -> None:
    """Compile every option list up front, so the first student pays nothing. The index
    keeps its list alive, so the list's id cannot be reused while it is registered."""
    for options in lists:
        if id(options) not in _PREPARED or _PREPARED[id(options)].options is not options:
            _PREPARED[id(options)] = compile_options(options)


def _fast(index: ChoiceIndex, text: str, multi: bool) -> Reading | None:
    """The common answers ("close", "2", "1, 2", "advice and feedback") without folding."""
    raw = text.strip().casefold()
    found = index.fast.get(raw)
    if found is not None:
        return _answer(index, [found], multi)
    if not multi:
        return None
    parts = _FAST_SPLIT.split(raw)
    if len(parts) < 2:
        return None
    picked = [index.fast.get(p) for p in parts]
    if any(p is None for p in picked):
        return None
    return _answer(index, [p for p in picked if p is not None], multi)


# --- numbers and "all" --------------------------------------------------------------


def _numbers(words: list[str], count: int, multi: bool) -> list[int] | None:
    """Positions (1-based) named by numbers, ordinals or "all"; None when not numbers.

    Returns [] for numbers that are out of range ("6" of five options).
    """
    phrase = " ".join(words)
    if phrase in _ALL or (words[:1] == ["all"] and len(words) == 2 and words[1].isdigit()):
        return list(range(1, count + 1))
    if phrase == "both" and count == 2:
        return [1, 2]
    if len(words) == 1 and words[0] in ("last", "final"):
        return [count]
    found: list[int] = []
    for position, word in enumerate(words):
        if word.isascii() and word.isdigit():
            if len(word) > 1 and len(words) == 1 and multi and count < 10 and "0" not in word:
                found.extend(int(d) for d in word)  # "13": one and three
            else:
                found.append(int(word) if len(word) <= 3 else 0)
        elif word in NUMBER_WORDS:
            if (
                word in ("one", "uno")
                and position
                and words[position - 1]
                in (
                    *_ORDINALS,
                    "last",
                    "middle",
                    "the",
                )
            ):
                continue  # "the first one", "the middle one"
            found.append(NUMBER_WORDS[word])
        elif word in _ORDINALS:
            found.append(_ORDINALS[word])
        elif word in ("last", "final"):
            found.append(count)
        elif word == "middle" and count % 2 == 1:
            found.append(count // 2 + 1)
        elif word not in _NUMBER_FILLER:
            return None
    if not found:
        return None
    if any(not 1 <= n <= count for n in found):
        return []
    return list(dict.fromkeys(found))


# --- the reader -----------------------------------------------------------------------


def _owners(index: ChoiceIndex, key: str) -> frozenset[int] | None:
    return index.exact.get(key) or index.exact.get(squash(key))


def _values(index: ChoiceIndex, positions: list[int]) -> tuple[str, ...]:
    return tuple(index.options[p].value for p in positions)


def _unique(positions: list[int]) -> list[int]:
    return list(dict.fromkeys(positions))


def _answer(index: ChoiceIndex, positions: list[int], multi: bool) -> Reading:
    positions = list(dict.fromkeys(positions))
    if not positions:
        return Reading(Status.UNSURE)
    if multi:
        return Reading(Status.ANSWER, value=list(_values(index, positions)))
    if len(positions) == 1:
        return Reading(Status.ANSWER, value=index.options[positions[0]].value)
    return Reading(Status.UNSURE, candidates=_values(index, positions))


def _fuzzy(index: ChoiceIndex, part: str) -> tuple[list[int], list[int]]:
    """(sure, maybe): the option a misspelt part means, or the ones it might mean."""
    if len(part) < 3 or not index.fuzzy_keys:
        return [], []
    best: dict[int, float] = {}
    near = process.extract(part, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=60, limit=None)
    for key, score, position in near:
        if len(part) >= 4 and OSA.distance(part, key) <= 1:
            score = max(score, 90.0)  # one slip in a short word ("clsoe", "emial")
        owner = index.fuzzy_owner[position]
        best[owner] = max(best.get(owner, 0.0), score)
    if " " not in part and len(part) >= 5 and index.word_keys:  # "emotinal" for "emotional ..."
        near = process.extract(
            part, index.word_keys, scorer=fuzz.ratio, score_cutoff=60, limit=None
        )
        for _, score, position in near:
            owner = index.word_owner[position]
            best[owner] = max(best.get(owner, 0.0), score - 4)
    if not best:
        return [], []
    ranked = sorted(best.items(), key=lambda item: -item[1])
    top, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= ACCEPT and score - runner >= MARGIN:
        return [top], []
    return [], [o for o, s in ranked[:3] if s >= CONSIDER]


def _scan(index: ChoiceIndex, phrase: str) -> list[int]:
    """Options whose label or synonyms appear in the answer, in the order they appear."""
    if index.phrases is None:
        return []
    found: list[int] = []
    for match in index.phrases.finditer(phrase):
        owners = index.phrase_owner[match.group(1)]
        if len(owners) == 1:
            found.extend(owners)
    return found


_NO_WORDS = ("no", "nah", "naw", "nope")


def _declined(index: ChoiceIndex, words: list[str]) -> list[int]:
    """A "no" that leads a non-answer ("nah im good", "no thats it", "ya no") picks the
    one option that means no, when the question has one; otherwise it stays a
    non-answer ("nah thats it" at "Anyone else?" closes the list)."""
    lead = words[1] if words[:2] == ["ya", "no"] else (words[0] if words else "")
    return _scan(index, lead) if lead in _NO_WORDS else []


def read_choice(text: str, options: tuple[Option, ...], *, multi: bool = False) -> Reading:
    """What the student picked: values (a list when `multi`), not an answer, or unsure."""
    index = index_for(options)
    quick = _fast(index, text, multi)
    if quick is not None:
        return quick
    if text.strip().casefold().strip("!. ") in GREETINGS:
        return Reading(Status.UNSURE)  # "hi" is no answer to anything: ask the question
    phrase = plain(text)
    if not phrase:
        return Reading(Status.UNSURE)
    owners = _owners(index, phrase)
    if owners:
        return _answer(index, sorted(owners), multi)
    words = strip_fillers(phrase.split()) or phrase.split()
    core = " ".join(words)
    owners = _owners(index, core)
    if owners:
        return _answer(index, sorted(owners), multi)
    ranged = _RANGE.match(fold(text))
    if ranged and multi:
        low, high = int(ranged.group(1)), int(ranged.group(2))
        if 1 <= low <= high <= len(options):
            return _answer(index, list(range(low - 1, high)), multi)
    numbers = _numbers(words, len(options), multi)
    if numbers is not None:
        if not multi and numbers == list(range(1, len(options) + 1)) and len(options) > 2:
            return Reading(Status.UNSURE)
        return _answer(index, [n - 1 for n in numbers], multi)
    if index.yes_no:
        said = yes_or_no(text)
        if said is not None:
            return _answer(index, [i for i, o in enumerate(options) if o.value == said], multi)
    reason = non_answer_reason(text)
    if reason is not None and reason is not Reason.FEELING:
        declined = _declined(index, words)
        if declined:  # "nah im good" at "Add someone / Not now": Not now
            return _answer(index, declined, multi)
        return Reading(Status.NOT_ANSWER, reason=reason)
    scanned = _scan(index, phrase) or _scan(index, core)  # "it went well": "well" counts
    parts = [plain(p) for p in _SEPARATORS.split(fold(text)) if plain(p)] if multi else []
    if scanned and (len(parts) < 2 or all(_scan(index, p) for p in parts)):
        return _answer(index, scanned, multi)
    sure, maybe = _by_parts(index, parts if len(parts) > 1 else [core], len(options), multi)
    if sure and not maybe:
        return _answer(index, sure, multi)
    if maybe:
        return Reading(Status.UNSURE, candidates=_values(index, _unique(sure + maybe)))
    if reason is Reason.FEELING:
        return Reading(Status.NOT_ANSWER, reason=reason)
    return Reading(Status.UNSURE)


def _by_parts(
    index: ChoiceIndex, parts: list[str], count: int, multi: bool
) -> tuple[list[int], list[int]]:
    """(options surely meant, options maybe meant), part by part ("close, maybe rides")."""
    sure: list[int] = []
    maybe: list[int] = []
    for part in parts:
        part_words = [w for w in part.split() if w not in ("both", "the", "my")]
        part = " ".join(part_words)
        if not part:
            continue
        hits = _scan(index, part) or [n - 1 for n in _numbers(part_words, count, multi) or []]
        if not hits:
            hits, might = _fuzzy(index, part)
            maybe.extend(o for o in might if o not in maybe)
            if not hits and not might:  # a part that means nothing: ask about the rest
                maybe.extend(o for o in sure if o not in maybe)
                break
        sure.extend(hits)
    return sure, maybe
