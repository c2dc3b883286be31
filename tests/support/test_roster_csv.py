"""Class lists as they arrive: Excel's BOM and semicolons, blank lines, duplicates,
rows with nothing to reach the student by — each reported with its line number."""

from __future__ import annotations

import pytest

from bot.support.roster_csv import RosterError, RosterRow, parse


def test_a_european_excel_file_with_a_bom_and_semicolons() -> None:
    data = (
        "\ufeffName;Slack email;Telegram username\r\n"
        "Zoë Martín;zoe@school.org;\r\n"
        "\r\n"
        ";;\r\n"
        "Ana;ANA@School.org;@ana_reads\r\n"
    ).encode()
    roster = parse(data)
    assert roster.rows == [
        RosterRow(2, "Zoë Martín", email="zoe@school.org"),
        RosterRow(5, "Ana", email="ana@school.org", telegram="ana_reads"),
    ]
    assert roster.bad == [] and roster.duplicates == []


def test_older_excel_csv_in_windows_1252_reads_accents() -> None:
    roster = parse("name,slack user id\nJosé,U012AB3CD\n".encode("cp1252"))
    assert roster.rows == [RosterRow(2, "José", slack_user="U012AB3CD")]


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    roster = parse("name\tslack email\nAna\tana@school.org\n".encode("utf-16"))
    assert roster.rows == [RosterRow(2, "Ana", email="ana@school.org")]


def test_bad_and_duplicate_rows_are_reported_by_line() -> None:
    data = (
        b"Student Name,Email,Slack User ID,Telegram\n"
        b"Ana,ana@school.org,,\n"
        b",ben@school.org,,\n"  # no name
        b"Cy,not-an-email,,\n"
        b"Di,,,\n"  # nothing to reach her by
        b"Ed,,x1,\n"  # not a Slack id
        b"Fa,,,@a\n"  # too short for Telegram
        b"Ana again,ANA@school.org,,\n"  # the same email
        b'"Gil, Jr.",gil@school.org,,\n'  # a quoted comma stays in the name
    )
    roster = parse(data)
    assert [r.line for r in roster.rows] == [2, 9]
    assert roster.rows[1].name == "Gil, Jr."
    assert roster.bad == [
        (3, "no name"),
        (4, "not an email address"),
        (5, "no Slack email, Slack user id or Telegram username"),
        (6, "not a Slack user id (U… or W…)"),
        (7, "not a Telegram username"),
    ]
    assert roster.duplicates == [(8, 2)]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"first,last\nAna,Lopez\n", "must name the columns"),
        (b"name\nAna\n", "must name the columns"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "save it as 'CSV UTF-8'"),
    ],
)
def test_a_file_that_is_no_roster_says_how_to_fix_it(data: bytes, says: str) -> None:
    with pytest.raises(RosterError, match=says):
        parse(data)
