"""Hand-built maps for the insights tests: options, people and PNG reading."""

from __future__ import annotations

import random
import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.lessons import Option
from bot.vocab.records import AskRecord, PersonRecord

DOMAINS = (
    Option("family", "Family"),
    Option("peers", "Friends and peers"),
    Option("school", "School staff"),
    Option("activities", "Activities and coaches"),
    Option("community", "Community and faith"),
    Option("work", "Work and employers"),
    Option("online", "Online"),
)
SUPPORTS = (
    Option("emotional", "Emotional support"),
    Option("advice", "Advice and information"),
    Option("feedback", "Feedback on how I'm doing"),
    Option("practical", "Practical help"),
    Option("career", "Career and opportunity"),
)
CLOSENESS = (
    Option("close", "Close"),
    Option("between", "In between"),
    Option("distant", "Distant"),
)
OPTIONS = {"domains": DOMAINS, "supports": SUPPORTS, "closeness": CLOSENESS}
START = datetime(2025, 9, 1, 16, 0, tzinfo=UTC)  # a Monday


def day(n: int, hour: int = 16) -> datetime:
    """`n` days after Monday 1 September 2025, at `hour` UTC."""
    return (START + timedelta(days=n)).replace(hour=hour)


def person(
    name: str,
    domain: str,
    supports: tuple[str, ...] = (),
    closeness: str = "between",
    added: int = 0,
    pid: str | None = None,
) -> PersonRecord:
    return PersonRecord(
        id=pid or f"{name}-{domain}-{added}",
        name=name,
        domain=domain,
        supports=supports,
        closeness=closeness,
        added_at=day(added),
    )


def ask(status: str, n: int = 0) -> AskRecord:
    when = day(30).date()
    return AskRecord(
        id=f"ask-{status}-{n}",
        helper="Ms. Rivera",
        goal="a summer job",
        what="Could you look over my resume before Friday?",
        by_date=when,
        how="email",
        follow_up_on=when,
        status=status,
    )


FIRST_NAMES = [
    "Mom",
    "Dad",
    "Grandma Rosa",
    "Tío Beto",
    "Aunt Mei",
    "Uncle Ray",
    "Jayden",
    "Aaliyah",
    "Priya",
    "Sam",
    "Lena",
    "Omar",
    "José",
    "Zoë",
    "Kai",
    "Ana Lucía",
    "DJ",
    "Mateo",
    "Fatima",
    "Chloé",
    "Noah",
    "Liam",
    "Olivia",
    "Ethan",
    "Mia",
    "Lucas",
    "Ava",
    "Amara",
    "Yusuf",
    "Hana",
    "Ravi",
    "Ines",
    "Tomás",
    "Elif",
    "Kofi",
    "Sofía",
    "Bea",
    "Nia",
    "Leo",
    "Ivy",
    "Ezra",
    "Rhea",
    "Cole",
    "Dana",
    "Finn",
    "Gia",
    "Hugo",
    "Iris",
    "Jude",
    "Kira",
    "Luca",
    "Ms. Park",
    "Mr. Okafor",
    "Pastor John",
    "Coach Dee",
    "Nguyễn Văn An",
    "Ms. Rivera",
    "Bartholomew",
    "Grandpa Joe",
    "Cousin Lu",
]


def crowded_map(count: int = 60, seed: int = 7) -> list[PersonRecord]:
    """A realistic big map: more family and friends than anything else, all closeness
    levels, one to three supports each, added over two months."""
    rng = random.Random(seed)
    weights = [12, 14, 8, 8, 6, 6, 6]
    people = []
    for i in range(count):
        people.append(
            person(
                FIRST_NAMES[i % len(FIRST_NAMES)] + ("" if i < len(FIRST_NAMES) else f" {i}"),
                rng.choices([d.value for d in DOMAINS], weights)[0],
                tuple(rng.sample([s.value for s in SUPPORTS], rng.randint(1, 3))),
                rng.choice([c.value for c in CLOSENESS]),
                added=rng.randint(0, 60),
                pid=f"p{i}",
            )
        )
    return people


# --- reading a PNG back ------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the IHDR chunk, checking the signature and the chunk's CRC."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert zlib.crc32(kind + body) == crc, "IHDR CRC mismatch"
    width, height = struct.unpack(">II", body[:8])
    return width, height


def ink_share(path: Path) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not the white background)."""
    from PIL import Image

    with Image.open(path) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    total = sum(n for n, _ in colours)
    white = sum(n for n, c in colours if min(c) >= 250)
    return len(colours), (total - white) / total


def pixels_near(path: Path, colour: str, tolerance: int = 12) -> int:
    """How many pixels are within `tolerance` (per channel) of `colour` ("#rrggbb")."""
    from PIL import Image

    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    return sum(
        n
        for n, c in colours
        if all(abs(a - b) <= tolerance for a, b in zip(c, target, strict=True))
    )
