"""The alteration report's tallies (``counts``, ``edge_counts``, ``summary``), held to their
plain definitions on generated records, order of keys included (the writers print them in
that order)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from report_records import reports
from witnesscollate.model import AlterationReport


def _items(d: Any) -> Any:
    """A mapping as its items in order, all the way down."""
    return [(k, _items(v)) for k, v in d.items()] if isinstance(d, dict) else d


def _counts(report: AlterationReport) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {
        s: {} for s in report.chain if report.stemma.exemplars.get(s)
    }
    for a in report:
        row = table.setdefault(a.introduced_in, {})
        row[a.type.value] = row.get(a.type.value, 0) + 1
    return table


def _edge_counts(report: AlterationReport) -> dict[tuple[str, str], int]:
    table = {e: 0 for e in report.stemma.edges}
    for a in report:
        for e in a.edges:
            table[e] = table.get(e, 0) + 1
    return table


def _summary(report: AlterationReport) -> dict[str, dict[str, int]]:
    keys = ("alterations", "signalled", "silent", "uncertain", "unattested")
    table = {s: dict.fromkeys(keys, 0) for s in report.chain if report.stemma.exemplars.get(s)}
    for a in report:
        row = table.setdefault(a.introduced_in, dict.fromkeys(keys, 0))
        row["alterations"] += 1
        row["signalled" if a.signalled else "silent"] += 1
        row["uncertain"] += a.uncertain
        row["unattested"] += not a.attested
    return table


@settings(max_examples=300, deadline=None)
@given(reports())
def test_the_tallies_are_their_definitions(made: AlterationReport) -> None:
    assert _items(made.counts()) == _items(_counts(made))
    assert _items(made.edge_counts()) == _items(_edge_counts(made))
    assert _items(made.summary()) == _items(_summary(made))
