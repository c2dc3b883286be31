"""The checks, one pure function per criterion, reading a language's phrase lists.

Each check returns an :class:`Outcome`: pass or not, a message key, and the student's own
words to quote. Wording lives in ``feedback``; phrases live in ``languages``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.coaching.email.asks import check_the_ask
from bot.coaching.email.context import Context, Outcome, quote, snippet
from bot.coaching.email.languages.base import Language
from bot.coaching.email.parse import WORD_RE
from bot.coaching.email.wording import wording_for

MIN_LONG_CAPS_LETTERS = 6  # shorter unknown caps words are likely acronyms (SEES, HOSA)
MAX_MECHANICS_QUOTES = 5
GREETING_WORDS_KEPT = 5
CLOSING_SEARCH_LINES = 6
MAX_THANKS_CLOSING_WORDS = 8
_BANGS_RE = re.compile(r"[!?¡¿]{2,}")
_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]"
    r"|(?<![\w:])[:;]-?[)(DPp](?!\w)|<3|(?<!\w)xD(?!\w)"
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'-]*\.?", re.UNICODE)


# One-word subjects that name only a topic (LABELS.md 11: "job" is vague).
_TOPIC_ONLY = frozenset(
    ("job", "jobs", "work", "career", "careers", "college", "opportunity", "trabajo", "empleo")
)


def check_subject(ctx: Context) -> Outcome:
    """A subject that tells the reader the purpose before they open the email."""
    subject = ctx.parts.draft.subject
    if subject is None:
        return Outcome(False, "missing")
    found = [word.lower() for word in WORD_RE.findall(subject)]
    if not found:
        return Outcome(False, "empty")
    fields: dict[str, str | int] = {"quote": quote(subject)}
    lang = ctx.language
    meaningful = [w for w in found if w not in lang.subject_filler and len(w) > 1]
    if len(found) == 1 and found[0] in _TOPIC_ONLY:  # "job" names a topic, not the ask
        return Outcome(False, "vague", fields)
    if any(w in lang.subject_purpose for w in found) or len(meaningful) >= 2:
        return Outcome(True, "pass", fields)
    return Outcome(False, "vague", fields)


def check_greeting(ctx: Context) -> Outcome:
    """An opening that names the person; a teacher at school may get "Hi Mr. D,"."""
    lang = ctx.language
    first_line = _comma_after_greeting_word(ctx.parts.lines[0], lang.greetings)
    opening = _opening(first_line, lang)
    lowered = opening.lower()
    fields: dict[str, str | int] = {"quote": quote(opening or first_line)}
    if any(lowered.startswith(phrase) for phrase in lang.impersonal_greetings):
        return Outcome(False, "impersonal", fields)
    greeting_word = starts_with_any(lowered, lang.greetings)
    informal = starts_with_any(lowered, lang.informal_greetings)
    if informal and len(informal) >= len(greeting_word or ""):  # "Buenas" but not "Buenas tardes"
        return Outcome(False, "informal", fields)
    staff = ctx.standard.audience == "school_staff"
    vocative = staff and _title_and_name(opening, lang) and first_line.rstrip(" ,:!") == opening
    if greeting_word is None and not vocative:
        return Outcome(False, "missing", fields)  # "Coach Reynolds," is fine at school only
    rest = opening[len(greeting_word or "") :]
    if "!!" in rest:
        return Outcome(False, "informal", fields)
    names = _leading_names(rest, lang)
    if not names or any(n.lower().rstrip(".") in lang.nameless_greeting_words for n in names):
        return Outcome(False, "no_name", fields)  # "Hi there", "Dear Volunteer Team"
    title = names[0].rstrip(".").lower()
    if title in lang.titles:
        surname = names[1].rstrip(".") if len(names) > 1 else ""
        if not surname:
            addressed = staff and title in lang.address_titles  # "Hola profe,"
            return Outcome(addressed, "pass_title" if addressed else "no_name", fields)
        if len(surname) < 2 and not staff:  # lowercase is a mechanics matter ("hi ms kim,")
            return Outcome(False, "name_format", fields)
        return Outcome(True, "pass_title", fields)
    if len(names[0].rstrip(".")) < 2:
        return Outcome(False, "name_format", fields)
    return Outcome(True, "pass_title" if staff else "pass_first_name", fields)


def _opening(first_line: str, lang: Language) -> str:
    """The greeting up to its comma, two readers' titles read as one: "Dear Mr. and Mrs.
    Kaczmarek," names both readers as "Dear Mrs. Kaczmarek," names one."""
    opening = re.split(r"[,:;]", first_line, maxsplit=1)[0]
    titles = "|".join(sorted(lang.titles, key=len, reverse=True))
    opening = re.sub(rf"(?i)\b(?:{titles})\.?\s+(?:and|&|y|e)\s+(?=(?:{titles})\b)", "", opening)
    return " ".join(opening.split()[:GREETING_WORDS_KEPT])


def _title_and_name(opening: str, lang: Language) -> bool:
    """ "Coach Reynolds", "Mr. Hall": a title and a capitalised name, with no greeting word."""
    tokens = _NAME_TOKEN.findall(opening)
    return (
        len(tokens) in (2, 3)
        and _is_title(tokens[0], lang)
        and tokens[-1][0].isupper()
        and len(tokens[-1].rstrip(".")) >= 2
    )


def _could_be_name(token: str, lang: Language) -> bool:
    """A capitalised word, or a lowercase one that is not a common word or text-speak
    ("hi ms kim" names her; "hi can u help" and "hola profe xq" name no one)."""
    lowered = token.lower().rstrip(".")
    if token[0].isupper() or lowered in lang.titles:
        return True
    return lowered not in lang.markers | lang.text_speak | lang.not_names


def greeting_names(ctx: Context) -> list[str]:
    """The title and name words of the greeting line ("ms", "kim" in "hi ms kim,")."""
    lang = ctx.language
    first_line = _comma_after_greeting_word(ctx.parts.lines[0], lang.greetings)
    opening = _opening(first_line, lang)
    found = starts_with_any(opening.lower(), lang.greetings + lang.informal_greetings)
    if found is None:
        return []
    names = _leading_names(opening[len(found) :], lang)
    if names and names[0].lower() in lang.nameless_greeting_words:
        return []
    return names[: next((i + 1 for i, n in enumerate(names) if not _is_title(n, lang)), None)]


def _leading_names(text: str, lang: Language) -> list[str]:
    """The words that could be a title or a name, up to the first that cannot."""
    tokens = _NAME_TOKEN.findall(text)
    end = next((i for i, token in enumerate(tokens) if not _could_be_name(token, lang)), None)
    return tokens[:end]


def _is_title(token: str, lang: Language) -> bool:
    return token.lower().rstrip(".") in lang.titles


def _comma_after_greeting_word(line: str, greetings: tuple[str, ...]) -> str:
    """ "Buenos días, Ing. Robles:" reads as "Buenos días Ing. Robles:"."""
    found = starts_with_any(line.lower(), greetings)
    if found and re.match(r"\s*,\s*[^\W\d_]", line[len(found) :]):
        return line[: len(found)] + " " + line[len(found) :].lstrip(" ,")
    return line


def check_introduction(ctx: Context) -> Outcome:
    """Who the student is, in the form this reader needs."""
    sentences = ctx.parts.sentences
    lang, standard = ctx.language, ctx.standard
    named: str | None = None
    for index, sentence in enumerate(sentences):
        if not names_the_writer(ctx, sentence):
            continue
        named = named or sentence
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        nearby = f"{sentence} {following}"
        if standard.purpose in ("thank_you", "follow_up"):
            return Outcome(True, "pass", {"quote": quote(sentence)})
        if standard.audience == "family_friend":  # whose child or neighbour: not which school,
            # nor a talk they heard the reader give (LABELS.md section 9)
            if lang.family_link.search(nearby):
                return Outcome(True, "pass", {"quote": quote(sentence)})
        elif lang.affiliation.search(nearby) or lang.staff_intro.search(nearby):
            return Outcome(True, "pass", {"quote": quote(sentence)})
    if named is None and len(ctx.parts.lines) > 1 and looks_like_name(ctx.parts.lines[-1]):
        personal = _thanks_for_something_personal(ctx) if standard.purpose == "thank_you" else None
        if personal:
            return Outcome(True, "pass", {"quote": quote(personal)})
        return Outcome(False, "signed_only", {"quote": quote(ctx.parts.lines[-1])})
    if named is not None:
        key = "no_family_link" if standard.audience == "family_friend" else "no_affiliation"
        return Outcome(False, key, {"quote": quote(named)})
    return Outcome(False, "missing")


def check_connection(ctx: Context) -> Outcome:
    """How the student knows or found the reader, in any of its many forms."""
    lang, purpose = ctx.language, ctx.standard.purpose
    patterns = [lang.connection]
    if ctx.standard.audience == "school_staff":
        patterns.append(lang.staff_intro)
    if ctx.standard.audience == "family_friend":
        patterns.append(lang.family_link)
    if purpose == "thank_you":
        patterns.append(lang.thanks_for)
    named_place = _readers_place(ctx)
    if named_place is not None:
        patterns.append(named_place)
    for sentence in ctx.parts.sentences:
        plain = lang.spell_out(sentence)
        if any(pattern.search(plain) for pattern in patterns):
            return Outcome(True, "pass", {"quote": quote(sentence)})
    return Outcome(False, "missing")


def _readers_place(ctx: Context) -> re.Pattern[str] | None:
    """The reader's surname on the business the student worked at, visited or bought from
    ("I worked as a porter at Kowalski Auto", to Mr. Kowalski): they know each other."""
    names = greeting_names(ctx)
    if len(names) < 2 or not _is_title(names[0], ctx.language):
        return None
    surname = names[-1].rstrip(".")
    if len(surname) < 3 or not surname[0].isupper() or _is_title(surname, ctx.language):
        return None
    return re.compile(
        r"\b(?:worked|work|working|volunteered|interned|was|went|visited|bought|shopped|got|"
        r"trabaj[eéo]|compr[eéo]|fui)\b[^.?!]{0,40}"
        rf"\b(?:at|from|for|in|en|de)\s+(?:the\s+|la\s+|el\s+)?{re.escape(surname)}(?:'s)?"
        rf"(?![\w'])",
        re.IGNORECASE,
    )


def check_time_respect(ctx: Context) -> Outcome:
    """Knowing they're busy, offering flexibility, or keeping the ask small."""
    if ctx.standard.purpose == "thank_you":
        return Outcome(True, "thank_you")
    return _first_sentence_matching(ctx, ctx.language.time_respect)


def _thanks_for_something_personal(ctx: Context) -> str | None:
    """A thank-you for time spent with the writer alone ("for letting me shadow you") needs
    no more introduction than the signature; one for a group visit ("our STEM Night tour")
    does: the reader met many students and cannot place one name (the labellers' rule)."""
    lang = ctx.language
    for sentence in ctx.parts.sentences:
        if lang.thanks_for.search(sentence):
            lowered = sentence.lower()
            if lang.personal.search(lowered) and not lang.group.search(lowered):
                return sentence
            return None
    return None


def check_thanks(ctx: Context) -> Outcome:
    """Any thanks or appreciation, including a "Thank you," closing."""
    return _first_sentence_matching(ctx, ctx.language.thanks)


def check_signoff(ctx: Context) -> Outcome:
    """A professional closing line followed by the student's name."""
    lines = ctx.parts.lines
    start = max(1, len(lines) - CLOSING_SEARCH_LINES)
    closings = ctx.language.closings
    for index in range(len(lines) - 1, start - 1, -1):
        if split_closing(lines[index], ctx.language.informal_closings)[0] is not None:
            return Outcome(False, "informal", {"quote": quote(lines[index])})  # "Bye, Sam"
        closing, signed = split_closing(lines[index], closings)
        if closing is None and _is_thanks_closing_line(lines[index], closings):
            if _ends_informally(lines[index], ctx.language.informal_closings):
                return Outcome(False, "informal", {"quote": quote(lines[index])})  # "y besos,"
            closing = lines[index].rstrip(",")
        if closing is None:
            continue
        if signed is None and index + 1 < len(lines):
            signed = re.split(r"[,|]", lines[index + 1], maxsplit=1)[0].strip(" -–—")
        return _signed_name_outcome(ctx, closing, signed)
    return Outcome(False, "missing", {"quote": quote(lines[-1])})


def check_length(ctx: Context) -> Outcome:
    """Long enough to explain and short enough to read on a phone, for this purpose."""
    count = ctx.parts.word_count
    low, high = ctx.standard.length
    fields: dict[str, str | int] = {"count": count, "low": low, "high": high}
    if count < low:
        return Outcome(False, "short", fields)
    if count > high:
        return Outcome(False, "long", fields)
    return Outcome(True, "pass", fields)


def check_mechanics(ctx: Context) -> Outcome:
    """No text-speak, shouting, emoji, "!!" or lowercase "i"; acronyms are fine."""
    text = f"{ctx.parts.draft.subject or ''}\n{ctx.parts.draft.body}"
    issues = {kind: found for kind, found in _mechanics_found(ctx, text).items() if found}
    if not issues:
        return Outcome(True, "pass")
    chosen: list[str] = []
    for found in issues.values():
        for item in found[:2]:
            if not any(item in other or other in item for other in chosen):
                chosen.append(item)
    quotes = wording_for(ctx.language.code).join_quotes(chosen[:MAX_MECHANICS_QUOTES])
    return Outcome(False, "issues", {"quotes": quotes, "kinds": " ".join(issues)})


def _mechanics_found(ctx: Context, text: str) -> dict[str, list[str]]:
    lang = ctx.language
    speak = re.compile(
        r"(?<![\w'.&-])(" + "|".join(sorted(lang.text_speak, key=len, reverse=True)) + r")"
        r"(?![\w'&-]|\.\w)",
        re.IGNORECASE,
    )
    return {
        "text_speak": [
            snippet(text, m.start(), m.end())
            for m in speak.finditer(text)
            if (m.group(1).lower() not in lang.text_speak_lowercase_only or m.group(1).islower())
            and not (m.group(1).isupper() and m.group(1) in lang.acronyms)  # "an RN", not "rn"
        ],
        "caps": [word for word in WORD_RE.findall(text) if _shouted(word, lang)],
        "bangs": [snippet(text, m.start(), m.end()) for m in _BANGS_RE.finditer(text)],
        "lowercase_i": [
            snippet(text, m.start(), m.end())
            for m in (lang.lowercase_i.finditer(text) if lang.lowercase_i else ())
        ],
        "emoji": [m.group(0) for m in _EMOJI_RE.finditer(text)],
        "lowercase_name": _lowercase_greeting(ctx),
    }


def _lowercase_greeting(ctx: Context) -> list[str]:
    """ "hi ms kim": the reader's title or name in lowercase (Spanish titles are lowercase)."""
    if not ctx.parts.lines:
        return []
    names = greeting_names(ctx)
    lang = ctx.language
    checked = [
        name
        for name in names
        if lang.capitalised_titles or name.lower().rstrip(".") not in lang.titles
    ]
    if not any(name[0].islower() for name in checked):
        return []
    line = ctx.parts.lines[0]
    return [quote(line[: line.find(names[-1]) + len(names[-1])])]


def _shouted(word: str, lang: Language) -> bool:
    """An all-caps word that is not an acronym, initialism or brand name."""
    if not word.isupper() or any(char.isdigit() for char in word):
        return False
    if word in lang.shouted_short_words:
        return True
    if "-" in word or word in lang.acronyms or word.rstrip("S") in lang.acronyms:
        return False  # NSLI-Y, NASA, EMTS
    return sum(char.isalpha() for char in word) >= MIN_LONG_CAPS_LETTERS


def _first_sentence_matching(ctx: Context, pattern: re.Pattern[str]) -> Outcome:
    for sentence in ctx.parts.sentences:
        if pattern.search(sentence):
            return Outcome(True, "pass", {"quote": quote(sentence)})
    return Outcome(False, "missing")


def names_the_writer(ctx: Context, sentence: str) -> bool:
    """True when the sentence gives the writer's name ("My name is Ana", "its me Maya")."""
    for match in ctx.language.name_intro.finditer(sentence):
        name = next(group for group in match.groups() if group)
        lowered = name.lower()
        writing = name.islower() and lowered.endswith("ing")  # "im writing"; not "Blessing"
        if lowered not in {w.lower() for w in ctx.language.not_names} and not writing:
            return True
    return False


def split_closing(line: str, closings: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Return (closing, name on the same line) when the line is a closing, else (None, None)."""
    lowered = line.lower()
    for closing in sorted(closings, key=len, reverse=True):
        if not lowered.startswith(closing) or re.match(
            r"\w", lowered[len(closing) : len(closing) + 1]
        ):
            continue
        rest = line[len(closing) :]
        if not rest.strip(" ,.!-–—"):
            return line[: len(closing)], None
        separated = re.match(r"^\s*[,.!–—-]+\s*(.+)$", rest)
        if separated and looks_like_name(separated.group(1).strip(" ,.")):
            return line[: len(closing)], separated.group(1).strip(" ,.")
    return None, None


def _is_thanks_closing_line(line: str, closings: tuple[str, ...]) -> bool:
    """A short thanks ending in a comma works as a closing: "Thank you for your time,"."""
    lowered = line.lower()
    thanks_starts = tuple(c for c in closings if "thank" in c or "gracias" in c)
    return (
        line.endswith((",", "!", "."))
        and lowered.startswith(thanks_starts)
        and len(line.split()) <= MAX_THANKS_CLOSING_WORDS
    )


def _ends_informally(line: str, informal: tuple[str, ...]) -> bool:
    """ "Muchas gracias y besos," "Thanks and love,": a thanks that closes like a text."""
    last = re.split(r"[\s,]+", line.lower().strip(" ,.!"))[-1]
    return any(last == word.strip() for word in informal if len(word.strip()) > 2)


def looks_like_name(text: str) -> bool:
    """One to four word-like tokens and nothing else: a signature, not a sentence."""
    tokens = text.strip().split()
    return 1 <= len(tokens) <= 4 and all(re.fullmatch(r"[^\W\d_][\w.'-]*", t) for t in tokens)


def _signed_name_outcome(ctx: Context, closing: str, signed: str | None) -> Outcome:
    """Judge the name under a professional closing; a first name is enough for school staff."""
    if not signed or not looks_like_name(signed):
        return Outcome(False, "no_name", {"quote": quote(closing)})
    tokens = [token.strip(".") for token in signed.split()]
    name_words = [token for token in tokens if len(token) >= 2]
    staff = ctx.standard.audience == "school_staff"
    if not name_words or (len(name_words) < 2 and not staff):
        return Outcome(False, "short_name", {"quote": quote(signed)})
    if not all(word[0].isupper() for word in name_words):
        return Outcome(False, "name_case", {"quote": quote(signed)})
    if ctx.student_name:
        expected = ctx.student_name.split()
        wanted = {expected[0].lower()} if staff else {expected[0].lower(), expected[-1].lower()}
        if not wanted <= {word.lower() for word in name_words}:
            return Outcome(
                False, "name_mismatch", {"quote": quote(signed), "student_name": ctx.student_name}
            )
    return Outcome(True, "pass", {"quote": quote(f"{closing}, {signed}")})


def starts_with_any(lowered: str, phrases: tuple[str, ...]) -> str | None:
    """The longest phrase the text starts with as whole words, if any."""
    for phrase in sorted(phrases, key=len, reverse=True):
        if re.match(re.escape(phrase) + r"(?![\w'])", lowered):
            return phrase
    return None


@dataclass(frozen=True)
class Check:
    """One criterion's check and whether it is required for "ready"."""

    run: Callable[[Context], Outcome]
    required: bool = True


CHECKS: dict[str, Check] = {
    "subject": Check(check_subject),
    "greeting": Check(check_greeting),
    "introduction": Check(check_introduction),
    "connection": Check(check_connection),
    "ask": Check(check_the_ask),
    "time_respect": Check(check_time_respect, required=False),
    "thanks": Check(check_thanks),
    "signoff": Check(check_signoff),
    "length": Check(check_length),
    "mechanics": Check(check_mechanics),
}
