"""The alteration report as Markdown."""

from __future__ import annotations

from alteration_helpers import table
from witnesscollate import Note, alterations
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
