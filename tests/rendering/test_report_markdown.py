"""The alteration report as Markdown."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings

from alteration_helpers import table
from report_records import reports
from witnesscollate import Note, alterations
from witnesscollate.model import AlterationReport
from witnesscollate.rendering.report_markdown import _md

NOTE = Note(text="Видимо, описка", type="editorial")


def test_summary_and_rows() -> None:
    c = table(
        {"H": "|для|всех|«|судей|»|", "T": "|для|всех||судеб||", "PSS": "|для|всех||судеб^n||"},
        notes={"n": NOTE},
    )
    md = alterations(c, ["H", "T", "PSS"]).to_markdown()
    assert md.startswith("# Alterations along H → T → PSS")
    assert "| T | 1 | 0 | 1 | 0 | 0 | 1 |" in md  # T: one silent lexical alteration, certain
    assert "| PSS | 0 | 0 | 0 | 0 | 0 | 0 |" in md
    row = next(line for line in md.splitlines() if line.startswith("| A001"))
    assert "« судей »" in row
    assert "судеб" in row
    assert "lexical" in row
    assert "**silent**" in row
    assert "| PSS |" in row  # kept in the PSS


def test_pipes_are_escaped_and_empty_readings_are_om() -> None:
    c = table({"A": "|x|a|b|", "B": "|x||b|", "C": "|x|a|b|"})
    md = alterations(c, ["A", "B", "C"]).to_markdown()
    row = next(line for line in md.splitlines() if line.startswith("| A001"))
    assert "*om.*" in row
    assert _md("x|y") == "x\\|y"
    assert _md("") == "*om.*"


def test_no_alterations_is_said_in_words() -> None:
    c = table({"A": "|a|", "B": "|a|"})
    assert "No alterations" in alterations(c, ["A", "B"]).to_markdown()


def _cells(line: str) -> int:
    """The cells of a Markdown table row: its pipes that no backslash escapes, less one."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def test_sigla_titles_and_dates_are_escaped_everywhere() -> None:
    # a siglum is any text XML can carry: a pipe would split a table's cell, an asterisk or
    # an underscore open emphasis (the apparatus's Markdown escapes them; the report now too)
    c = table({"A|x": "|the|black|cat|", "B*": "|the|white|cat|", "C_1": "|the|white|dog|"})
    report = alterations(c, ["A|x", "B*", "C_1"])
    report = replace(
        report,
        titles={"A|x": "Draft [1]", "B*": "*Proofs*", "C_1": "C_1"},
        dates={"B*": "1923|4"},
    )
    md = report.to_markdown()
    for raw in ("A|x", "B*", "C_1", "[1]", "*Proofs*", "1923|4"):
        assert raw not in md
    assert "- **A\\|x**: Draft \\[1\\]" in md
    assert "- **B\\***: \\*Proofs\\* (1923\\|4)" in md
    tables = [line for line in md.splitlines() if line.startswith("|")]
    assert len(tables) >= 6
    for header, *rows in _tables(tables):
        assert all(_cells(r) == _cells(header) for r in rows), (header, rows)


def _tables(lines: list[str]) -> list[list[str]]:
    """The table rows grouped by table (a table starts where the row after it is a rule)."""
    found: list[list[str]] = []
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            found.append([line])
        elif not line.startswith("|---"):
            found[-1].append(line)
    return found


@settings(max_examples=300, deadline=None)
@given(reports())
def test_every_row_of_every_table_has_its_headers_cells(made: AlterationReport) -> None:
    lines = [line for line in made.to_markdown().splitlines() if line.startswith("|")]
    for header, *rows in _tables(lines):
        assert all(_cells(r) == _cells(header) for r in rows), (header, rows)
