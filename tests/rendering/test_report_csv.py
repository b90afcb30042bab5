"""The alteration report as CSV and as a pandas DataFrame."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from hypothesis import given, settings

from alteration_helpers import table
from report_records import reports
from witnesscollate import alterations
from witnesscollate.model import AlterationReport
from witnesscollate.rendering.escaping import csv_cell
from witnesscollate.rendering.report_csv import COLUMNS, report_rows


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


def _reference(value: object) -> str:
    """A cell by the plain rule: none empty, a truth value true/false, a list joined with
    ``;``, and any text a spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return csv_cell(";".join(str(v) for v in value))
    return csv_cell(str(value))


@settings(max_examples=300, deadline=None)
@given(reports())
def test_each_row_is_its_values_cell_by_cell(made: AlterationReport) -> None:
    # the writer builds each row in one go, without report_rows' dict; the reference is
    # report_rows (the DataFrame's) converted value by value, written by the csv module
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[_reference(row[c]) for c in COLUMNS] for row in report_rows(made)])
    assert made.to_csv() == expected.getvalue()


def test_a_list_that_would_run_as_a_formula_is_neutralised() -> None:
    made = report()
    first = made.alterations[0]
    edited = replace(made, alterations=(replace(first, kept_in=("=HYPERLINK(1)", "B")),))
    rows = list(csv.DictReader(io.StringIO(edited.to_csv())))
    assert rows[0]["kept_in"] == "'=HYPERLINK(1);B"


def test_a_record_built_with_other_types_is_written_by_the_plain_rule() -> None:
    # a report built by hand may hold a number where the record declares text
    made = report()
    first = made.alterations[0]
    odd = replace(first, id=7, location=replace(first.location, page=3), kept_in=["=B", "C"])  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(replace(made, alterations=(odd,)).to_csv())))
    assert (rows[0]["id"], rows[0]["page"], rows[0]["kept_in"]) == ("7", "3", "'=B;C")
