"""A class list as a coordinator exports it: a CSV with a header row, read forgivingly.

Columns (any order, names matched without regard to case, spaces or punctuation):
`name` (required), then any of `slack email`, `slack user id`, `telegram username`;
a row needs a name and at least one of them. UTF-8 with or without a byte-order mark
(Excel's "CSV UTF-8"), UTF-16 (its "Unicode Text"), or Excel's older Windows-1252
"CSV"; commas, or the semicolons
Excel writes where the decimal separator is a comma, or tabs. Blank lines are skipped,
a row that repeats an earlier one's contact is reported as a duplicate, and a bad row
is reported with its line number and why — nothing is guessed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

NAME, EMAIL, SLACK_ID, TELEGRAM = "name", "email", "slack_user_id", "telegram"
HEADERS = {
    NAME: {"name", "studentname", "student", "fullname", "nombre"},
    EMAIL: {"slackemail", "email", "emailaddress", "mail", "correo"},
    SLACK_ID: {"slackuserid", "slackid", "slackuser", "slackmemberid", "memberid"},
    TELEGRAM: {"telegramusername", "telegram", "telegramuser", "telegramhandle"},
}
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SLACK_ID_SHAPE = re.compile(r"^[UW][A-Z0-9]{2,20}$")
TELEGRAM_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
MAX_NAME = 80


class RosterError(ValueError):
    """The file cannot be read as a roster at all (the message says how to fix it)."""


@dataclass(frozen=True, slots=True)
class RosterRow:
    line: int
    name: str
    email: str = ""
    slack_user: str = ""
    telegram: str = ""

    def contact(self) -> tuple[str, str]:
        """What identifies the person, most direct first (for duplicates)."""
        if self.slack_user:
            return SLACK_ID, self.slack_user
        if self.email:
            return EMAIL, self.email
        return TELEGRAM, self.telegram


@dataclass(slots=True)
class Roster:
    rows: list[RosterRow] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line, first line)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped), UTF-16 with its BOM (Excel's "Unicode Text"), else
    Windows-1252 as older Excel writes; a binary file (a workbook) is refused."""
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None or "\x00" in text:
        raise RosterError("This is not a CSV file: in Excel, save it as 'CSV UTF-8'.")
    return text


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.casefold())


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for column, names in HEADERS.items():
            if _key(cell) in names and column not in found:
                found[column] = index
    if NAME not in found or len(found) < 2:
        raise RosterError(
            "The first row must name the columns: 'name' and at least one of "
            "'slack email', 'slack user id', 'telegram username'."
        )
    return found


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse(data: bytes) -> Roster:
    """Every row of the file: good ones, bad ones with why, duplicates of earlier ones."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    roster = Roster()
    seen: dict[tuple[str, str], int] = {}
    columns: dict[str, int] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            columns = _columns(cells)
            continue
        row, why = _row(line, cells, columns)
        if row is None:
            roster.bad.append((line, why))
        elif row.contact() in seen:
            roster.duplicates.append((line, seen[row.contact()]))
        else:
            seen[row.contact()] = line
            roster.rows.append(row)
    if columns is None:
        raise RosterError("The file is empty: it needs a header row and one row a student.")
    return roster


def _cell(cells: list[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""


def _row(line: int, cells: list[str], columns: dict[str, int]) -> tuple[RosterRow | None, str]:
    name = _cell(cells, columns, NAME)
    email = _cell(cells, columns, EMAIL).casefold()
    slack_user = _cell(cells, columns, SLACK_ID).upper()
    telegram = _cell(cells, columns, TELEGRAM).removeprefix("@")
    if not name:
        return None, "no name"
    if len(name) > MAX_NAME:
        return None, f"a name longer than {MAX_NAME} characters"
    if not (email or slack_user or telegram):
        return None, "no Slack email, Slack user id or Telegram username"
    if email and not EMAIL_SHAPE.match(email):
        return None, "not an email address"
    if slack_user and not SLACK_ID_SHAPE.match(slack_user):
        return None, "not a Slack user id (U… or W…)"
    if telegram and not TELEGRAM_SHAPE.match(telegram):
        return None, "not a Telegram username"
    return RosterRow(line, name, email, slack_user, telegram), ""
