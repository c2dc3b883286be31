"""A place a student names ("Los Angeles", "Nueva York", "CDMX", "America/Chicago") as
an IANA time zone. Pure; the zone database is the system's (or tzdata's)."""

from __future__ import annotations

import unicodedata
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

# Places students name that are not the last part of a zone's name, in either language.
_PLACES = {
    "nueva york": "America/New_York",
    "nyc": "America/New_York",
    "ny": "America/New_York",
    "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "california": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "texas": "America/Chicago",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "san antonio": "America/Chicago",
    "miami": "America/New_York",
    "florida": "America/New_York",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "atlanta": "America/New_York",
    "arizona": "America/Phoenix",
    "colorado": "America/Denver",
    "hawaii": "Pacific/Honolulu",
    "alaska": "America/Anchorage",
    "puerto rico": "America/Puerto_Rico",
    "ciudad de mexico": "America/Mexico_City",
    "cdmx": "America/Mexico_City",
    "mexico": "America/Mexico_City",
    "guadalajara": "America/Mexico_City",
    "tijuana": "America/Tijuana",
    "bogota": "America/Bogota",
    "colombia": "America/Bogota",
    "lima": "America/Lima",
    "peru": "America/Lima",
    "guatemala": "America/Guatemala",
    "el salvador": "America/El_Salvador",
    "san salvador": "America/El_Salvador",
    "honduras": "America/Tegucigalpa",
    "santo domingo": "America/Santo_Domingo",
    "republica dominicana": "America/Santo_Domingo",
    "madrid": "Europe/Madrid",
    "espana": "Europe/Madrid",
    "spain": "Europe/Madrid",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "hora del este": "America/New_York",
    "hora del centro": "America/Chicago",
    "hora del pacifico": "America/Los_Angeles",
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("_", " ").replace(".", " ").split())


@cache
def _by_name() -> dict[str, str]:
    """Every zone by its full name and by its city ("los angeles", "america/los angeles")."""
    out: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            continue
        out.setdefault(_fold(zone), zone)
        out.setdefault(_fold(zone.rsplit("/", 1)[1]), zone)
    return out


def find_zone(text: str) -> str | None:
    """The IANA zone a student meant, or None. "UTC" is a zone too."""
    folded = _fold(text).strip(" ?!")
    if not folded or len(folded) > 60:
        return None
    if folded == "utc":
        return "UTC"
    zone = _PLACES.get(folded) or _by_name().get(folded)
    if zone is None:
        return None
    ZoneInfo(zone)  # present in this system's database
    return zone
