"""Messages that are not an answer: "idk", a question back, a feeling, "help", "undo".

Every reader asks this first (after its own exact matches), so "idk" never
becomes a person on the map and "what do you mean?" never becomes a goal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.understanding.reading import Reason
from bot.core.understanding.text import fold, plain, squash

# Words around an answer that carry no meaning of their own: "idk lol", "none tbh".
FILLERS = frozenset(
    [
        "lol",
        "lmao",
        "haha",
        "hahaha",
        "tbh",
        "honestly",
        "really",
        "rn",
        "yet",
        "just",
        "like",
        "um",
        "umm",
        "uh",
        "uhh",
        "hmm",
        "well",
        "so",
        "ok",
        "okay",
        "bro",
        "fr",
        "ngl",
        "srsly",
        "seriously",
        "man",
        "dude",
        "then",
        "sorry",
        "pues",
        "este",
        "osea",
        "jaja",
        "jajaja",
        "jajajaja",
        "mmm",
        "wey",
        "guey",
        "perdon",
    ]
)

NON_ANSWERS = frozenset(
    {
        "idk",
        "idc",
        "i dont know",
        "i do not know",
        "dont know",
        "i dunno",
        "dunno",
        "i have no idea",
        "no idea",
        "not sure",
        "im not sure",
        "unsure",
        "none",
        "none of them",
        "none of those",
        "nobody",
        "no one",
        "noone",
        "no body",
        "n a",
        "na",
        "nah",
        "no",
        "nope",
        "nothing",
        "nothing really",
        "nada",
        "nadie",
        "ninguno",
        "ninguna",
        "no se",
        "no lo se",
        "ni idea",
        "no tengo idea",
        "no tengo ni idea",
        "no estoy seguro",
        "no estoy segura",
        "no se me ocurre",
        "no se me ocurre nadie",
        "no tengo a nadie",
        "no conozco a nadie",
        "quien sabe",
        "la verdad no se",
        "nadita",
        "nada realmente",
        "ninguna persona",
        "no hay nadie",
        "ahorita nadie",
        "nadie todavia",
        "todavia nadie",
        "no se la verdad",
        "ni modo",
        "not really",
        "not",
        "not rly",
        "no one comes to mind",
        "nobody comes to mind",
        "cant think of anyone",
        "cant think of anybody",
        "cant think of any",
        "i cant think of anyone",
        "i cant think of anybody",
        "i cant think of any",
        "can not think of anyone",
        "idk anyone",
        "i dont have one",
        "i dont have any",
        "i dont have anyone",
        "i dont have anybody",
        "dont have one",
        "dont have any",
        "dont have anyone",
        "i have no one",
        "whatever",
        "whenever",
        "soon",
        "sometime",
        "hm",
        "hmm",
        # "that's it" at "Anyone else?": a student closing a list, never a person's name
        "thats it",
        "that is it",
        "thats all",
        "that is all",
        "thats about it",
        "thats all i got",
        "thats everyone",
        "thats everybody",
        "im done",
        "all done",
        "no more",
        "eso es todo",
        "es todo",
        "ya es todo",
        "ya no",
        "eh",
        "no clue",
        "pass",
    }
)

# Prefixes that turn a whole message into a question back (with or without "?").
QUESTION_WORDS = frozenset(
    [
        "what",
        "whats",
        "wat",
        "wut",
        "who",
        "whos",
        "whom",
        "why",
        "how",
        "hows",
        "when",
        "where",
        "which",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "is",
        "are",
        "am",
        "huh",
        "wdym",
        "que",
        "qué",
        "como",
        "cómo",
        "porque",
        "por",
        "quien",
        "quién",
        "cual",
        "cuál",
    ]
)
_QUESTION_PHRASES = ("like who", "like what", "such as", "for example", "what if", "u mean")

HELP = frozenset(
    {
        "help",
        "help me",
        "help pls",
        "help please",
        "i need help",
        "what are my options",
        "what are the options",
        "options",
        "what do i do",
        "what do i say",
        "what should i say",
        "ayuda",
        "ayudame",
        "no entiendo",
        "no le entiendo",
        "que hago",
        "que digo",
        "que debo decir",
        "estoy confundido",
        "estoy confundida",
        "cuales son las opciones",
        "opciones",
        "i dont get it",
        "i dont understand",
        "im confused",
        "confused",
    }
)
UNDO = frozenset(
    {
        "undo",
        "go back",
        "wait go back",
        "back",
        "oops",
        "oops wrong one",
        "wrong one",
        "my bad",
        "wait no",
        "i meant",
        "no i meant",
        "change that",
        "change my answer",
        "regresa",
        "volver",
        "espera no",
        "me equivoque",
        "quise decir",
        "no quise decir eso",
        "atras",
        "cambiar eso",
    }
)
CANCEL = frozenset(
    {
        "cancel",
        "never mind",
        "nevermind",
        "nvm",
        "nm",
        "forget it",
        "forget about it",
        "stop this one",
        "quit",
        "exit",
        "leave it",
        "cancelar",
        "olvidalo",
        "dejalo",
        "salir",
        "no importa",
    }
)
_FEELING = re.compile(
    r"\b(i feel|i felt|feel (so |kinda |really )?(dumb|stupid|bad|weird|awkward|lost|alone|sad)"
    r"|i'?m (so |kinda |really |a bit |too )?"
    r"(nervous|scared|shy|anxious|sad|embarrassed|afraid|lonely|awkward)"
    r"|(i )?(got|get|getting) (so |kinda |really |a bit )?(nervous|scared|anxious|shy)"
    r"|^(nervous|scared|anxious|shy|stressed)$"
    r"|makes me (sad|nervous|anxious|feel)|awkward|embarrass|lonely|scared to|afraid to"
    r"|(dont|do not) (really )?have (any )?friends|have no friends|ugh"
    r"|me (da|dan|siento|pone) (mucha |muy |un poco |algo )?"
    r"(pena|miedo|verguenza|nervios|mal|tonto|tonta|solo|sola|raro|rara|nervioso|nerviosa)"
    r"|tengo miedo|estoy (muy |un poco )?(nervioso|nerviosa|triste|sola|solo|asustado|asustada)"
    r"|no tengo amigos|que pena)\b"
)


def strip_fillers(words: list[str]) -> list[str]:
    """Drop filler words at either end: "idk lol" -> ["idk"], "honestly nothing" -> ["nothing"]."""
    start, end = 0, len(words)
    while start < end and words[start] in FILLERS:
        start += 1
    while end > start and words[end - 1] in FILLERS:
        end -= 1
    return words[start:end]


def core(text: str) -> str:
    """The words of `text` without punctuation or fillers."""
    return " ".join(strip_fillers(plain(text).split()))


# After "idk ..." or "nobody ...", words that add nothing: "idk anyone", "nobody really".
_EMPTY_TAIL = frozenset(
    {"anyone", "anybody", "someone", "any", "one", "who", "what", "yet", "either", "tho"}
    | {"though", "atm", "now", "right", "here", "rn", "for", "this", "that", "of", "them"}
    | {"really", "sorry", "lol", "tbh", "honestly", "man", "bro", "fr", "ngl", "else"}
    | {"mas", "ya", "ahorita", "ahora", "aun", "todavia", "la", "verdad", "alguien", "aqui"}
)
_HEDGES = (
    "idk",
    "i dont know",
    "i dont really know",
    "dont really know",
    "dunno",
    "i dunno",
    "no idea",
    "not sure",
    "nobody",
    "no one",
    "nadie",  # "nadie más", "nadie ahorita"
    "no se",
    "ni idea",
)


# Said before a non-answer, they leave it one: "nah that's it", "ok idk", "no nadie".
# (Yes/no questions read "nah" as no before this is asked: bot/core/understanding/choice.py.)
_LEADS = frozenset({"nah", "naw", "nope", "no", "ok", "okay", "k", "yeah", "ya", "yea", "um"})
# ... and after a no, these too ("nah I'm good"); alone, "I'm good" may answer "How are you?"
_AFTER_NO = frozenset({"im good", "im ok", "im okay", "im fine", "thanks", "thank you", "im set"})


def is_non_answer(folded_core: str) -> bool:
    if folded_core in NON_ANSWERS or squash(folded_core) in _SQUASHED_NON_ANSWERS:
        return True
    lead, _, rest = folded_core.partition(" ")
    if lead in _LEADS and rest and is_non_answer(rest):
        return True
    if lead in ("nah", "naw", "nope", "no") and rest in _AFTER_NO:
        return True
    if folded_core.startswith(("cant think of", "i cant think of", "can not think of")):
        return True
    for hedge in _HEDGES:  # "idk anyone" is none; "idk maybe my aunt" is an answer
        if folded_core.startswith(hedge + " "):
            tail = folded_core[len(hedge) + 1 :].split()
            return all(w in _EMPTY_TAIL or w in FILLERS for w in tail)
    return False


_SQUASHED_NON_ANSWERS = frozenset(squash(w) for w in NON_ANSWERS)


def is_question(text: str) -> bool:
    """A question back: "?" alone, or a message that opens like a question."""
    stripped = text.strip()
    if stripped and set(stripped) <= {"?", "¿", "!", " "} and "?" in stripped:
        return True
    words = plain(text).split()
    if not words:
        return False
    phrase = " ".join(words)
    if words[0] in QUESTION_WORDS or stripped.startswith("¿"):
        return True
    return phrase.startswith(_QUESTION_PHRASES)


@lru_cache(maxsize=1024)  # asked of every typed answer; "skip", "done", "idk" come often
def non_answer_reason(text: str) -> Reason | None:
    """Why `text` is not an answer at all, or None when it may be one."""

    phrase = core(text)
    if phrase in CANCEL:
        return Reason.CANCEL
    if phrase in UNDO or phrase.startswith(("no i meant", "i meant", "wait i meant")):
        return Reason.UNDO
    if phrase in HELP:
        return Reason.HELP
    if is_question(text):
        return Reason.QUESTION
    if not phrase:  # nothing but fillers ("hmm", "umm ok") or nothing at all
        return Reason.NON_ANSWER if fold(text) else None
    if is_non_answer(phrase):
        return Reason.NON_ANSWER
    if _FEELING.search(fold(text)) or _FEELING.search(phrase):
        return Reason.FEELING
    return None
