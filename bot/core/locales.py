"""Which language a student is spoken to in, and the words of every language served.

A locale is a folder of templates (`prompts/<locale>/`, with its `command_menu.yaml`)
plus the catalog in that language's words (`es:` blocks in the lessons and
`options.yaml`). A student's locale is, in order: what they chose with `/language`
(stored on the student), the platform's hint (Telegram's `language_code`, Slack's
user locale), the deployment's default. The hint is stored at consent, so scheduled
messages, which carry no hint, speak the student's language too.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from bot.core.lessons import Catalog
from bot.core.templates import Prompts


@dataclass(frozen=True, slots=True)
class Locale:
    """One language's templates and catalog."""

    code: str
    prompts: Prompts
    catalog: Catalog


def served(prompts_dir: Path) -> list[str]:
    """The locales with templates: every folder of `prompts/` that has a command menu
    (`prompts/llm/` is the email LLM's, not a locale)."""
    return sorted(p.name for p in prompts_dir.iterdir() if (p / "command_menu.yaml").is_file())


def load_locales(prompts_dir: Path, catalog: Catalog, default: str) -> dict[str, Locale]:
    """Every served locale, and the default (even without a command menu); the default
    one uses `catalog` as loaded."""
    out = {}
    for code in {*served(prompts_dir), default}:
        local = catalog if code == default else catalog.in_locale(code)
        out[code] = Locale(code, Prompts(prompts_dir, code), local)
    return out


def language_of(hint: str | None) -> str:
    """A platform's language tag as our locale code: "es-MX", "es_419", "ES" -> "es"."""
    if not hint:
        return ""
    return hint.strip().replace("_", "-").split("-", 1)[0].casefold()


def pick(stored: str | None, hint: str | None, served: Container[str], default: str) -> str:
    """The student's stored choice, else the platform's hint, else the default; a
    locale that is not served is passed over."""
    for candidate in (stored or "", language_of(hint)):
        if candidate and candidate in served:
            return candidate
    return default


# Locales whose students write the day first: "15/12" is the 15th of December.
_DAY_FIRST = frozenset({"es"})


def day_first(locale: str) -> bool:
    return locale in _DAY_FIRST
