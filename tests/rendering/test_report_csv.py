"""The alteration report as CSV and as a pandas DataFrame."""

from __future__ import annotations

import csv
import io

import pytest

from alteration_helpers import table
from witnesscollate import alterations
from witnesscollate.model import AlterationReport
from witnesscollate.rendering.report_csv import COLUMNS


def report() -> AlterationReport:
    c = table({"A": "|x|a, b|c|", "B": "|x|?|d|", "C": '|x|a,"b|d|'})
    return alterations(c, ["A", "B", "C"])


def test_csv_round_trips_through_the_csv_module() -> None:
    rows = list(csv.DictReader(io.StringIO(report().to_csv())))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2
    by_before = {r["before"]: r for r in rows}
    assert by_before["c"]["after"] == "d"
    assert by_before["c"]["kept_in"] == "C"
    assert by_before["c"]["signalled"] == "false"
    assert by_before["a, b"]["after"] == 'a,"b'
    assert by_before["a, b"]["skipped"] == "B"


def test_dataframe_has_the_same_columns_and_keeps_lists() -> None:
    pytest.importorskip("pandas")
    df = report().to_dataframe()
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 2
    assert df.loc[df["before"] == "c", "kept_in"].iloc[0] == ["C"]
    assert df["signalled"].dtype == bool
