"""Finding someone on the map the way students type them.

Case, punctuation, titles, one word of the name, parentheses and small typos; several
matches come back as "unsure" with the candidates, so the turn can ask "Which one?".
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.core.understanding.name_words import TITLES
from bot.core.understanding.nonanswer import non_answer_reason
from bot.core.understanding.reading import Reading, Status
from bot.core.understanding.text import fold, squash

_PARENS = re.compile(r"\(([^)]*)\)")

ACCEPT = 75
MARGIN = 10


def _plain_name(text: str) -> str:
    text = fold(text).replace("'", "").replace("-", " ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _without_titles(words: list[str]) -> list[str]:
    rest = [w for w in words if w not in TITLES and w not in ("my", "the", "mi")]
    return rest or words


@lru_cache(maxsize=4096)  # the same map is searched turn after turn
def _name_keys(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(whole-name keys, single-word keys) for one name on the map."""
    inside = " ".join(_PARENS.findall(name))
    outside = _PARENS.sub(" ", name)
    words = _plain_name(outside).split()
    whole = {" ".join(words), " ".join(_without_titles(words))}
    whole |= {squash(k) for k in whole}
    single = {w for w in words if len(w) >= 2} | set(_plain_name(inside).split())
    return frozenset(k for k in whole if k), frozenset(single | {squash(w) for w in single})


def find_person(text: str, names: list[str], *, fuzzy: bool = True) -> Reading:
    """Which name on the map `text` means: one (answer), several (unsure), or none.

    `fuzzy=False` takes only exact forms (case, punctuation, titles, one word of the
    name), for questions where a new name is as welcome as a known one.
    """
    typed = _plain_name(text).split()
    query_words = _without_titles(typed)
    titled = any(w in TITLES for w in typed)
    query = " ".join(query_words)
    if not query:
        return Reading(Status.UNSURE)
    keys = [_name_keys(n) for n in names]
    squashed = squash(query)
    tests = [
        lambda whole, single: query in whole or squashed in whole,
        lambda whole, single: query in single or squashed in single,
    ]
    if fuzzy:
        typed_query = " ".join(typed)
        tests.append(
            lambda whole, single: (
                (len(query) >= 3 and any(k.startswith(query) for k in whole | single))
                or (
                    titled
                    and len(typed_query) >= 3
                    and any(k.startswith(typed_query) for k in whole)
                )
            )
        )
    for stage, test in enumerate(tests):
        found = [n for n, (whole, single) in zip(names, keys, strict=True) if test(whole, single)]
        if stage == 0 and found and " " not in query and not titled:  # "kim": "Ms Kim", "Kim B"
            found += [
                n
                for n, (_, single) in zip(names, keys, strict=True)
                if n not in found and (query in single or squashed in single)
            ]
        if len(found) == 1:
            return Reading(Status.ANSWER, value=found[0])
        if found:
            return Reading(Status.UNSURE, candidates=tuple(found))
    reason = non_answer_reason(text)
    if reason is not None:
        return Reading(Status.NOT_ANSWER, reason=reason)
    if not fuzzy:
        return Reading(Status.UNSURE)
    return _closest(query, names, keys)


def _closest(
    query: str, names: list[str], keys: list[tuple[frozenset[str], frozenset[str]]]
) -> Reading:
    """Small typos: the best fuzzy score, if it is good and clear of the runner-up."""
    scores: list[tuple[float, str]] = []
    for name, (whole, single) in zip(names, keys, strict=True):
        best = 0.0
        for key in whole | single:
            score = fuzz.ratio(query, key)
            if len(query) >= 4 and OSA.distance(query, key) <= 1:
                score = max(score, 90.0)
            elif len(query) == 3 and sorted(query) == sorted(key):  # "jya" for "Jay"
                score = max(score, 85.0)
            best = max(best, score)
        scores.append((best, name))
    scores.sort(key=lambda item: -item[0])
    if scores and scores[0][0] >= ACCEPT:
        runner = scores[1][0] if len(scores) > 1 else 0.0
        if scores[0][0] - runner >= MARGIN:
            return Reading(Status.ANSWER, value=scores[0][1])
        close = tuple(n for s, n in scores[:3] if s >= ACCEPT)
        return Reading(Status.UNSURE, candidates=close)
    return Reading(Status.UNSURE)
